"""Respuestas citadas sobre el índice real de corpus/ + ../shared/normativa (se construye una vez)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import RAIZ

from asistente.corpus.fragmentacion.normas import clave_articulo

# Una pregunta por cada una de las 21 leyes y dos de la guía: (fuente, artículo o sección, pregunta).
PREGUNTAS = [
    ("LEY-152-1994", "40", "¿En qué plazo debe el alcalde presentar el plan de desarrollo al concejo para que lo apruebe?"),
    ("LEY-152-1994", "34", "¿Quiénes integran los consejos territoriales de planeación?"),
    ("LEY-136-1994", "71", "¿Quién puede presentar proyectos de acuerdo ante el concejo municipal?"),
    ("LEY-87-1993", "2", "¿Cuáles son los objetivos del sistema de control interno?"),
    ("LEY-909-2004", "27", "¿Qué es la carrera administrativa?"),
    ("LEY-1712-2014", "5", "¿A quiénes se les aplica la ley de transparencia y acceso a la información pública?"),
    ("LEY-850-2003", "1", "¿Qué es una veeduría ciudadana?"),
    ("LEY-134-1994", "6", "¿Qué es la revocatoria del mandato?"),
    ("LEY-1098-2006", "3", "¿A quiénes se considera niños, niñas y adolescentes según el código de infancia?"),
    ("LEY-1622-2013", "5", "¿Entre qué edades se considera joven a una persona?"),
    ("LEY-1618-2013", "2", "¿Cómo define la ley a las personas con discapacidad?"),
    ("LEY-1257-2008", "2", "¿Qué se entiende por violencia contra la mujer?"),
    ("LEY-617-2000", "6", "¿Cuál es el límite de gastos de funcionamiento de los municipios según su categoría?"),
    ("LEY-715-2001", "76", "¿En qué sectores pueden invertir los municipios los recursos de propósito general?"),
    ("LEY-819-2003", "5", "¿Qué debe contener el marco fiscal de mediano plazo de las entidades territoriales?"),
    ("LEY-388-1997", "9", "¿Qué tipo de plan de ordenamiento debe adoptar un municipio según su población?"),
    ("LEY-1474-2011", "73", "¿Qué programa de transparencia deben adoptar las entidades públicas cada año?"),
    ("LEY-962-2005", "1", "¿Cuál es el objeto de la ley de racionalización de trámites?"),
    ("LEY-1454-2011", "2", "¿Qué es el ordenamiento territorial según la ley orgánica?"),
    ("LEY-489-1998", "9", "¿Pueden las autoridades administrativas delegar funciones en sus colaboradores?"),
    ("LEY-872-2003", "1", "¿Para qué se crea el sistema de gestión de la calidad en las entidades públicas?"),
    ("LEY-1551-2012", "6", "¿Cuáles son las funciones de los municipios?"),
    ("guia", "Marco conceptual", "Según la guía, ¿qué es una política pública?"),
    ("guia", "Objetivos", "¿Cuáles son los objetivos específicos de la guía de asesoría?"),
]

FUERA_DE_TEMA = [
    "¿Quién ganó el último partido de la Selección Colombia?",
    "Dame una receta de arepas con queso para el desayuno",
    "¿Va a llover mañana en Rionegro?",
    "¿Cómo se adelanta una licitación pública según la Ley 80 de 1993?",
    "¿Qué comportamientos sanciona el Código Nacional de Policía en el espacio público?",
    "¿Cómo se calcula el puntaje del FURAG para una alcaldía?",
    "¿Cuánto se paga de impuesto predial en Envigado por una casa?",
]


def _es(cita: dict, fuente: str, unidad: str) -> bool:
    if fuente == "guia":
        return cita["doc_id"].startswith("guia") and cita["seccion"] == unidad
    return cita["doc_id"] == fuente and clave_articulo(cita["articulo"] or "") == clave_articulo(unidad)


@pytest.mark.parametrize("fuente, unidad, pregunta", PREGUNTAS, ids=[f"{f}:{u}" for f, u, _ in PREGUNTAS])
def test_encuentra_el_articulo_o_la_seccion_en_los_5_primeros(asistente_completo, fuente, unidad, pregunta):
    respuesta = asistente_completo.responder(pregunta)
    assert not respuesta.abstencion, respuesta.respuesta
    citas = [c.a_dict() for c in respuesta.citas[:5]]
    assert any(_es(c, fuente, unidad) for c in citas), [c["etiqueta"] for c in citas]
    assert respuesta.citas_usadas and "[1]" in respuesta.respuesta  # cada oración lleva su cita


def test_respuesta_cita_textualmente_y_conserva_plazos(asistente_completo):
    respuesta = asistente_completo.responder("¿Qué dice el artículo 40 de la Ley 152 de 1994?")
    primera = respuesta.citas[0].a_dict()
    assert _es(primera, "LEY-152-1994", "40")
    assert "cuatro (4) meses" in respuesta.respuesta
    assert "«" in respuesta.cuerpo and "Fuentes:\n[1] Ley 152 de 1994, art. 40 (Plan de Desarrollo Territorial)" in respuesta.respuesta
    for oracion in respuesta.citas[0].oraciones:  # se cita, no se parafrasea
        assert oracion in respuesta.citas[0].texto


@pytest.mark.parametrize(
    "pregunta, doc, articulo, palabra",
    [
        ("¿Qué dice el artículo 41 de la Ley 1474 de 2011?", "LEY-1474-2011", "41", "fue derogado"),
        ("¿El artículo 15 de la Ley 489 de 1998 sigue vigente?", "LEY-489-1998", "15", "fue derogado"),
        ("¿Qué establece el artículo 17 de la Ley 134 de 1994?", "LEY-134-1994", "17", "inexequible"),
    ],
)
def test_articulo_derogado_se_dice_y_se_marca(asistente_completo, pregunta, doc, articulo, palabra):
    respuesta = asistente_completo.responder(pregunta)
    primera = respuesta.citas[0].a_dict()
    assert _es(primera, doc, articulo) and primera["derogado"]
    assert palabra in respuesta.respuesta
    assert "derogado" in primera["etiqueta"] or "inexequible" in primera["etiqueta"]


def test_derogados_no_aparecen_si_no_se_pregunta_por_ellos(asistente_completo):
    for pregunta in ("¿Qué funciones tiene la Comisión Nacional de Moralización?", "¿Qué es el sistema de desarrollo administrativo?", "¿Cómo se atiende al público en las entidades?"):
        respuesta = asistente_completo.responder(pregunta)
        assert not any(c.fragmento.derogado for c in respuesta.citas), pregunta


def test_solo_texto_vigente_y_el_anterior_solo_si_se_pide(asistente_completo):
    respuesta = asistente_completo.responder("¿Cuáles son las categorías de los municipios según su población?")
    assert all(c.fragmento.vigente for c in respuesta.citas)
    assert any(_es(c.a_dict(), "LEY-136-1994", "6") for c in respuesta.citas[:5])

    historico = asistente_completo.responder("¿Qué decía antes el artículo 6 de la Ley 136 de 1994?")
    estados = [c.fragmento.estado for c in historico.citas if c.fragmento.articulo == "6" and c.fragmento.doc_id == "LEY-136-1994"]
    assert estados[0] == "vigente" and "anterior" in estados  # el vigente siempre va primero
    anterior = next(c for c in historico.citas if c.fragmento.estado == "anterior")
    assert "texto anterior" in anterior.etiqueta and anterior.fragmento.vigencia.startswith("Vigente desde")


def test_un_articulo_aparece_una_sola_vez(asistente_completo):
    respuesta = asistente_completo.responder("¿Cuáles son las funciones del concejo municipal?", k=10)
    unidades = [(c.fragmento.doc_id, c.fragmento.articulo or c.fragmento.ruta) for c in respuesta.citas]
    assert len(unidades) == len(set(unidades))


@pytest.mark.parametrize("pregunta", FUERA_DE_TEMA)
def test_fuera_de_tema_se_abstiene(asistente_completo, pregunta):
    respuesta = asistente_completo.responder(pregunta)
    assert respuesta.abstencion, respuesta.respuesta
    assert respuesta.citas == [] and "no" in respuesta.respuesta.lower()


def test_verbos_de_apoyo_no_hacen_dudar_de_una_pregunta_real(asistente_completo):
    from asistente.indexado.lexico import terminos_de_contenido

    pregunta = "¿Quién le tiene que dar el apoyo logístico al CTP para que pueda sesionar?"
    assert set(terminos_de_contenido(pregunta)) == {"apoy", "logist", "ctp", "sesion"}
    respuesta = asistente_completo.responder(pregunta)
    assert not respuesta.abstencion, respuesta.respuesta
    assert any(_es(c.a_dict(), "LEY-152-1994", "35") for c in respuesta.citas[:5])
    assert "apoyo administrativo y logístico" in respuesta.respuesta


def test_norma_no_cargada_se_nombra_en_la_abstencion(asistente_completo):
    respuesta = asistente_completo.responder("¿Qué dice el Decreto 1083 de 2015 sobre las vacaciones?")
    assert respuesta.abstencion and "Decreto 1083 de 2015 no está entre las normas cargadas" in respuesta.respuesta
    inexistente = asistente_completo.responder("¿Qué dice el artículo 500 de la Ley 152 de 1994?")
    assert inexistente.abstencion and "artículo 500" in inexistente.respuesta
    # Por su tema, sin nombrarla: el derecho de petición lo regula una ley que no está cargada
    # (antes se respondía con el restablecimiento de derechos de la Ley 1098).
    peticion = asistente_completo.responder("cuantos dias tengo para responder un derecho de peticion")
    assert peticion.abstencion and "Ley 1755 de 2015" in peticion.respuesta, peticion.respuesta
    # Las dimensiones del MIPG son del Decreto 1499 de 2017 (no cargado), no de la guía ni del 2482.
    dimensiones = asistente_completo.responder("¿Cuáles son las dimensiones del MIPG?")
    assert dimensiones.abstencion and "Decreto 1499 de 2017" in dimensiones.respuesta, dimensiones.respuesta


def test_pregunta_por_la_guia_que_nombra_una_norma_busca_tambien_en_la_guia(asistente_completo):
    # Nombrar la norma limita la búsqueda a ella, salvo que se pregunte por una sección de la guía.
    respuesta = asistente_completo.responder("¿La ley de transparencia está en el marco normativo del módulo de MIPG?")
    assert not respuesta.abstencion, respuesta.respuesta
    assert any(c.fragmento.doc_id == "guia-marco-normativo" and c.fragmento.modulo == "MIPG" for c in respuesta.citas[:5])
    assert "Ley 1712 de 2014" in respuesta.cuerpo


@pytest.mark.parametrize(
    "pregunta, modulo",
    [
        ("¿Qué normas sustentan el módulo de MIPG?", "MIPG"),
        ("¿La ley antitrámites hace parte del marco normativo del módulo de MIPG?", "MIPG"),
    ],
)
def test_la_seccion_de_la_guia_que_se_pregunta_encabeza(asistente_completo, pregunta, modulo):
    # El catálogo dice qué sección de la guía trata de qué («seccion:Marco normativo»): esa sección
    # encabeza, no el marco conceptual del mismo módulo que se le parece.
    primera = asistente_completo.responder(pregunta).citas_usadas[0].fragmento
    assert (primera.doc_id, primera.seccion, primera.modulo) == ("guia-marco-normativo", "Marco normativo", modulo)


def test_una_fuente_del_catalogo_puede_ser_una_seccion_de_la_guia():
    from asistente.corpus.catalogo import Catalogo

    catalogo = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml")
    concepto = catalogo.conceptos["marco_normativo_de_la_guia"]
    assert concepto.abarca("guia-marco-normativo", "", 3, "Marco normativo")
    assert concepto.abarca("guia-marco-normativo", "", None, "MARCO NORMATIVO")  # se compara plegado
    assert not concepto.abarca("guia", "", 3, "Marco conceptual") and not concepto.abarca("LEY-152-1994", "40")
    assert [c.id for c in catalogo.conceptos_en("¿qué normas sustentan el módulo 2?")] == ["marco_normativo_de_la_guia"]


def test_seguimiento_usa_el_contexto_de_la_conversacion(asistente_completo):
    primera = "¿Quién aprueba el plan de desarrollo del municipio?"
    respuesta = asistente_completo.responder("¿y en cuánto tiempo lo tienen que presentar?", historial=[primera])
    assert respuesta.seguimiento and not respuesta.abstencion
    assert any(_es(c.a_dict(), "LEY-152-1994", "40") for c in respuesta.citas[:5])
    numero = asistente_completo.responder("¿y el 41?", historial=["¿Qué dice el artículo 40 de la Ley 152 de 1994?"])
    assert _es(numero.citas[0].a_dict(), "LEY-152-1994", "41")
    mensajes = [{"role": "user", "content": primera}, {"role": "assistant", "content": "…"}]
    assert asistente_completo.responder("¿y quién lo elabora?", historial=mensajes).seguimiento


def test_filtro_por_modulo(asistente_completo):
    respuesta = asistente_completo.responder("¿Qué obligaciones de publicar información tienen las entidades?", modulo="3")
    assert respuesta.citas and all(c.fragmento.modulo == "MIPG" for c in respuesta.citas)
    from asistente.respuesta.consulta import PreguntaInvalida

    with pytest.raises(PreguntaInvalida, match="No conozco el módulo"):
        asistente_completo.responder("¿Qué es el MIPG?", modulo="9")


@pytest.mark.parametrize(
    "pregunta, esperado",
    [
        ("", "vacía"),
        ("   ", "vacía"),
        ("a" * 20_000, "demasiado larga"),
        ("¿?¡!... ,;", "no contiene palabras"),
    ],
)
def test_entradas_invalidas_dan_un_mensaje_claro(asistente_completo, pregunta, esperado):
    respuesta = asistente_completo.responder(pregunta)
    assert respuesta.error and esperado in respuesta.error and respuesta.abstencion


def test_otro_idioma_y_html(asistente_completo):
    ingles = asistente_completo.responder("What are the functions of the municipal council?")
    assert ingles.abstencion and "español" in ingles.respuesta
    html = asistente_completo.responder("<script>alert('x')</script><b>¿Quién aprueba el plan de desarrollo municipal?</b>")
    assert not html.abstencion and "<script>" not in html.respuesta and "alert" not in html.pregunta


def _preguntar(*argumentos: str, entrada: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "asistente", "preguntar", *argumentos], capture_output=True, text=True, cwd=RAIZ, input=entrada, timeout=300)


def test_cli_lote_json_con_el_esquema_acordado(configuracion_completa, tmp_path):
    lote = tmp_path / "preguntas.jsonl"
    lote.write_text(
        "\n".join(
            [
                json.dumps({"id": "p1", "pregunta": "¿Quién aprueba el plan de desarrollo municipal?", "otro": 1}),
                json.dumps({"id": "p2", "pregunta": "¿Quién ganó el mundial de 2022?"}),
                json.dumps({"id": "p3", "pregunta": ""}),
                "esto no es json",
            ]
        ),
        encoding="utf-8",
    )
    proceso = _preguntar("--lote", str(lote), "--json", "--indice", str(configuracion_completa.indice))
    assert proceso.returncode == 2, proceso.stderr  # hubo líneas inválidas, pero se respondió el resto
    filas = [json.loads(l) for l in proceso.stdout.splitlines()]
    assert [f.get("id") for f in filas] == ["p1", "p2", "p3", None]
    respondida, abstenida, vacia, rota = filas
    for fila in (respondida, abstenida):
        assert {"id", "pregunta", "respuesta", "abstencion", "citas", "latencia_ms", "directa", "cuerpo"} <= set(fila)
    assert respondida["abstencion"] is False and abstenida["abstencion"] is True
    assert respondida["directa"] and respondida["respuesta"].startswith(respondida["directa"]) and respondida["cuerpo"].startswith(respondida["directa"])
    assert abstenida["directa"] == ""
    for cita in respondida["citas"]:
        assert {"doc_id", "titulo", "modulo", "seccion", "articulo", "vigente", "derogado", "texto", "puntaje"} <= set(cita)
    # Las citas se numeran en el orden en que aparecen en la respuesta; las no citadas van después.
    assert [c["numero"] for c in respondida["citas"]] == list(range(1, len(respondida["citas"]) + 1))
    citadas = [bool(c["oraciones"]) for c in respondida["citas"]]
    assert citadas == sorted(citadas, reverse=True) and citadas[0]
    assert "[1]" in respondida["directa"]
    assert "vacía" in vacia["error"] and "JSON inválido" in rota["error"]


def test_cli_una_pregunta_legible_y_json(configuracion_completa):
    indice = str(configuracion_completa.indice)
    legible = _preguntar("¿Qué es una veeduría ciudadana?", "--indice", indice)
    assert legible.returncode == 0 and "Ley 850 de 2003" in legible.stdout and "Fuentes:" in legible.stdout
    como_json = json.loads(_preguntar("¿Qué es una veeduría ciudadana?", "--indice", indice, "--json", "--k", "3").stdout)
    assert len(como_json["citas"]) == 3
    vacia = _preguntar("", "--indice", indice)
    assert vacia.returncode == 2 and "La pregunta está vacía" in vacia.stderr
    ninguna = _preguntar("--indice", indice)
    assert ninguna.returncode == 2 and "escriba una pregunta entre comillas o use --lote" in ninguna.stderr
    sin_indice = _preguntar("¿Qué es una veeduría?", "--indice", str(configuracion_completa.indice.parent / "no-hay-indice"))
    assert sin_indice.returncode == 1 and "python indexar.py" in sin_indice.stderr
