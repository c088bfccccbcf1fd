"""La pregunta analizada: lo que nombra, de qué trata y qué clase de respuesta pide.

Se construye una sola vez por pregunta (`analizar_pregunta`) y la leen todas las etapas
del `Asistente`: recuperar → elegir la fuente principal → componer → abstenerse o no.
Ninguna etapa vuelve a consultar el catálogo ni a mirar la pregunta por su cuenta.

Lo que se sabe del dominio (qué norma, capítulo o concepto trata de qué, alias, siglas,
sinónimos) viene del catálogo (`corpus/catalogo.yaml`); aquí solo hay reglas del idioma
(cómo se pregunta por un plazo, por una persona, por una definición).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..corpus.catalogo import Ambiguedad, Catalogo, Concepto
from .consulta import Consulta, quitar_referencias
from ..corpus.identidad import clave_articulo
from ..corpus.identidad import identificar
from ..indexado.lexico import terminos_de_contenido, tokenizar
from .oraciones import PREFIJO
from ..modelos import TIPO_GUIA, Fragmento
from ..parametros import PREDETERMINADOS
from ..texto import plegar

# --- clase de respuesta que pide la pregunta ------------------------------------------------
PLAZO = "plazo"  # un plazo, una fecha o una periodicidad
CANTIDAD = "cantidad"  # un número, un porcentaje, un tope (a menudo en una tabla)
QUIEN = "quien"  # una persona, autoridad u órgano
DEFINICION = "definicion"  # qué es algo
PASOS = "pasos"  # cómo se hace: una lista de pasos o requisitos
PERMISO = "permiso"  # sí o no: si algo se puede, se debe o está prohibido
GENERAL = "general"

_CLASES = [
    (PLAZO, re.compile(
        r"\b(cuanto tiempo|plazo|termino|cuando|cuantos dias|cuantos meses|cuantos anos|hasta cuando|en que tiempo|fecha|vence|"
        r"antes de|cada cuanto|cuanto dura|durante cuanto|cuantas veces|con que frecuencia|periodicidad|que tan seguido|en que momento|"
        r"(en )?que (mes|meses|dia|dias|ano|anos|fecha))\b"
    )),
    (CANTIDAD, re.compile(r"\b(cuantos|cuantas|cuanto|porcentaje|numero de|monto|valor|edad)\b")),
    (DEFINICION, re.compile(r"^\W*(que (es|son|significa|se entiende)|a que se refiere|como (se )?define|definicion|en que consiste)\b|\bque se entiende por\b|\bque significa\b")),
    (QUIEN, re.compile(
        r"\b(quien|quienes|a quien|a quienes|ante que|que (entidad|autoridad|organo|funcionario|dependencia|servidor)|a cargo de quien)\b|"
        r"^\W*(y\s+)?(en |a |hasta |por )?donde\b"  # «¿(y) dónde se inscribe?» (no el «donde» de «en los municipios donde…»)
    )),
    (PASOS, re.compile(r"\b(como se|como (debe|puede|hago|hacer|se hace)|que pasos|pasos|procedimiento|que requisitos|requisitos|que tramite|que debe contener|que contiene|cuales)\b")),
    (PERMISO, re.compile(r"^\W*(y\s+)?(se puede|puede|pueden|podria|podrian|esta prohibido|es obligatorio|debe|deben|tiene que|tienen que|es posible|esta permitido|hay que|es legal)\b")),
]
# «¿Cuánto tiempo…?» es un plazo aunque diga «cuánto»; se toma la primera clase que coincide.

# «¿De qué trata la Ley 1712?», «¿cuál es el objeto del Decreto 943?», «¿qué regula…?»: se pregunta
# por el objeto de una norma nombrada, sin nada más (lo responde su título: «por la cual…»).
_PIDE_OBJETO = re.compile(
    r"\b(de que (se )?trata|cual es (el|su) (objeto|proposito|finalidad|objetivo)|(el|su) objeto|"
    r"(que|para que) (regula|establece|reglamenta|sirve|dice|contiene)|para que es)\b|^\W*(y\s+)?que es\b"
)
_PALABRAS_DEL_OBJETO = frozenset(terminos_de_contenido("trata objeto propósito finalidad objetivo regula establece reglamenta sirve dice contiene"))

# --- seguimientos -----------------------------------------------------------------------------
_SEGUIMIENTO = re.compile(
    r"^\W*(y|e|pero|entonces|tambien|ademas|o sea|y si|y que|y quien|y cuando|y donde|y como|y cuanto|y en)\b"
)
_ANAFORA = re.compile(r"\b(eso|esto|ese|esa|esos|esas|ello|dicho|dicha|mismo|misma|lo anterior|aquel|aquella)\b")
_TEXTO_ANTERIOR = re.compile(r"\b(antes|anterior|original|decia|version|versiones|historic|modificad|reformad|cambi)")
_NOMBRE = r"(?<![\w])[A-ZÁÉÍÓÚÑ][A-Za-zÁÉÍÓÚÑáéíóúñü]{2,}"
_NOMBRE_PROPIO = re.compile(_NOMBRE)
# Un sistema con su versión («SECOP II», «Sisbén IV»): los documentos pueden nombrar el sistema y
# no esa versión.
_CON_VERSION = re.compile(rf"({_NOMBRE})\s+(II|III|IV|V|VI|VII|VIII|IX|X)(?![\w])")
# «el 2641», «la 152»: un número de norma sin la clase (se acepta solo si una sola norma cargada
# lleva ese número; los años y los números de dos cifras o menos no cuentan).
_NUMERO_DE_NORMA = re.compile(r"\b(?:el|la|del|de la|al)\s+(\d{3,5})\b(?!\s*(?:%|por ciento|de (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)))")
_ARTICULO_CONSTITUCIONAL = re.compile(r"\barticulos?\s+(\d{1,3})\s*(?:de la|de nuestra)\s+constitucion")
# La acción por la que se pregunta: el verbo que sigue a «quién», a un pronombre átono, a un
# modal o a «para» («¿quién la crea?», «¿en qué plazo debe pronunciarse…?», «¿para llevar…?»),
# y los infinitivos («¿hasta cuándo hay que pagarlo?»). Reglas del idioma, no del dominio.
_TRAS_LA_ACCION = re.compile(
    r"\b(?:quien(?:es)?|se|debe|deben|puede|pueden|para|hay que|tiene que|tienen que|cuando)\s+"
    r"(?:(?:se|le|les|lo|la|los|las|me|nos)\s+)?([a-zn]{4,})"
)
_INFINITIVO = re.compile(r"\b([a-zn]{2,}(?:ar|er|ir)(?:se|lo|la|los|las|le|les)?)\b")
_NUMERO_SUELTO = re.compile(r"^\W*(?:y|e)?\s*(?:el|al|del)?\s*(?:art[ií]culo\s*)?(\d{1,4}(?:-?[a-z])?)\W*$")


@dataclass
class Busquedas:
    """Un texto a buscar: el de la búsqueda densa, el de la léxica (con sinónimos) y su peso."""

    denso: str
    lexico: str
    peso: float


@dataclass
class Analisis:
    consulta: Consulta
    previas: list[Consulta] = field(default_factory=list)
    seguimiento: bool = False
    clase: str = GENERAL  # la primera clase que coincide
    clases: set[str] = field(default_factory=set)  # todas («¿cuántos días…?» pide plazo y cantidad)
    normas_nombradas: list[str] = field(default_factory=list)  # doc_id cargados
    normas_no_cargadas: list[str] = field(default_factory=list)  # nombres legibles
    articulos: list[str] = field(default_factory=list)  # claves («40», «18A»)
    # Artículos de la Constitución (no cargada) que nombra: los busca en quien los reescribe.
    articulos_modificados: list[str] = field(default_factory=list)  # «el art. 361 de la Constitución»
    pide_anterior: bool = False  # «¿qué decía antes…?»
    pide_la_guia: bool = False  # nombra la guía o una de sus secciones
    pide_objeto: bool = False  # «¿de qué trata la Ley 1712?»: el objeto de la norma nombrada, sin más
    acciones: set[str] = field(default_factory=set)  # raíces de los verbos de la acción preguntada
    ajenas: frozenset[str] = frozenset()  # palabras del catálogo que no dicen de qué trata («antioquia»)
    conceptos: list[Concepto] = field(default_factory=list)
    ambiguedad: Ambiguedad | None = None  # «el plan» sin decir cuál
    desconocidas: list[str] = field(default_factory=list)  # nombres propios que ningún documento menciona
    expansiones: list[str] = field(default_factory=list)  # siglas → nombre largo, alias → título de la norma
    equivalentes: dict[str, list[frozenset[str]]] = field(default_factory=dict)  # raíz → formas que la reemplazan
    sinonimos: dict[str, list[frozenset[str]]] = field(default_factory=dict)  # lo mismo, solo palabras corrientes (no siglas)
    busquedas: list[Busquedas] = field(default_factory=list)

    @property
    def texto(self) -> str:
        return self.consulta.texto

    @property
    def contexto(self) -> str:
        """La pregunta anterior (en una conversación), que pesa menos al elegir oraciones."""
        return self.previas[-1].texto if self.previas else ""

    @property
    def pide_plazo(self) -> bool:
        return PLAZO in self.clases

    @property
    def pide_cantidad(self) -> bool:
        return CANTIDAD in self.clases

    @property
    def terminos(self) -> list[str]:
        return terminos_de_contenido(self.consulta.texto, self.ajenas)

    def concepto(self, id_: str) -> Concepto | None:
        return next((c for c in self.conceptos if c.id == id_), None)

    def afinidad(self, fragmento: Fragmento, catalogo: Catalogo) -> float:
        """+1 si el pasaje regula un concepto que la pregunta nombra; −1 si regula uno con el que
        se confunde y que la pregunta no nombra (acotado a [−1, 1])."""
        modulo = modulo_de_la_guia(fragmento, catalogo)
        seccion = seccion_de_la_guia(fragmento)
        nombrados = {c.id for c in self.conceptos}
        valor = 0.0
        for concepto in self.conceptos:
            if concepto.abarca(fragmento.doc_id, fragmento.articulo, modulo, seccion):
                valor += 1.0
            for contrario in concepto.contrarios:
                otro = catalogo.conceptos.get(contrario)
                if otro is not None and contrario not in nombrados and otro.abarca(fragmento.doc_id, fragmento.articulo, modulo, seccion):
                    valor -= 1.0
        return max(-1.0, min(1.0, valor))


def analizar_pregunta(
    consulta: Consulta,
    previas: list[Consulta] | None = None,
    catalogo: Catalogo | None = None,
    documentos: Iterable[str] | None = None,
    conoce: Callable[[str], bool] | None = None,
    peso_contexto: float = PREDETERMINADOS.peso_contexto,
    peso_sola_en_seguimiento: float = PREDETERMINADOS.peso_sola_en_seguimiento,
    sinonimos_en: str = PREDETERMINADOS.sinonimos_en,
) -> Analisis:
    """Todo lo que las etapas necesitan saber de la pregunta, calculado una vez.

    `documentos`: doc_id del índice (para saber qué normas nombradas están cargadas);
    `conoce(palabra)`: si algún documento la menciona (para los nombres propios desconocidos).
    """
    catalogo = catalogo or Catalogo()
    previas = list(previas or [])
    documentos = set(documentos) if documentos is not None else None
    analisis = Analisis(consulta=consulta, previas=previas)
    plegado = plegar(consulta.texto)
    analisis.seguimiento = bool(previas) and es_seguimiento(consulta)
    analisis.articulos = list(consulta.articulos)
    for m in _ARTICULO_CONSTITUCIONAL.finditer(plegado):
        analisis.articulos_modificados.append(f"el art. {m.group(1)} de la Constitución")
        analisis.articulos = [a for a in analisis.articulos if a != clave_articulo(m.group(1))]
    analisis.normas_nombradas, analisis.normas_no_cargadas = normas_nombradas(consulta, catalogo, documentos)
    analisis.pide_anterior = bool(_TEXTO_ANTERIOR.search(plegado))
    analisis.pide_la_guia = catalogo.pide_la_guia(plegado)
    analisis.clases = clases_de_respuesta(consulta.texto)
    analisis.clase = clase_de_respuesta(consulta.texto)
    analisis.ajenas = catalogo.palabras_sin_contenido
    analisis.acciones = acciones_de(consulta.texto, analisis.ajenas)
    analisis.pide_objeto = pide_objeto(consulta.texto, analisis, catalogo)

    anterior = previas[-1] if previas else None
    if analisis.seguimiento and anterior is not None:
        if not analisis.normas_nombradas and not analisis.normas_no_cargadas:
            analisis.normas_nombradas, _ = normas_nombradas(anterior, catalogo, documentos)
            if not analisis.articulos and anterior.articulos:
                suelto = _NUMERO_SUELTO.match(plegado)
                if suelto:  # «¿y el 41?» tras preguntar por el artículo 40
                    analisis.articulos = [clave_articulo(suelto.group(1))]
        if analisis.clase == GENERAL:  # «¿y eso?»: la clase es la de la pregunta anterior
            analisis.clase = clase_de_respuesta(anterior.texto)

    # Conceptos: los de la pregunta; en un seguimiento, también los de la anterior.
    con_contexto = f"{anterior.texto} {consulta.texto}" if analisis.seguimiento and anterior is not None else consulta.texto
    analisis.conceptos = catalogo.conceptos_en(_con_siglas(con_contexto, catalogo))
    analisis.ambiguedad = catalogo.ambiguedad_en(con_contexto, analisis.conceptos)

    if conoce is not None:
        analisis.desconocidas = desconocidas(consulta.original, catalogo, conoce)
    # «SGP» también cuenta como su nombre largo, y «la ley antitrámites» como «Ley 962 de 2005».
    analisis.expansiones = catalogo.expansiones(consulta.texto) + [
        catalogo.normas[i].titulo for i in catalogo.normas_por_alias(consulta.texto) if i in catalogo.normas
    ]
    analisis.equivalentes = equivalentes_de(catalogo, consulta.texto)
    analisis.sinonimos = equivalentes_de(catalogo, consulta.texto, siglas=False)
    if conoce is not None:  # la acción preguntada: «elige» también como «elegir», «aprueba» como «aprobar»
        for raiz, variante in variantes_de_la_raiz([t for t in analisis.terminos if t in analisis.acciones], conoce).items():
            for equivalencias in (analisis.equivalentes, analisis.sinonimos):
                equivalencias.setdefault(raiz, []).append(frozenset([variante]))
    analisis.busquedas = _busquedas(analisis, catalogo, peso_contexto, peso_sola_en_seguimiento, sinonimos_en)
    return analisis


def modulo_de_la_guia(fragmento: Fragmento, catalogo: Catalogo) -> int | None:
    """El número de módulo de una sección de la guía (las normas también llevan módulo, pero
    «modulo:N» en los conceptos del catálogo se refiere solo a secciones de la guía)."""
    modulo = catalogo.modulo_por_nombre(fragmento.modulo) if fragmento.tipo == TIPO_GUIA and fragmento.modulo else None
    return modulo.numero if modulo else None


def seccion_de_la_guia(fragmento: Fragmento) -> str:
    """El título de la sección de la guía («Marco normativo»); vacío si el pasaje es de una norma."""
    return fragmento.seccion if fragmento.tipo == TIPO_GUIA else ""


# Verbos que cambian la vocal de la raíz: «aprueba» / «aprobar», «requiere» / «requerir», «elige» /
# «elegir». Reglas del idioma: la raíz de la pregunta y la de la norma no coinciden aunque sea el
# mismo verbo. «ie» y «ue» en la última sílaba de la raíz; «i» → «e» solo en los verbos que la
# cambian (en otras palabras la «i» no alterna: «alcaldía» no es «alcalde»; «sirve» tampoco: su
# raíz sería la de «servicio» y «servidor»). Sin los auxiliares («puede», «quiere», «tiene»,
# «viene»). Solo para el verbo de la acción preguntada (`acciones_de`): en un sustantivo el cambio
# cruza palabras distintas («gobierno» / «gobernador»).
_DIPTONGO_FINAL = re.compile(r"(ie|ue)([^aeiou]+)$")
_CAMBIAN_E_POR_I = frozenset(terminos_de_contenido(
    "elige eligen reelige pide piden sigue siguen mide miden corrige corrigen compite compiten "
    "impide impiden repite repiten rinde rinden despide despiden consigue consiguen persigue"
))
_AUXILIARES = frozenset(terminos_de_contenido("puede pueden quiere quieren tiene tienen viene vienen"))


def variantes_de_la_raiz(terminos: Iterable[str], conoce: Callable[[str], bool]) -> dict[str, str]:
    """Raíz de la pregunta → la misma raíz sin el cambio de vocal, si algún documento la tiene."""
    salida = {}
    for raiz in terminos:
        if raiz in _AUXILIARES or not raiz.isalpha():
            continue
        diptongo = _DIPTONGO_FINAL.search(raiz)
        if diptongo:
            variante = raiz[: diptongo.start()] + ("e" if diptongo.group(1) == "ie" else "o") + diptongo.group(2)
        elif raiz in _CAMBIAN_E_POR_I:
            posicion = raiz.rfind("i")
            variante = raiz[:posicion] + "e" + raiz[posicion + 1:]
        else:
            continue
        if len(variante) >= 3 and conoce(variante):
            salida[raiz] = variante
    return salida


def pide_objeto(texto: str, analisis: Analisis, catalogo: Catalogo) -> bool:
    """¿Pregunta de qué trata una norma nombrada, sin nada más? («¿Qué establece la Ley 152 sobre
    el plan de inversiones?» no: pregunta por algo que la norma dice)."""
    if not analisis.normas_nombradas or analisis.articulos or analisis.articulos_modificados:
        return False
    if not _PIDE_OBJETO.search(plegar(texto)):
        return False
    resto = set(terminos_de_contenido(quitar_referencias(texto, catalogo.frases_de_normas()), analisis.ajenas))
    return not (resto - _PALABRAS_DEL_OBJETO)


def clase_de_respuesta(texto: str) -> str:
    plegado = plegar(texto)
    return next((clase for clase, patron in _CLASES if patron.search(plegado)), GENERAL)


def clases_de_respuesta(texto: str) -> set[str]:
    plegado = plegar(texto)
    return {clase for clase, patron in _CLASES if patron.search(plegado)}


def acciones_de(texto: str, ajenas: frozenset[str] = frozenset()) -> set[str]:
    """Raíces (y prefijos) de los verbos que nombran la acción preguntada, sin verbos de apoyo:
    «¿Quién designa al jefe…?» → {design, desig}; «¿…para llevar el plan…?» → {llev}."""
    plegado = plegar(texto)
    palabras = {m.group(1) for m in _TRAS_LA_ACCION.finditer(plegado)} | {m.group(1) for m in _INFINITIVO.finditer(plegado)}
    tokens = [t for p in sorted(palabras) for t in terminos_de_contenido(p, ajenas)]
    return set(tokens) | {t[:PREFIJO] for t in tokens if len(t) > PREFIJO}


def es_seguimiento(consulta: Consulta) -> bool:
    """¿La pregunta solo se entiende con la anterior? («¿y quién lo aprueba?»)."""
    plegado = plegar(consulta.texto)
    if consulta.normas:
        return False
    return bool(_SEGUIMIENTO.search(plegado) or _ANAFORA.search(plegado) or len(tokenizar(consulta.texto)) <= 2)


def normas_nombradas(consulta: Consulta, catalogo: Catalogo, documentos: set[str] | None) -> tuple[list[str], list[str]]:
    """(doc_id cargados que la pregunta nombra, nombres legibles de normas nombradas que no están)."""
    cargados = documentos if documentos is not None else set(catalogo.normas)
    nombradas: list[str] = []
    no_cargadas: list[str] = []
    for referencia in consulta.normas:
        marca = f"-{referencia.numero}-"  # descarta sin analizar casi todos (con 10.354 leyes, 18 ms menos)
        coincidencias = sorted(d for d in cargados if marca in d.upper() and referencia.coincide(d))
        if coincidencias:
            nombradas += [d for d in coincidencias if d not in nombradas]
        else:
            no_cargadas.append(referencia.legible)
    if not consulta.normas:
        nombradas += [d for d in _por_numero_suelto(consulta.texto, cargados, consulta.articulos) if d not in nombradas]
    nombradas += [d for d in catalogo.normas_por_alias(consulta.texto) if d in cargados and d not in nombradas]
    for otra in catalogo.otras_por_alias(consulta.texto):
        if otra.identificador in cargados:
            nombradas.append(otra.identificador)
        elif otra.nombre not in no_cargadas and not any(r.coincide(otra.identificador) for r in consulta.normas):
            no_cargadas.append(otra.nombre)
    return nombradas, no_cargadas


def _por_numero_suelto(texto: str, cargados: set[str], articulos: list[str]) -> list[str]:
    """«¿qué dice el 2641 sobre…?» → DECRETO-2641-2012, si es la única norma cargada con ese número."""
    salida = []
    for m in _NUMERO_DE_NORMA.finditer(plegar(texto)):
        numero = m.group(1).lstrip("0")
        if 1900 <= int(numero) <= 2099 or clave_articulo(numero) in articulos:  # un año o un artículo
            continue
        candidatas = [d for d in cargados if numero in d and (i := identificar(d)) is not None and i.numero == numero]
        if len(candidatas) == 1 and candidatas[0] not in salida:
            salida.append(candidatas[0])
    return salida


def desconocidas(original: str, catalogo: Catalogo, conoce: Callable[[str], bool]) -> list[str]:
    """Nombres propios y siglas de la pregunta que no aparecen en ningún documento («Envigado», «FURAG»,
    «SECOP II» aunque se nombre el SECOP)."""
    glosario = set(catalogo.glosario)
    salida = []
    for m in _NOMBRE_PROPIO.finditer(original):
        palabra = m.group(0)
        inicio_de_oracion = not original[: m.start()].strip(" ¿¡\"'«(") or original[: m.start()].rstrip().endswith((".", "?", "!", ":", "¿", "¡"))
        if inicio_de_oracion and not palabra.isupper():
            continue
        if palabra.upper() in glosario or conoce(palabra):
            continue
        if palabra not in salida:
            salida.append(palabra)
    for m in _CON_VERSION.finditer(original):
        nombre = f"{m.group(1)} {m.group(2)}"
        if m.group(1) not in salida and not conoce(nombre):
            salida.append(nombre)
    return salida


def equivalentes_de(catalogo: Catalogo | None, texto: str, siglas: bool = True) -> dict[str, list[frozenset[str]]]:
    """Raíz de cada palabra de la pregunta con equivalente → las raíces de cada forma que la reemplaza.
    `siglas=False`: solo las palabras corrientes con sinónimo («plata» → «recursos»)."""
    if catalogo is None:
        return {}
    salida: dict[str, list[frozenset[str]]] = {}
    for palabra, formas in catalogo.equivalencias(texto):
        if not siglas and palabra.upper() in catalogo.glosario:
            continue
        alternativas = [frozenset(r) for r in (terminos_de_contenido(f, catalogo.palabras_sin_contenido) for f in formas) if r]
        for raiz in terminos_de_contenido(palabra, catalogo.palabras_sin_contenido):
            salida.setdefault(raiz, []).extend(alternativas)
    return salida


def _con_siglas(texto: str, catalogo: Catalogo) -> str:
    """El texto con el nombre largo de sus siglas: «POT» también dice «plan de ordenamiento territorial»."""
    expansiones = catalogo.expansiones(texto)
    return f"{texto} ({'; '.join(expansiones)})" if expansiones else texto


def _busquedas(analisis: Analisis, catalogo: Catalogo, peso_contexto: float, peso_sola: float, sinonimos_en: str) -> list[Busquedas]:
    """Los textos que se buscan, con su peso: la pregunta, y en una conversación también unida a la anterior."""
    texto = analisis.consulta.texto
    consultas = [(texto, 1.0)]
    if analisis.previas:
        unida = f"{analisis.previas[-1].texto} {texto}"
        # Sin marca clara de seguimiento («¿y…?», «eso») se busca también con el contexto,
        # con menos peso: así un cambio de tema no arrastra la conversación anterior.
        consultas = [(unida, 1.0), (texto, peso_sola)] if analisis.seguimiento else [(texto, 1.0), (unida, peso_contexto)]
    if analisis.normas_nombradas:  # la búsqueda ya se limita a esas normas: su nombre solo estorba
        frases = catalogo.frases_de_normas()
        limpias = [(quitar_referencias(t, frases), peso) for t, peso in consultas]
        if limpias[0][0] != consultas[0][0]:
            # La redacción completa sigue contando, con poco peso: sin el nombre de la
            # norma una pregunta puede quedar demasiado general («¿a quiénes se aplica?»).
            limpias.append((consultas[0][0], peso_contexto / 2))
        consultas = limpias
    # Siglas («SGP» → «Sistema General de Participaciones») en ambos buscadores; palabras
    # corrientes («plata» → «recursos») según `sinonimos_en`.
    return [
        Busquedas(_expandir(catalogo, t, sinonimos_en == "ambas"), _expandir(catalogo, t, sinonimos_en in ("lexica", "ambas")), peso)
        for t, peso in consultas
    ]


def _expandir(catalogo: Catalogo, texto: str, sinonimos: bool) -> str:
    expansiones = catalogo.expansiones(texto, sinonimos=sinonimos)
    return f"{texto} ({'; '.join(expansiones)})" if expansiones else texto
