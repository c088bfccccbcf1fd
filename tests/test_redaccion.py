"""Redacción extractiva sobre pasajes escritos aquí (sin índice): qué oraciones se citan."""
from __future__ import annotations

from conftest import RAIZ

from asistente.corpus.catalogo import Catalogo
from asistente.modelos import Fragmento
from asistente.parametros import PREDETERMINADOS
from asistente.respuesta.recuperacion import Resultado
from asistente.respuesta.redaccion import redactar

# Un artículo largo (no se cita entero) cuya respuesta a «¿cada cuánto?» no lleva dígitos.
ARTICULO = (
    "Artículo 7. Consejo de política social. En todos los municipios funcionará un consejo de política social "
    "integrado por el alcalde, los secretarios de despacho y los representantes de la sociedad civil que señale el reglamento. "
    "El consejo de política social coordinará la formulación, la implementación y el seguimiento de las políticas sociales del municipio "
    "con las entidades nacionales, departamentales y las organizaciones comunitarias que actúan en su territorio. "
    "La secretaría técnica del consejo de política social la ejercerá la dependencia que designe el alcalde mediante decreto. "
    "Se reunirá como mínimo cuatro veces al año, previa convocatoria de su presidente. "
    "Los miembros del consejo de política social no recibirán honorarios por asistir a sus sesiones ni a las reuniones de sus comités."
)


def _resultado(texto: str) -> Resultado:
    fragmento = Fragmento(
        id="LEY-1-2000:7:1", texto=texto, doc_id="LEY-1-2000", titulo="Ley 1 de 2000", tipo="norma",
        fuente="prueba", articulo="7", encabezado="Artículo 7. Consejo de política social.",
    )
    return Resultado(fragmento, puntaje=1.0, similitud=0.9)


def _responder(pregunta: str) -> str:
    catalogo = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml")
    cuerpo, citas = redactar(pregunta, [_resultado(ARTICULO)], catalogo, PREDETERMINADOS)
    assert len(ARTICULO) > 650 and citas[0].oraciones
    return cuerpo


def test_cada_cuanto_cita_la_periodicidad_escrita_en_letras():
    cuerpo = _responder("¿Cada cuánto debe sesionar el consejo de política social?")
    assert "como mínimo cuatro veces al año" in cuerpo


def test_con_que_frecuencia_cita_la_periodicidad():
    cuerpo = _responder("¿Con qué frecuencia tiene que sesionar el consejo de política social?")
    assert "como mínimo cuatro veces al año" in cuerpo


def test_el_nombre_largo_de_una_sigla_cuenta_como_un_solo_termino():
    catalogo = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml")
    nombre = "la Dirección de Seguimiento y Evaluación a la Gestión y Políticas Públicas (DSEGPP)"
    texto = " ".join([
        f"La asesoría de {nombre} llegó a los municipios del Urabá en 2024.",
        "La asesoría de la DSEGPP se organiza en tres ejes fundamentales.",
        f"Los informes de asesoría de {nombre} se publican en la página de la Gobernación.",
        "Las secretarías de planeación reciben visitas de seguimiento dos veces al año.",
        "Los formatos de reporte se actualizan cada vigencia fiscal según las normas vigentes.",
        "Cada municipio designa un enlace para coordinar el acompañamiento técnico con el departamento.",
    ])
    pregunta = "¿En qué ejes se organiza la asesoría de la DSEGPP?"
    expansiones = catalogo.expansiones(pregunta)
    assert expansiones, "el glosario del catálogo debe expandir DSEGPP"
    _, citas = redactar(pregunta, [_resultado(texto)], catalogo, PREDETERMINADOS, expansiones=expansiones)
    # La mejor puntuada va primero: la que responde, no la que repite el nombre largo.
    assert "tres ejes fundamentales" in citas[0].oraciones[0]


