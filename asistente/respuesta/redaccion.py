"""Redacción extractiva: la respuesta cita textualmente las oraciones más pertinentes.

Determinista y sin modelo de lenguaje: nunca parafrasea una norma ni altera cifras
o plazos («cuatro (4) meses»); cada cita va seguida de su número.

La respuesta tiene dos partes: la **respuesta directa** (como mucho `largo_directa`
caracteres: la cláusula u oración de la fuente principal que contiene lo preguntado,
recortada solo en límites de cláusula con «…») y, debajo, «Lo que dicen las normas»: hasta
`citas_de_apoyo` citas más, cada una con su etiqueta. Lo demás queda en la lista de fuentes.
Los números de las citas siguen el orden en que aparecen.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .analisis import DEFINICION, GENERAL, PASOS, PERMISO, QUIEN, Analisis, analizar_pregunta
from ..corpus.catalogo import Catalogo
from .citas import etiqueta
from .consulta import analizar
from ..corpus.identidad import con_articulo, de_con_articulo
from ..modelos import ESTADO_ANTERIOR, ESTADO_INEXEQUIBLE, TIPO_NORMA, Fragmento
from .oraciones import cuerpo, oraciones, raices, termino_definido
from ..parametros import PREDETERMINADOS, Parametros
from .recuperacion import Resultado
from ..texto import plegar

_CIFRA_DE_TIEMPO = re.compile(r"\b(d[ií]as?|mes(es)?|años?|semanas?|horas?|plazo|t[eé]rmino|dentro de|antes de|a más tardar|per[ií]odo|veces)\b", re.IGNORECASE)
# Una periodicidad responde «¿cada cuánto?» aunque no lleve cifra («rendirá un informe anual»).
_PERIODICIDAD = re.compile(r"\b(anual(es|mente)?|mensual(es|mente)?|semestral(es|mente)?|trimestral(es|mente)?|bimestral(es|mente)?|cada (año|mes|semestre|trimestre|vigencia)|al año)\b", re.IGNORECASE)
# «en un plazo no superior a un mes»: «un» es una cifra cuando cuenta una unidad de tiempo.
_UNA_UNIDAD = re.compile(r"\bun[ao]?\s+(d[ií]a|mes|año|semana|trimestre|semestre|bienio|cuatrienio)\b", re.IGNORECASE)
# Un plazo sin cifra: «dentro del mes siguiente a su presentación», «al año siguiente».
_PLAZO_SIN_CIFRA = re.compile(r"\b(d[ií]a|mes|año|semana|vigencia)s?\s+(siguientes?|anteriores?|inmediatamente)\b", re.IGNORECASE)
# Una fecha o unos meses por su nombre: «los meses de febrero, mayo, agosto y noviembre».
_MES = re.compile(r"\b(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)\b", re.IGNORECASE)
# Cifras en dígitos o en letras: las normas escriben «cuatro veces al año» sin «(4)».
_NUMERO = re.compile(
    r"\d|\b(dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|treinta|cuarenta|cincuenta|sesenta|noventa|cien|ciento|mil)\b",
    re.IGNORECASE,
)
# Números que no son la cifra preguntada: la marca de un numeral («4. Simultáneamente…») y las
# referencias a normas («Ley 1448 de 2011», «artículo 74», «numeral 11»).
_NO_ES_CIFRA = re.compile(
    r"^\s*(?:\d{1,3}|[a-zA-Z]|[IVXLC]{1,6})[.)°º-]+\s|"
    r"\b(?:leyes?|decretos?(?: ley)?|art[ií]culos?|arts?\.|numerales?|literales?|incisos?|par[aá]grafos?|acuerdos?|ordenanzas?|resoluci[oó]n(?:es)?)\s+(?:n[uú]mero\s+|no\.\s*)?\d[\d.]*(?:\s*(?:de|del)\s+\d{4})?",
    re.IGNORECASE,
)
# Lo que dice una definición («se entiende por…», «es el mecanismo…») y un permiso o una prohibición.
_DEFINE = re.compile(r"\b(es|son|se entiende|se entender[áa]n?|se define|se denomina|consiste|constituye)\b", re.IGNORECASE)
_PERMITE = re.compile(r"\b(podr[áa]n?|prohib\w*|deber[áa]n?|obligatori\w*|permit\w*|autoriz\w*|no se podr[áa]n?)\b", re.IGNORECASE)
# El título de un artículo que quedó como primera oración: corto, sin cifras ni comas.
_TITULO = re.compile(r"^[A-ZÁÉÍÓÚÑ][^,;:\d]{2,70}\.$")
# Una oración que anuncia una lista aunque no termine en «:» («…son atribuciones de los concejos las siguientes.»).
_ANUNCIA_LISTA = re.compile(r"(:|\b(siguientes|lo siguiente)\.?)\s*$")
# Fila de una tabla: en Markdown («| Especial | 50% |») o como renglón corto («Quinta 240 SMML»).
_FILA = re.compile(r"^(\|.*|(?!Par[aá]grafo)[^|]{1,60})$")
_FILAS_DE_TABLA = 30
_ITEM = re.compile(r"^\s*(\d{1,3}(\.\d{1,3})*[.)°º]|[a-zA-Z][.)]|[-•]|[IVXLC]{1,6}[.)])\s")
# Un numeral que ya no dice nada («1. Derogado», «c) Inexequible»): no se cita con su lista.
_ITEM_SIN_TEXTO = re.compile(r"^\s*(\d{1,3}(\.\d{1,3})*[.)°º]?|[a-zA-Z][.)])?\s*(derogad[oa]s?|inexequibles?)\.?\s*$", re.IGNORECASE)
# El objeto de una norma: su título («por medio de la cual se crea…») o su artículo de objeto.
_OBJETO_DE_LA_NORMA = re.compile(
    r"^(por (medio de la|medio del|la|el) cual|(el|la) (objeto|finalidad|prop[oó]sito) de|"
    r"(la presente|el presente) (ley|decreto)\b.{0,40}\btiene (como|por) (objeto|prop[oó]sito|finalidad))",
    re.IGNORECASE,
)
# «El artículo 14 de la Ley 87 de 1993 quedará así:»: anuncia el texto que un artículo reescribe.
_REESCRIBE = re.compile(r"\bart[ií]culo\b.*\b(as[ií]|tenor)\s*[:.]?\s*$", re.IGNORECASE)
# Oraciones que solo se entienden con la anterior.
_CONTINUACION = re.compile(
    r"^(Sus?|Dich[oa]s?|Est[eaos]+|Ese|Esa|Esos|Esas|Tal(es)?|Para (ello|tal efecto|estos efectos|el efecto)|En (este|tal|dicho) caso|"
    r"Así mismo|Asimismo|Igualmente|Además|Sin embargo|No obstante|En todo caso|De igual (forma|manera)|Cuando esto)\b"
)


def _tiene_cifra(texto: str) -> bool:
    """¿Trae una cifra? (no cuentan la marca de un numeral ni el número de una norma o artículo)."""
    return bool(_NUMERO.search(_NO_ES_CIFRA.sub(" ", texto)))


def _tiene_plazo(texto: str, sin_cifra: bool = True) -> bool:
    """¿Trae un plazo, una fecha o una periodicidad? («dentro de los cuatro (4) meses», «anual»,
    «dentro del mes siguiente»)."""
    return bool((_CIFRA_DE_TIEMPO.search(texto) and (_tiene_cifra(texto) or _UNA_UNIDAD.search(texto))) or _PERIODICIDAD.search(texto) or _MES.search(texto) or (sin_cifra and _PLAZO_SIN_CIFRA.search(texto)))


@dataclass
class Cita:
    numero: int
    fragmento: Fragmento
    etiqueta: str
    puntaje: float
    partes: list[Fragmento] = field(default_factory=list)
    oraciones: list[str] = field(default_factory=list)  # lo citado en la respuesta (para resaltar)
    demas: list[str] = field(default_factory=list)  # lo citado que no cupo en el cuerpo: va en la lista de fuentes

    @property
    def texto(self) -> str:
        """El artículo o la sección completos (todas sus partes), con su encabezado una vez."""
        partes = self.partes or [self.fragmento]
        if len(partes) == 1:
            return partes[0].texto
        return partes[0].texto + "".join("\n" + cuerpo(p) for p in partes[1:])

    def a_dict(self) -> dict:
        f = self.fragmento
        return {
            "numero": self.numero,
            "etiqueta": self.etiqueta,
            "doc_id": f.doc_id,
            "titulo": f.titulo,
            "modulo": f.modulo or None,
            "seccion": f.seccion or None,
            "articulo": f.articulo or None,
            "pagina": f.pagina or None,
            "vigente": f.vigente,
            "derogado": f.derogado,
            "estado": f.estado,
            "vigencia": f.vigencia or None,
            "fuente": f.fuente,
            "texto": self.texto,
            "oraciones": list(self.oraciones),
            "puntaje": round(float(self.puntaje), 4),
        }


@dataclass
class _Candidata:
    oracion: str
    cita: Cita
    posicion: int  # dentro del artículo entero
    raices: set[str]
    valor: float = 0.0
    propio: float = 0.0  # el valor sin contar el puesto de su pasaje en la búsqueda


@dataclass
class Redaccion:
    """Lo que compone la redacción: la respuesta directa, el cuerpo (sin fuentes) y las citas
    numeradas en el orden en que aparecen (primero las usadas)."""

    directa: str
    cuerpo: str
    citas: list[Cita]


def componer(analisis: Analisis, resultados: list[Resultado], catalogo: Catalogo, parametros: Parametros, alternativas=()) -> Redaccion:
    """Respuesta directa de la fuente principal (la primera de `resultados`) y citas de apoyo.

    Si la pregunta nombró el artículo, los pasajes nombrados se citan desde su comienzo.
    `alternativas`: [(concepto, posición en resultados)] cuando la pregunta no dice de cuál de
    dos instrumentos habla y los dos responden: la respuesta directa lo dice en una línea.
    """
    directos = sum(r.directo for r in resultados)
    pasajes = directos or parametros.pasajes_en_respuesta
    citas = [
        Cita(n, r.fragmento, etiqueta(r.fragmento, catalogo), r.puntaje, partes=r.partes or [r.fragmento])
        for n, r in enumerate(resultados, start=1)
    ]
    if not citas:
        return Redaccion("", "", [])
    candidatas = _candidatas(citas[:pasajes])
    _puntuar(candidatas, analisis, parametros)
    if directos:
        elegidas = _completas(candidatas, parametros)
    else:
        elegidas = _sin_repetir(_con_continuacion(_elegir(candidatas, parametros), candidatas, _palabras(analisis.texto), parametros))
    if len(alternativas) > 1 and analisis.ambiguedad is not None:
        directa, usadas = _depende(analisis, [(c, citas[i]) for c, i in alternativas], candidatas, parametros)
    else:
        directa, usadas = _directa(analisis, citas, candidatas, elegidas, parametros, completos=bool(directos))
    apoyo = _apoyo(analisis, citas, candidatas, elegidas, usadas, catalogo, parametros, parametros.largo_cuerpo - len(directa))
    cuerpo = directa + ("\n\nLo que dicen las normas:\n" + "\n".join(apoyo) if apoyo else "")
    # Lo demás que se eligió (y lo que el cuerpo citó recortado) queda en la lista de fuentes,
    # entero, y resaltado en el panel de la web.
    for candidata in elegidas:
        if candidata.oracion not in candidata.cita.oraciones:
            candidata.cita.oraciones.append(candidata.oracion)
    en_el_cuerpo = " ".join(cuerpo.split())
    for cita in citas:
        cita.demas = [o for o in cita.oraciones if " ".join(o.split()) not in en_el_cuerpo]
    cuerpo, directa, citas = _numerar(cuerpo, directa, citas)
    return Redaccion(directa, cuerpo, citas)


def redactar(
    pregunta: str,
    resultados: list[Resultado],
    catalogo: Catalogo,
    parametros: Parametros,
    pasajes: int | None = None,
    completos: bool = False,
    contexto: str = "",
    expansiones: list[str] | None = None,
) -> tuple[str, list[Cita]]:
    """Atajo para redactar sin índice (pruebas, herramientas): analiza la pregunta y compone.

    Devuelve (cuerpo, citas). `completos`: los resultados son artículos nombrados en la pregunta.
    """
    previas = [analizar(contexto)] if contexto else []
    analisis = analizar_pregunta(analizar(pregunta), previas, catalogo)
    if expansiones is not None:
        analisis.expansiones = list(expansiones)
    if completos:
        for resultado in resultados[: pasajes or len(resultados)]:
            resultado.directo = True
    redaccion = componer(analisis, resultados, catalogo, parametros)
    return redaccion.cuerpo, redaccion.citas


def _candidatas(citas: list[Cita]) -> list[_Candidata]:
    return [
        _Candidata(oracion, cita, posicion, raices(oracion))
        for cita in citas
        if not (cita.fragmento.derogado and cita.fragmento.estado != ESTADO_ANTERIOR)
        for posicion, oracion in enumerate(_sin_titulo(cita, [o for parte in cita.partes for o in oraciones(cuerpo(parte))]))
    ]


def _es_titulo(oracion: str) -> bool:
    return bool(_TITULO.match(oracion)) and len(oracion.split()) <= 6


def _sin_titulo(cita: Cita, lista: list[str]) -> list[str]:
    """Sin el título del artículo cuando quedó en el texto («Aprobación de los planes de
    ordenamiento.»): no dice nada por sí solo y desplaza a la primera oración, que enuncia la regla."""
    if cita.fragmento.tipo == TIPO_NORMA and len(lista) > 1 and _TITULO.match(lista[0]):
        return lista[1:]
    return lista


def _puntuar(candidatas: list[_Candidata], analisis: Analisis, parametros: Parametros = PREDETERMINADOS) -> None:
    p = parametros
    actuales = raices(analisis.texto)
    previas = raices(analisis.contexto) - actuales
    # Una sigla expandida es un solo concepto: su nombre largo suma como un término, no como
    # seis («Dirección de Seguimiento y Evaluación a la Gestión…» ahogaba lo que se preguntó).
    grupos = [raices(e) - actuales for e in analisis.expansiones]
    pide_plazo = analisis.pide_plazo
    pide_cantidad = analisis.pide_cantidad
    acciones = analisis.acciones
    sinonimos = analisis.sinonimos
    palabras = _palabras(analisis.texto)
    frecuencia = Counter(r for c in candidatas for r in c.raices)
    tope_puntaje = max((c.cita.puntaje for c in candidatas), default=1.0) or 1.0
    total = max(len(candidatas), 1)

    def idf(raiz: str) -> float:
        return math.log(1 + total / frecuencia[raiz])

    for c in candidatas:
        if _es_rotulo_de_norma(c.oracion) or _REESCRIBE.search(c.oracion):
            # «LEY 1712 DE 2014», «DECRETA:», «(marzo 06)» o «Modifíquese el artículo 14 de la Ley 87
            # de 1993, que quedará así:» (lo dice ya la etiqueta): no responden nada.
            c.propio = c.valor = 0.0
            continue
        valor = sum(idf(r) for r in actuales & c.raices) + p.peso_contexto_en_oraciones * sum(idf(r) for r in previas & c.raices)
        valor += sum(max((idf(r) for r in grupo & c.raices), default=0.0) for grupo in grupos)
        # Un sinónimo del catálogo cuenta como la palabra de la pregunta («nombra» → «designe»).
        for raiz, formas in sinonimos.items():
            if raiz not in c.raices:
                valor += parametros.peso_sinonimo * max((idf(r) for forma in formas if forma <= c.raices for r in forma), default=0.0)
        valor /= math.sqrt(1 + p.amortiguacion_por_raices * len(c.raices))
        plazo = pide_plazo and _tiene_plazo(c.oracion, sin_cifra=False)
        if plazo:
            valor += p.premio_plazo
        if pide_cantidad and _tiene_cifra(c.oracion):
            valor += p.premio_cifra
        if acciones & c.raices and (plazo or analisis.clase == QUIEN):
            # Nombra la acción preguntada: «¿quién designa…?» → «…será designado por…»;
            # «¿cuándo hay que pagarlo?» → «Deben ser pagados… antes del 20 de diciembre».
            valor += parametros.peso_accion
        if analisis.pide_objeto and _OBJETO_DE_LA_NORMA.search(c.oracion):
            valor += p.premio_objeto  # «¿de qué trata la Ley 1712?» → «por medio de la cual se crea…»
        definido = termino_definido(c.oracion)
        if c.posicion == 0 and (definido or not _ITEM.match(c.oracion)):
            valor += p.premio_primera_oracion  # la primera oración suele enunciar la regla; un literal suelto, no
        fila_preguntada = pide_cantidad and _es_fila(c.oracion) and bool(c.raices & palabras)
        if fila_preguntada:
            valor += p.premio_fila_preguntada  # «Sexta 200 SMML» cuando se pregunta cuánto en sexta categoría
        if definido and raices(definido) <= actuales:
            valor += p.premio_definicion  # «1. Joven. Toda persona…» cuando se pregunta por «joven»
        # Muy larga, o muy corta para decir algo (salvo la fila de tabla que nombra lo preguntado).
        c.propio = valor * _penalizacion_por_largo(c.oracion, fila_preguntada, p)
        c.valor = c.propio * (c.cita.puntaje / tope_puntaje) ** p.exponente_puntaje_del_pasaje


def _penalizacion_por_largo(oracion: str, fila_preguntada: bool, p: Parametros = PREDETERMINADOS) -> float:
    if len(oracion) > p.oracion_larga:
        return p.castigo_oracion_larga
    if len(oracion) < p.oracion_corta and not fila_preguntada:
        return p.castigo_oracion_corta
    return 1.0


def valor_por_pasaje(analisis: Analisis, resultados: list[Resultado], catalogo: Catalogo, parametros: Parametros = PREDETERMINADOS) -> list[float]:
    """Cuánto responde cada pasaje: el valor de su mejor oración (sin contar su puesto en la búsqueda)."""
    citas = [Cita(n, r.fragmento, "", r.puntaje, partes=r.partes or [r.fragmento]) for n, r in enumerate(resultados, start=1)]
    candidatas = _candidatas(citas)
    _puntuar(candidatas, analisis, parametros)
    mejores = {c.numero: 0.0 for c in citas}
    for candidata in candidatas:
        mejores[candidata.cita.numero] = max(mejores[candidata.cita.numero], candidata.propio)
    return [mejores[c.numero] for c in citas]


def _con_continuacion(elegidas: list[_Candidata], candidatas: list[_Candidata], palabras: set[str], p: Parametros = PREDETERMINADOS) -> list[_Candidata]:
    """Una oración elegida arrastra lo que la completa: los numerales que anuncia con «:», las
    filas de la tabla que anuncia si nombran algo de la pregunta, y la oración siguiente si la
    continúa («Sus contratos…», «Dicho plan…»)."""
    siguientes = {(c.cita.numero, c.posicion): c for c in candidatas}
    salida, vistas = [], {id(c) for c in elegidas}
    for candidata in elegidas:
        salida.append(candidata)
        if _es_fila(candidata.oracion):  # la fila sola no se entiende: va con lo que anuncia la tabla
            anuncio = _anuncio_de_tabla(candidata, siguientes)
            if anuncio is not None and id(anuncio) not in vistas:
                salida.append(anuncio)
                vistas.add(id(anuncio))
        anuncia_lista = bool(_ANUNCIA_LISTA.search(candidata.oracion))
        if anuncia_lista:
            filas = _filas_de_tabla(candidata, siguientes, palabras)
            salida += [f for f in filas if id(f) not in vistas]
            vistas.update(id(f) for f in filas)
        posicion, agregadas = candidata.posicion, 0
        while agregadas < p.items_de_lista:
            siguiente = siguientes.get((candidata.cita.numero, posicion + 1))
            if siguiente is None or id(siguiente) in vistas:
                break
            if anuncia_lista and _ITEM_SIN_TEXTO.match(siguiente.oracion):
                posicion += 1
                continue
            es_item = anuncia_lista and _ITEM.match(siguiente.oracion)
            if not (es_item or (agregadas == 0 and _CONTINUACION.match(siguiente.oracion))):
                break
            salida.append(siguiente)
            vistas.add(id(siguiente))
            posicion, agregadas = posicion + 1, agregadas + 1
            anuncia_lista = anuncia_lista or siguiente.oracion.rstrip().endswith(":")
    return salida


def _palabras(pregunta: str) -> set[str]:
    """Raíces de la pregunta que no son cifras: una fila de tabla la nombra por ellas («sexta»),
    no por números sueltos que casi toda fila comparte."""
    return {r for r in raices(pregunta) if not r.isdigit()}


def _es_fila(oracion: str) -> bool:
    """«| Quinta | 240 SMML |» o «Quinta 240 SMML»: una fila de tabla, no una oración."""
    return oracion.startswith("|") or (len(oracion) <= 40 and bool(re.search(r"\d", oracion)) and not oracion.endswith((".", ":", ";")))


def _anuncio_de_tabla(fila: _Candidata, siguientes: dict) -> _Candidata | None:
    """La oración que anuncia la tabla de esta fila («…no podrán superar los siguientes límites:»)."""
    for posicion in range(fila.posicion - 1, max(fila.posicion - _FILAS_DE_TABLA, -1), -1):
        anterior = siguientes.get((fila.cita.numero, posicion))
        if anterior is None:
            return None
        if anterior.oracion.endswith(":"):
            return anterior
        if len(anterior.oracion) > 200:  # un párrafo: ya no es la tabla
            return None
    return None


def _anuncio_de_lista(item: _Candidata, siguientes: dict) -> _Candidata | None:
    """La oración que anuncia la lista de este numeral («…cumplirán las siguientes funciones:»),
    saltando los numerales anteriores; None si antes del numeral no hay un anuncio."""
    for posicion in range(item.posicion - 1, max(item.posicion - _FILAS_DE_TABLA, -1), -1):
        anterior = siguientes.get((item.cita.numero, posicion))
        if anterior is None:
            return None
        if not _ITEM.match(anterior.oracion):
            return anterior if _ANUNCIA_LISTA.search(anterior.oracion) else None
    return None


def _filas_de_tabla(anuncio: _Candidata, siguientes: dict, palabras: set[str]) -> list[_Candidata]:
    """Filas de la tabla que sigue a «…los siguientes límites:»: el encabezado y las que nombran
    algo de la pregunta con palabras («Tercera y cuarta | 3.0%» para «tercera categoría»)."""
    filas, posicion = [], anuncio.posicion + 1
    while (
        len(filas) < _FILAS_DE_TABLA
        and (fila := siguientes.get((anuncio.cita.numero, posicion))) is not None
        and _FILA.match(fila.oracion)
        and not _ITEM.match(fila.oracion)  # una lista numerada no es una tabla: la arrastra el bucle de numerales
    ):
        filas.append(fila)
        posicion += 1
    if not filas:
        return []
    encabezado, *resto = filas
    pertinentes = [f for f in resto if f.raices & palabras]
    return [encabezado, *pertinentes] if pertinentes else []


def _sin_repetir(elegidas: list[_Candidata]) -> list[_Candidata]:
    """Una oración idéntica en dos fuentes (un artículo y la ley que lo reformó) se cita una vez."""
    vistas, unicas = set(), []
    for candidata in elegidas:
        clave = " ".join(plegar(candidata.oracion).split())
        if clave not in vistas:
            vistas.add(clave)
            unicas.append(candidata)
    return unicas


def _completas(candidatas: list[_Candidata], p: Parametros = PREDETERMINADOS) -> list[_Candidata]:
    """El artículo nombrado, en orden, hasta un tamaño razonable."""
    elegidas, largo = [], 0
    for candidata in candidatas:
        if elegidas and largo + len(candidata.oracion) > p.limite_articulo_completo:
            break
        elegidas.append(candidata)
        largo += len(candidata.oracion)
    return elegidas


def _elegir(candidatas: list[_Candidata], parametros: Parametros) -> list[_Candidata]:
    """El mejor pasaje con más detalle; los siguientes, solo con su mejor oración si vale."""
    por_pasaje: dict[int, list[_Candidata]] = {}
    for candidata in candidatas:
        por_pasaje.setdefault(candidata.cita.numero, []).append(candidata)
    if not por_pasaje:
        return []
    primero = min(por_pasaje)
    mejor_global = max(c.valor for c in por_pasaje[primero]) or 1e-9
    elegidas: list[_Candidata] = []
    for numero in sorted(por_pasaje):
        puntuadas = sorted(por_pasaje[numero], key=lambda c: -c.valor)
        if numero == primero:
            if sum(len(c.oracion) for c in puntuadas) <= parametros.pasaje_corto:
                elegidas += puntuadas
            else:
                tope = puntuadas[0].valor
                elegidas += [c for c in puntuadas[: parametros.oraciones_primer_pasaje] if c.valor >= parametros.umbral_oracion_primero * tope]
        elif puntuadas[0].valor >= parametros.umbral_otros_pasajes * mejor_global:
            tope = puntuadas[0].valor
            elegidas += [c for c in puntuadas[: parametros.oraciones_otros_pasajes] if c.valor >= parametros.umbral_oracion_otros * tope or c is puntuadas[0]]
    return elegidas


def _directa(analisis: Analisis, citas: list[Cita], candidatas: list[_Candidata], elegidas: list[_Candidata], parametros: Parametros, completos: bool) -> tuple[str, set[int]]:
    """La respuesta directa: lo que responde, citado de la fuente principal. Devuelve (texto, oraciones usadas)."""
    principal = citas[0]
    fragmento = principal.fragmento
    if fragmento.derogado and fragmento.estado != ESTADO_ANTERIOR:
        return _derogado(fragmento, principal), set()
    propias = [c for c in candidatas if c.cita is principal]
    if not propias:  # nada que puntuar (un pasaje sin oraciones): su comienzo
        primera = oraciones(cuerpo(fragmento))[:1]
        principal.oraciones = list(primera)
        return _cita_en_linea(principal, " ".join(primera), parametros.largo_directa, analisis, None), set()
    lee_el_articulo = completos and analisis.clase == GENERAL and not analisis.pide_objeto  # «¿qué dice el artículo 40?»
    if lee_el_articulo:  # su comienzo
        mejor = min(propias, key=lambda c: c.posicion)
    else:
        mejor = _mejor_oracion(propias, analisis, parametros)
    grupo = _grupo(mejor, candidatas, analisis, parametros)
    valorar = _valorador(analisis, candidatas)
    disponible = _disponible(principal, parametros.largo_directa)
    if lee_el_articulo:
        # Se lee en orden: las oraciones que siguen van mientras quepan enteras.
        por_posicion = {c.posicion: c for c in propias}
        siguiente = por_posicion.get(max(c.posicion for c in grupo) + 1)
        while siguiente is not None and len(_unir(grupo + [siguiente])) <= disponible:
            grupo = grupo + [siguiente]
            siguiente = por_posicion.get(siguiente.posicion + 1)
        if siguiente is not None and _REESCRIBE.search(grupo[-1].oracion):
            grupo = grupo + [siguiente]  # «…quedará así:» solo no dice nada: va el comienzo del texto nuevo, recortado
    elif len(_unir(grupo)) < disponible:
        # Si cabe entera, la siguiente oración más pertinente del pasaje también va.
        restantes = sorted((c for c in propias if c not in grupo and c.valor > 0), key=lambda c: -c.valor)
        agregadas = 0
        for otra in restantes[:4]:
            if agregadas < parametros.segunda_en_directa and len(_unir(grupo + [otra])) <= disponible:
                grupo = grupo + [otra]
                agregadas += 1
    # El comienzo se conserva si anuncia una lista o si se preguntó qué dice el artículo.
    inicio = _ANUNCIA_LISTA.search(grupo[0].oracion) is not None or lee_el_articulo
    texto = _cita_en_linea(principal, _unir(grupo), parametros.largo_directa, analisis, valorar, inicio=inicio)
    for candidata in grupo:
        if candidata.oracion not in principal.oraciones:
            principal.oraciones.append(candidata.oracion)
    return texto, {id(c) for c in grupo}


def _depende(analisis: Analisis, opciones: list, candidatas: list[_Candidata], parametros: Parametros) -> tuple[str, set[int]]:
    """«Depende del plan: si es el plan de desarrollo, «…» [1]; si es el plan de ordenamiento territorial, «…» [2].»"""
    entrada = f"{analisis.ambiguedad.aviso}: "
    valorar = _valorador(analisis, candidatas)
    fijo = len(entrada) + sum(len(f"si es {c.nombre}, «» [00]; ") for c, _ in opciones)
    disponible = max((parametros.largo_directa - fijo) // len(opciones), 60)
    partes, usadas = [], set()
    for concepto, cita in opciones:
        propias = [c for c in candidatas if c.cita is cita]
        if not propias:
            continue
        grupo = _grupo(_mejor_oracion(propias, analisis, parametros), candidatas, analisis, parametros)
        for candidata in grupo:
            if candidata.oracion not in cita.oraciones:
                cita.oraciones.append(candidata.oracion)
        usadas |= {id(c) for c in grupo}
        partes.append(f"si es {concepto.nombre}, «{recortar_cita(_unir(grupo), disponible, valorar)}» {_marca(cita.numero)}")
    return entrada + "; ".join(partes) + ".", usadas


def _mejor_oracion(propias: list[_Candidata], analisis: Analisis, parametros: Parametros) -> _Candidata:
    """La oración que responde: la de más valor; si se pide un plazo, una cifra, una definición
    o un permiso, la de más valor entre las que lo traen (si vale al menos umbral_lo_pedido)."""
    tope = max(c.valor for c in propias)
    con_lo_pedido = [c for c in propias if _trae_lo_pedido(c.oracion, analisis) and c.valor >= parametros.umbral_lo_pedido * tope]
    return max(con_lo_pedido or propias, key=lambda c: (c.valor, -c.posicion))


def _trae_lo_pedido(oracion: str, analisis: Analisis) -> bool:
    """¿La oración trae la clase de cosa que se pregunta? (el objeto de la norma, un plazo, una cifra,
    una definición, un permiso)."""
    if analisis.pide_objeto:  # «¿de qué trata la Ley 1712?» → «por medio de la cual se crea…»
        return bool(_OBJETO_DE_LA_NORMA.search(oracion))
    if analisis.pide_plazo:
        return _tiene_plazo(oracion)
    if analisis.pide_cantidad:
        return _tiene_cifra(oracion)
    if analisis.clase == DEFINICION:
        return bool(termino_definido(oracion) or _DEFINE.search(oracion))
    if analisis.clase == PERMISO:
        return bool(_PERMITE.search(oracion))
    if analisis.clase == PASOS:  # «¿cuáles son…?», «¿qué requisitos…?»: la lista o lo que la anuncia
        return bool(_ANUNCIA_LISTA.search(oracion) or _ITEM.match(oracion))
    return True


def _grupo(mejor: _Candidata, candidatas: list[_Candidata], analisis: Analisis, parametros: Parametros = PREDETERMINADOS) -> list[_Candidata]:
    """La oración con lo que la completa: la fila con lo que anuncia su tabla, la lista con sus numerales."""
    siguientes = {(c.cita.numero, c.posicion): c for c in candidatas}
    if _es_fila(mejor.oracion):
        anuncio = _anuncio_de_tabla(mejor, siguientes)
        return [anuncio, mejor] if anuncio is not None else [mejor]
    if _ANUNCIA_LISTA.search(mejor.oracion):
        return [c for c in _con_continuacion([mejor], candidatas, _palabras(analisis.texto), parametros) if c.cita is mejor.cita]
    if _ITEM.match(mejor.oracion):  # un numeral suelto no se entiende sin lo que anuncia su lista
        anuncio = _anuncio_de_lista(mejor, siguientes)
        if anuncio is not None and len(_unir([anuncio, mejor])) <= _disponible(mejor.cita, parametros.largo_directa):
            return [anuncio, mejor]  # solo si cabe entero: recortado, el anuncio le quitaría lugar al numeral
        return [mejor]
    return [mejor]


def _unir(grupo: list[_Candidata]) -> str:
    """Oraciones de un mismo pasaje; si no son seguidas, «…» marca lo que se omitió."""
    ordenadas = sorted(grupo, key=lambda c: c.posicion)
    texto = ordenadas[0].oracion
    for previa, actual in zip(ordenadas, ordenadas[1:]):
        texto += (" " if actual.posicion == previa.posicion + 1 else " … ") + actual.oracion
    return texto


def _entrada(cita: Cita) -> str:
    if cita.fragmento.estado == ESTADO_ANTERIOR:
        return f"Texto anterior, ya no vigente ({cita.fragmento.vigencia or 'sin fechas'}), {de_con_articulo(etiqueta_corta(cita))}: "
    return f"Según {con_articulo(etiqueta_corta(cita))}: "


def _disponible(cita: Cita, limite: int) -> int:
    """Caracteres para la cita textual, descontando «Según la <fuente>: », las comillas y la marca."""
    return max(limite - len(_entrada(cita)) - len("«» [00]"), 80)


def _cita_en_linea(cita: Cita, texto: str, limite: int, analisis: Analisis, valorar, inicio: bool = False) -> str:
    """«Según la Ley 152 de 1994, art. 40: «…» [n]», en `limite` caracteres como mucho.
    `inicio`: el recorte conserva el comienzo (la oración que anuncia una lista)."""
    return f"{_entrada(cita)}«{recortar_cita(texto, _disponible(cita, limite), valorar, inicio)}» {_marca(cita.numero)}"


def etiqueta_corta(cita: Cita) -> str:
    """La etiqueta sin el módulo entre paréntesis, la insignia ni lo que el artículo modifica:
    «Ley 152 de 1994, art. 40» (la completa queda en la lista de fuentes)."""
    base = cita.etiqueta.split(" — ")[0].split(", que modifica ")[0]
    modulo = cita.fragmento.modulo
    return base.replace(f" ({modulo})", "") if modulo else base


class _Valorador:
    """Cuánto responde un trozo de oración: los términos de la pregunta que trae (por
    especificidad) y, si se pide un plazo o una cifra, si lo trae."""

    def __init__(self, analisis: Analisis, candidatas: list[_Candidata]) -> None:
        self.actuales = raices(analisis.texto) | {r for e in analisis.expansiones for r in raices(e)}
        frecuencia = Counter(r for c in candidatas for r in c.raices)
        total = max(len(candidatas), 1)
        self.peso = {r: math.log(1 + total / max(frecuencia[r], 1)) for r in self.actuales}
        self.analisis = analisis

    def terminos(self, trozo: str) -> frozenset[str]:
        return frozenset(self.actuales & raices(trozo))

    def pedido(self, trozo: str) -> float:
        # Lo que se pidió no se recorta: el plazo o la cifra pesan más que cualquier término.
        if self.analisis.pide_plazo and _tiene_plazo(trozo):
            return 10.0
        if self.analisis.pide_cantidad and _tiene_cifra(trozo):
            return 5.0
        return 0.0

    def __call__(self, trozo: str) -> float:
        return sum(self.peso[r] for r in self.terminos(trozo)) + self.pedido(trozo)


def _valorador(analisis: Analisis, candidatas: list[_Candidata]) -> _Valorador:
    return _Valorador(analisis, candidatas)


_FIN_DE_CLAUSULA = re.compile(r"(?<=[.,;:…])\s+")
_INICIO_DE_CLAUSULA = re.compile(
    r"\s+(?=(?:y|o|que|para|cuando|siempre que|sin perjuicio|salvo|mediante|dentro de|a partir de|de conformidad|conforme a|con el fin|en los t[eé]rminos|so pena)\b)"
)
_ENTRE_TRAMOS = " … "


def recortar_cita(texto: str, limite: int, valorar=None, inicio: bool = False) -> str:
    """El texto entero si cabe; si no, las cláusulas que más responden, con «…» donde se cortó.
    Nunca cambia palabras: solo omite cláusulas enteras. Se queda con un tramo de cláusulas
    seguidas, o con el comienzo de la oración (donde suele estar quién y qué) y un tramo más
    adelante, separados por «…». Los términos de la pregunta cuentan una vez por recorte.
    `inicio`: el comienzo se conserva (la oración que anuncia una lista)."""
    texto = " ".join(texto.split())
    if len(texto) <= limite:
        return texto
    valorar = valorar or (lambda _: 0.0)
    clausulas = [c for parte in _FIN_DE_CLAUSULA.split(texto) for c in _partir_larga(parte, limite // 2)]
    n = len(clausulas)
    if isinstance(valorar, _Valorador):
        terminos = [valorar.terminos(c) for c in clausulas]
        pedidos = [valorar.pedido(c) for c in clausulas]

        def valor(indices: list[int]) -> float:
            unidos = frozenset().union(*(terminos[k] for k in indices))
            return sum(valorar.peso[r] for r in unidos) + max(pedidos[k] for k in indices)
    else:
        simples = [valorar(c) for c in clausulas]

        def valor(indices: list[int]) -> float:
            return sum(simples[k] for k in indices)

    largos = [len(c) for c in clausulas]
    mejor, elegido = None, None
    # Tramos [i..j], solos o precedidos del comienzo [0..h] (h = -1: sin comienzo).
    for h in range(-1, n):
        cabeza = list(range(h + 1))
        largo_cabeza = sum(largos[: h + 1]) + h  # con los espacios
        if h >= 0 and largo_cabeza + 1 > limite:
            break
        for i in range(h + 2 if h >= 0 else 0, n):
            for j in range(i, n):
                indices = cabeza + list(range(i, j + 1))
                largo = sum(largos[i : j + 1]) + (j - i) + (largo_cabeza + len(_ENTRE_TRAMOS) if h >= 0 else 0)
                largo += (indices[0] > 0) + (j < n - 1)
                if largo > limite:
                    break
                v = valor(indices) + (1000.0 if inicio and indices[0] == 0 else 0.0)
                # Más valor; a igual valor, sin saltos, el más largo (más contexto) y el que empieza antes.
                clave = (round(v, 6), h < 0 or i == h + 1, largo, -indices[0], -i)
                if mejor is None or clave > mejor:
                    mejor, elegido = clave, indices
    # La cláusula que más responde, si sola no cabe, se corta en un límite de palabra.
    k = max(range(n), key=lambda m: (valor([m]), -m))
    if elegido is None or (largos[k] > limite - 2 and valor([k]) > mejor[0]):
        corte = clausulas[k][: limite - 2].rsplit(" ", 1)[0].rstrip(",;: …") + "…"
        return ("…" + corte) if k > 0 else corte
    partes: list[str] = []
    for posicion, k in enumerate(elegido):
        if posicion and k != elegido[posicion - 1] + 1:
            partes[-1] = partes[-1].rstrip(",;: …") + _ENTRE_TRAMOS.rstrip()
        partes.append(clausulas[k])
    tramo = " ".join(partes)
    if elegido[-1] < n - 1:
        tramo = tramo.rstrip(",;: …") + "…"
    return ("…" + tramo.lstrip("… ")) if elegido[0] > 0 else tramo


def _partir_larga(clausula: str, limite: int) -> list[str]:
    """Una cláusula más larga que el límite se parte antes de sus conjunciones («y», «que», «dentro de»…)."""
    if len(clausula) <= limite:
        return [clausula]
    return [p for p in _INICIO_DE_CLAUSULA.split(clausula) if p]


def _apoyo(analisis: Analisis, citas: list[Cita], candidatas: list[_Candidata], elegidas: list[_Candidata], usadas: set[int], catalogo: Catalogo, parametros: Parametros, presupuesto: int) -> list[str]:
    """Citas de apoyo: las oraciones elegidas más pertinentes que quepan en `presupuesto`
    caracteres (cada una recortada a `largo_apoyo`), agrupadas en una línea por fuente y como
    mucho `citas_de_apoyo` fuentes."""
    valorar = _valorador(analisis, candidatas)
    tomadas: list[_Candidata] = []
    fuentes: set[int] = set()
    gastado = 0
    # Una fuente de otro instrumento, con el que la pregunta se confunde, no apoya la respuesta.
    ajenas = {c.numero for c in citas if analisis.afinidad(c.fragmento, catalogo) < 0}
    # Un título suelto («Trámites del plan de desarrollo.») o un rótulo en mayúsculas («ACTO
    # LEGISLATIVO 5 DE 2011») no apoyan nada.
    utiles = (c for c in elegidas if id(c) not in usadas and c.cita.numero not in ajenas and not _es_titulo(c.oracion) and not _es_rotulo(c.oracion))
    siguientes = {(c.cita.numero, c.posicion): c for c in candidatas}
    elegidas_ids = {id(c) for c in elegidas}
    vistas: set[int] = set()
    for candidata in sorted(utiles, key=lambda c: -c.valor):
        numero = candidata.cita.numero
        if id(candidata) in vistas or (numero not in fuentes and len(fuentes) >= parametros.citas_de_apoyo):
            continue
        unidad = _con_lo_que_la_completa(candidata, siguientes, elegidas_ids, parametros.largo_apoyo)
        if unidad is None:
            continue
        if any(id(c) in usadas for c in unidad) and candidata.oracion.startswith("|"):
            continue  # otra fila de la tabla que ya citó la respuesta directa
        # Lo que la completa y ya está citado no se repite: el numeral que citó la respuesta
        # directa deja solo el anuncio de su lista, que le da contexto.
        unidad = [c for c in unidad if id(c) not in vistas and id(c) not in usadas]
        texto = " ".join(c.oracion for c in unidad)
        largo = min(len(texto), parametros.largo_apoyo) + (0 if numero in fuentes else len(etiqueta_corta(candidata.cita)) + 12)
        if tomadas and gastado + largo > presupuesto:
            continue
        tomadas += unidad
        vistas.update(id(c) for c in unidad)
        fuentes.add(numero)
        gastado += largo
    lineas = []
    for numero in sorted(fuentes):
        grupo = sorted((c for c in tomadas if c.cita.numero == numero), key=lambda c: c.posicion)
        cita = grupo[0].cita
        for candidata in grupo:
            if candidata.oracion not in cita.oraciones:
                cita.oraciones.append(candidata.oracion)
        nombre = etiqueta_corta(cita) if cita.fragmento.estado != ESTADO_ANTERIOR else cita.etiqueta
        texto = " … ".join(recortar_cita(c.oracion, parametros.largo_apoyo, valorar) for c in _tramos(grupo))
        lineas.append(f"- {nombre}: «{texto}» {_marca(cita.numero)}")
    return lineas


def _con_lo_que_la_completa(candidata: _Candidata, siguientes: dict, elegidas: set[int], largo: int) -> list[_Candidata] | None:
    """Una cita de apoyo que se entiende sola: la fila de una tabla con el encabezado de la tabla
    (y lo que la anuncia, si todo cabe en `largo`); la oración que anuncia una lista con su mejor numeral elegido; un numeral
    con lo que lo anuncia. None si no se puede completar («| Segunda y tercera | 70% |» sin saber
    de qué es el 70 %, o «Los concejales no podrán:» sin ninguno de sus numerales)."""
    numero = candidata.cita.numero
    if candidata.oracion.startswith("|"):
        posicion = candidata.posicion
        while (anterior := siguientes.get((numero, posicion - 1))) is not None and anterior.oracion.startswith("|"):
            posicion -= 1
        if posicion == candidata.posicion:
            return None  # el encabezado solo, o una fila sin encabezado
        unidad = [siguientes[(numero, posicion)], candidata]
        anuncio = siguientes.get((numero, posicion - 1))
        if anuncio is not None and anuncio.oracion.endswith(":") and len(" ".join(c.oracion for c in [anuncio, *unidad])) <= largo:
            unidad.insert(0, anuncio)
        return unidad
    if _es_fila(candidata.oracion):  # «Sexta 200 SMML»; sin tabla que la anuncie es un rótulo
        anuncio = _anuncio_de_tabla(candidata, siguientes)
        return None if anuncio is None else [anuncio, candidata]
    if _ANUNCIA_LISTA.search(candidata.oracion):
        items, posicion = [], candidata.posicion + 1
        while (siguiente := siguientes.get((numero, posicion))) is not None and (
            _ITEM.match(siguiente.oracion) or _ITEM_SIN_TEXTO.match(siguiente.oracion)
        ):
            if id(siguiente) in elegidas and not _ITEM_SIN_TEXTO.match(siguiente.oracion) and not _es_rotulo(siguiente.oracion):
                items.append(siguiente)
            posicion += 1
        return [candidata, max(items, key=lambda c: (c.valor, -c.posicion))] if items else None
    if _ITEM.match(candidata.oracion):
        anuncio = _anuncio_de_lista(candidata, siguientes)
        return [candidata] if anuncio is None else [anuncio, candidata]
    return [candidata]


def _es_rotulo_de_norma(oracion: str) -> bool:
    """«LEY 1712 DE 2014», «DECRETA:», «CAPITULO III» (sin minúsculas, y no una fila de tabla) o
    «(marzo 06)»: los rótulos del texto de una norma."""
    if oracion.startswith("|") or re.search(r"[%$]", oracion):
        return False
    return not re.search(r"[a-záéíóúñü]", oracion) or bool(re.fullmatch(r"\([^()]{1,30}\)", oracion))


def _es_rotulo(oracion: str) -> bool:
    """«ACTO LEGISLATIVO 5 DE 2011», «CAPITULO III», «DECRETA:» (sin minúsculas) o «Categoría de
    departamento» (sin puntuación final): un rótulo, no una oración que diga algo."""
    if oracion.startswith("|") or re.search(r"[%$]", oracion):
        return False
    if _es_rotulo_de_norma(oracion):
        return True
    return not _es_fila(oracion) and not oracion.rstrip().endswith((".", ":", ";", "?", "!", "»", '"', ")"))


def _tramos(grupo: list[_Candidata]) -> list[_Candidata]:
    """Oraciones seguidas de un pasaje, unidas en una sola (para recortarlas juntas)."""
    salida: list[_Candidata] = []
    for candidata in grupo:
        if salida and candidata.posicion == salida[-1].posicion + 1:
            previa = salida[-1]
            salida[-1] = _Candidata(f"{previa.oracion} {candidata.oracion}", previa.cita, candidata.posicion, previa.raices | candidata.raices, max(previa.valor, candidata.valor))
        else:
            salida.append(candidata)
    return salida


def _marca(numero: int) -> str:
    return f"[\x00{numero}\x00]"


_MARCA = re.compile(r"\[\x00(\d+)\x00\]")


def _numerar(cuerpo: str, directa: str, citas: list[Cita]) -> tuple[str, str, list[Cita]]:
    """Los números de las citas siguen el orden en que aparecen; las no usadas van después."""
    orden: list[int] = []
    for m in _MARCA.finditer(cuerpo):
        numero = int(m.group(1))
        if numero not in orden:
            orden.append(numero)
    orden += [c.numero for c in citas if c.numero not in orden and c.oraciones]
    orden += [c.numero for c in citas if c.numero not in orden]
    nuevo = {viejo: n for n, viejo in enumerate(orden, start=1)}
    por_numero = {c.numero: c for c in citas}
    ordenadas = [por_numero[v] for v in orden]
    for cita in ordenadas:
        cita.numero = nuevo[cita.numero]

    def cambiar(texto: str) -> str:
        return _MARCA.sub(lambda m: f"[{nuevo[int(m.group(1))]}]", texto)

    return cambiar(cuerpo), cambiar(directa), ordenadas


def _derogado(fragmento: Fragmento, cita: Cita) -> str:
    nombre = f"El artículo {fragmento.articulo} de la {fragmento.titulo}"
    cita.oraciones = [fragmento.texto.split("\n")[-1]]
    if fragmento.estado == ESTADO_INEXEQUIBLE:
        return f"{nombre} fue declarado inexequible por la Corte Constitucional; no tiene texto vigente. {_marca(cita.numero)}"
    return f"{nombre} fue derogado; no tiene texto vigente. {_marca(cita.numero)}"


def lista_de_fuentes(citas: list[Cita]) -> str:
    """Cada fuente con su número y, debajo, lo que se citó de ella y no cupo en el cuerpo."""
    lineas = ["Fuentes:"]
    for cita in citas:
        lineas.append(f"[{cita.numero}] {cita.etiqueta}")
        lineas += [f"    «{oracion}»" for oracion in cita.demas]
    return "\n".join(lineas)