def test_el_termino_definido_va_con_su_definicion_y_se_prefiere():
    from asistente.respuesta.oraciones import oraciones, termino_definido

    definiciones = (
        "Para efectos de la presente ley se entenderá como:\n"
        "1. Joven. Toda persona entre 14 y 28 años cumplidos en proceso de consolidación de su autonomía.\n"
        "2. Juventudes. Segmento poblacional construido socioculturalmente por las y los jóvenes del municipio.\n"
        "3. Juvenil. Proceso subjetivo atravesado por la condición y el estilo de vida de los jóvenes.\n"
        "1. Estar en el rango de edad establecido en la presente ley."
    )
    partes = oraciones(definiciones)
    assert "1. Joven. Toda persona entre 14 y 28 años cumplidos en proceso de consolidación de su autonomía." in partes
    assert termino_definido(partes[1]) == "Joven" and termino_definido(partes[-1]) == ""
    relleno = " ".join(
        f"Parágrafo {n}. Se considera que el joven cumple la edad del consejo número {n} con su registro civil."
        for n in range(1, 5)
    )
    catalogo = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml")
    _, citas = redactar("¿Qué edad hay que tener para que la ley lo considere a uno joven?", [_resultado(definiciones + "\n" + relleno)], catalogo, PREDETERMINADOS)
    assert "entre 14 y 28 años" in citas[0].oraciones[0]


def test_las_marcas_de_numeral_y_de_articulo_reescrito_van_con_su_oracion():
    """«3.1.», «PARAGRAFO.» o «Artículo 14.» no son oraciones: citadas solas no dicen nada
    (el Decreto 28 de 2008 y la Ley 715 numeran «3.1. Monitoreo. Comprende…»)."""
    from asistente.respuesta.oraciones import oraciones

    texto = (
        "Las actividades de monitoreo, seguimiento y control integral son las siguientes:\n"
        "3.1. Monitoreo. Comprende la recopilación sistemática de información.\n"
        "16.1.1. Garantizar la prestación del servicio educativo.\n"
        "PARAGRAFO. En ningún caso podrá el auditor participar en los procedimientos.\n"
        "Parágrafo3. Los municipios podrán asociarse.\n"
        "Modifíquese el artículo 14 de la Ley 87 de 1993, que quedará así:\n"
        "Artículo 14. Reportes del responsable de control interno. El jefe de la oficina será designado por el alcalde. "
        "Este servidor deberá reportar los posibles actos de corrupción.\n"
        '"Artículo 4º. Toda persona víctima de violencia podrá pedir una medida de protección.'
    )
    partes = oraciones(texto)
    assert "3.1. Monitoreo. Comprende la recopilación sistemática de información." in partes
    assert "16.1.1. Garantizar la prestación del servicio educativo." in partes
    assert "PARAGRAFO. En ningún caso podrá el auditor participar en los procedimientos." in partes
    assert "Parágrafo3. Los municipios podrán asociarse." in partes
    assert ("Artículo 14. Reportes del responsable de control interno. El jefe de la oficina será designado por el alcalde."
            in partes)
    assert "Este servidor deberá reportar los posibles actos de corrupción." in partes
    assert '"Artículo 4º. Toda persona víctima de violencia podrá pedir una medida de protección.' in partes
    assert len(partes) == 9


def test_la_tabla_anunciada_aporta_su_encabezado_y_la_fila_preguntada():
    tabla = (
        "Artículo 7. Límites.\n"
        "Los gastos de las contralorías de los departamentos no podrán superar los siguientes límites:\n"
        "| | | | |\n| --- | --- | --- |\n"
        "| Categoría | Límite de gastos | |\n| Especial | 1.2% | |\n| Primera | 2.0% | |\n| Segunda | 2.5% | |\n| Tercera y cuarta | 3.0% | |\n"
    )
    relleno = " ".join(
        f"Las contralorías de tercera categoría enviarán en {mes} su informe a la secretaría de hacienda y al concejo."
        for mes in ("enero", "marzo", "mayo", "julio", "septiembre")
    )
    catalogo = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml")
    pregunta = "¿Hasta cuánto pueden gastar las contralorías de los departamentos de tercera categoría?"
    cuerpo, citas = redactar(pregunta, [_resultado(tabla + relleno)], catalogo, PREDETERMINADOS)
    oraciones_citadas = citas[0].oraciones
    assert "| Categoría | Límite de gastos |" in oraciones_citadas and "| Tercera y cuarta | 3.0% |" in oraciones_citadas
    assert "| Especial | 1.2% |" not in oraciones_citadas  # otra fila no responde
    assert "---" not in cuerpo and "| |" not in cuerpo  # separadores y celdas vacías no se citan


def test_la_fila_que_responde_cuanto_se_cita_con_lo_que_anuncia_la_tabla():
    texto = "\n".join([
        "Artículo 10. Valor máximo de los gastos de las personerías.",
        "Durante cada vigencia fiscal, los gastos de las personerías de los municipios de todas las categorías se financiarán con ingresos corrientes.",
        "Los gastos de las personerías no podrán superar los siguientes límites:",
        "PERSONERÍAS",
        "Aportes máximos en la vigencia en salarios mínimos legales mensuales",
        "Cuarta 330 SMML",
        "Quinta 240 SMML",
        "Sexta 200 SMML",
        "Parágrafo 1°. El aumento en los topes de las personerías de quinta y sexta categoría se hará de manera progresiva hasta completar los 50 SMML.",
        "Parágrafo 2°. Las personerías de sexta categoría reportarán sus gastos a la contraloría departamental en los 10 días siguientes a cada trimestre.",
        "Parágrafo 3°. Los gastos de las personerías de sexta categoría se incluirán en el presupuesto municipal de cada vigencia fiscal.",
    ])
    catalogo = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml")
    _, citas = redactar("¿Cuánto es el tope de gastos de la personería en un municipio de sexta categoría?", [_resultado(texto)], catalogo, PREDETERMINADOS)
    oraciones_citadas = citas[0].oraciones
    assert "Sexta 200 SMML" in oraciones_citadas
    assert "Los gastos de las personerías no podrán superar los siguientes límites:" in oraciones_citadas
    assert "Cuarta 330 SMML" not in oraciones_citadas


def test_el_recorte_conserva_el_comienzo_y_la_clausula_que_responde_sin_cambiar_palabras():
    from asistente.respuesta.redaccion import recortar_cita

    oracion = (
        "Incurren en falta disciplinaria gravísima los servidores públicos que desvíen, retarden u obstaculicen el uso de los recursos, "
        "para los fines establecidos en la presente ley, en los municipios de todas las categorías, en los distritos y en los departamentos, "
        "así como en las entidades descentralizadas del orden territorial que los administren, "
        "salvo que estén expresamente autorizados por la ley."
    )
    recorte = recortar_cita(oracion, 200, lambda trozo: 3.0 * ("autorizados" in trozo) + 2.0 * ("gravísima" in trozo))
    assert len(recorte) <= 200, recorte
    assert recorte.startswith("Incurren en falta disciplinaria gravísima") and recorte.rstrip(".").endswith("expresamente autorizados por la ley")
    assert " … " in recorte  # lo omitido del medio se marca
    for trozo in filter(None, (t.strip(" …,;") for t in recorte.split("…"))):
        assert trozo in oracion, trozo


def _directa(pregunta: str, texto: str) -> str:
    from asistente.respuesta.analisis import analizar_pregunta
    from asistente.respuesta.consulta import analizar
    from asistente.respuesta.redaccion import componer

    catalogo = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml")
    return componer(analizar_pregunta(analizar(pregunta), catalogo=catalogo), [_resultado(texto)], catalogo, PREDETERMINADOS).directa


def test_un_numeral_suelto_va_con_lo_que_anuncia_su_lista_si_cabe_entero():
    relleno = " ".join(f"Parágrafo {n}. La secretaría general llevará el registro de las novedades de personal del año {n}." for n in range(1, 8))
    lista = "\n".join([
        "Artículo 7. Plantas temporales.",
        "Las entidades podrán crear excepcionalmente en sus plantas empleos temporales.",
        "Se crearán solo en uno de los siguientes casos:",
        "a) Cumplir funciones que no hace el personal de planta;",
        "b) Ejecutar proyectos de duración determinada;",
        "c) Atender una sobrecarga excepcional de trabajo.",
    ])
    directa = _directa("¿Se pueden crear empleos temporales para ejecutar proyectos de duración determinada?", lista + "\n" + relleno)
    assert "Se crearán solo en uno de los siguientes casos:" in directa and "b) Ejecutar proyectos de duración determinada;" in directa
    # Un anuncio que no cabe entero no se recorta para entrar: el numeral va solo (el dato primero).
    largo = lista.replace("Se crearán solo en uno de los siguientes casos:", "Se crearán solo " + "con el concepto previo del comité de personal, " * 6 + "en uno de los siguientes casos:")
    directa = _directa("¿Se pueden crear empleos temporales para ejecutar proyectos de duración determinada?", largo + "\n" + relleno)
    assert "b) Ejecutar proyectos de duración determinada;" in directa and "siguientes casos" not in directa


def _pasaje(doc_id: str, articulo: str, texto: str, puntaje: float) -> Resultado:
    fragmento = Fragmento(
        id=f"{doc_id}:{articulo}:1", texto=texto, doc_id=doc_id, titulo=doc_id, tipo="norma", fuente="prueba",
        articulo=articulo, encabezado=texto.split("\n")[0],
    )
    return Resultado(fragmento, puntaje=puntaje, similitud=0.9)


def _apoyo(cuerpo: str) -> str:
    return cuerpo.split("Lo que dicen las normas:", 1)[1] if "Lo que dicen las normas:" in cuerpo else ""


def test_una_fila_de_tabla_en_el_apoyo_va_con_el_encabezado_de_su_tabla():
    """«| Sexta | $296.314 |» sola no dice de qué es la cifra."""
    catalogo = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml")
    principal = _pasaje("LEY-617-2000", "6", "Artículo 6. Límites.\nLos municipios de sexta categoría no podrán gastar en funcionamiento "
                        "más del ochenta por ciento de sus ingresos corrientes de libre destinación.", 1.0)
    tabla = _pasaje("LEY-136-1994", "66", "Artículo 66. Honorarios.\nEl valor será el señalado en la siguiente tabla:\n| Categoría del municipio | Honorarios por sesión |\n| --- | --- |\n"
                    "| Especial | $721.000 |\n| Primera | $605.000 |\n| Sexta | $296.314 |", 0.95)
    pregunta = "¿Cuánto pueden gastar en funcionamiento los concejos de los municipios de sexta categoría por cada sesión?"
    apoyo = _apoyo(redactar(pregunta, [principal, tabla], catalogo, PREDETERMINADOS)[0])
    assert "| Sexta | $296.314 |" in apoyo
    assert apoyo.index("| Categoría del municipio | Honorarios por sesión |") < apoyo.index("| Sexta | $296.314 |")


def test_el_apoyo_no_cita_numerales_derogados_ni_rotulos_ni_un_anuncio_sin_su_lista():
    catalogo = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml")
    principal = _pasaje("LEY-850-2003", "19", "Artículo 19. Impedimentos.\nEn ningún caso podrán ser veedores los ediles, concejales, "
                        "diputados y congresistas.", 1.0)
    lista = _pasaje("LEY-136-1994", "45", "Artículo 45. Incompatibilidades.\nLos concejales no podrán:\n1. Derogado\n"
                    "2. Ser apoderados ante las entidades públicas del respectivo municipio.\n"
                    "3. Ser miembros de juntas o consejos directivos del respectivo municipio.", 0.95)
    encabezado = _pasaje("ACTO-LEGISLATIVO-5-2011", "", "ACTO LEGISLATIVO 5 DE 2011\nACTO LEGISLATIVO 5 DE 2011\n"
                         "Por el cual se constituye el Sistema General de Regalías.", 0.9)
    pregunta = "¿Un concejal puede ser veedor o apoderado ante las entidades del municipio?"
    apoyo = _apoyo(redactar(pregunta, [principal, lista, encabezado], catalogo, PREDETERMINADOS)[0])
    assert "Los concejales no podrán: … 2. Ser apoderados ante las entidades públicas del respectivo municipio." in apoyo
    assert "Derogado" not in apoyo and "ACTO LEGISLATIVO" not in apoyo

