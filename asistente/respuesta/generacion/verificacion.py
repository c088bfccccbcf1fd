"""Verificación, oración por oración, de lo que redacta el modelo, contra los pasajes que cita.

Una oración se muestra solo si:
1. cita al menos un pasaje ([n]) y todos los que cita existen;
2. cada cifra, fecha, mes, porcentaje, norma, artículo y nombre propio que afirma aparece
   en alguno de los pasajes que cita (o en su etiqueta: «Ley 152 de 1994, art. 40»);
3. su contenido está respaldado por una oración de esos pasajes, con la misma medida de
   soporte que decide la abstención (`recuperacion.soporte`: qué fracción de sus términos,
   ponderados por especificidad, contiene la mejor oración) por encima de `UMBRAL_SOPORTE`.
Las oraciones de un pasaje que parecen órdenes a un asistente («ignore las instrucciones…»)
no respaldan nada: un documento no puede dictar la respuesta.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ...indexado.lexico import terminos_de_contenido
from ..oraciones import cuerpo, oraciones
from ..recuperacion import soporte
from ...texto import plegar

# Fracción mínima de la oración redactada (términos de contenido ponderados por idf) que debe
# estar en una sola oración del pasaje citado. Para una pregunta, la abstención pide 0,40;
# una oración que afirma algo debe estar casi entera en su fuente. Medido solo con la ley de
# prueba de tests/ (docs/decisiones.md, #12, 2026-12-02): 7 paráfrasis fieles dieron 0,84–1,0 y
# 6 oraciones que agregan algo («…y a la asamblea departamental», «el concejo puede rechazarlo»)
# 0,19–0,68. Falta ajustarlo con el conjunto de desarrollo y un modelo real (`--modo ambos`).
UMBRAL_SOPORTE = 0.75

# Palabras con que se redacta pero que no afirman nada del pasaje («según», «establece»).
_REDACCION = (
        "según acuerdo establece establecen señala señalan indica indican dispone disponen prevé "
        "estipula define definen menciona mencionan documento documentos pasaje pasajes norma normas "
        "guía deberá deberán debe deben corresponde correspondiente respectivo respectiva caso "
        "forma manera dicho dicha mismo misma cual cuales través efecto efectos "
        "también además embargo decir tanto parte"
)


@lru_cache(maxsize=1)
def _palabras_de_redaccion() -> frozenset[str]:
    return frozenset(terminos_de_contenido(_REDACCION))
# Órdenes al asistente escondidas en un documento: esas oraciones no respaldan nada.
_INSTRUCCION = re.compile(
    r"\b(ignor\w*|olvid\w*|omit\w*|desobedec\w*)\b.{0,40}\b(instruccion\w*|indicacion\w*|reglas?|anterior\w*)\b"
    r"|\b(instrucciones?|indicaciones?) (del sistema|anteriores|previas)\b"
    r"|\b(asistente|modelo de lenguaje|inteligencia artificial|chatbot|ia)\b.{0,60}\b(debe|deber[aá]|responda|responder|diga|decir|afirme)\b"
    r"|\b(responda|responde|diga|afirme|conteste)\b.{0,20}\bque\b"
    r"|\b(ignore|disregard|instructions?|system prompt)\b",
    re.IGNORECASE,
)
_NO_CUBRE = re.compile(r"no (cubren|contienen|responden|incluyen|mencionan|tratan)|no (se )?encuentr|no hay informaci|no (lo )?(dicen|indican)", re.IGNORECASE)
_MARCA = re.compile(r"\[\s*\^?(\d{1,3}(?:\s*(?:,|;|y|-|–)\s*\^?\d{1,3})*)\s*\]")
_MARCAS_TRAS_PUNTO = re.compile(r"([.;!?])((?:\s*\[\d{1,3}\])+)")
_VINETA = re.compile(r"^\s*(?:[-*•+]|\d{1,2}[.)])\s+")
_NUMERO = re.compile(r"\d+(?:[.,]\d+)*")
_NUMEROS_EN_LETRAS = {
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
    "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17,
    "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintidos": 22, "veintitres": 23,
    "veinticuatro": 24, "veinticinco": 25, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100, "doscientos": 200,
    "trescientos": 300, "cuatrocientos": 400, "quinientos": 500, "mil": 1000, "millon": 1000000,
    "millones": 1000000,
}
_MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre", "octubre", "noviembre", "diciembre")
_NORMA = re.compile(
    r"\b(ley|decreto(?:[\s-]+ley)?|resolucion|acto legislativo|conpes|acuerdo|ordenanza|circular|sentencia|directiva)"
    r"\s+(?:n[o°º.]*\s*|numero\s+)?([a-z]{0,2}-?\d[\d.]*)",
)
_ARTICULO = re.compile(r"\b(?:articulos?|arts?\.?)\s+(\d+[a-z]?)\b")
_CONSTITUCION = re.compile(r"\bconstitucion\b")
# Palabras con mayúscula que no son nombres (inicio de cláusula, tratamientos, siglas comunes).
_NO_NOMBRES = frozenset(plegar(p) for p in "Según Conforme De Del La El Los Las En Para Por Con Sin Si No Sí Además También Esto Este Esta Ese Esa Dicho Dicha Su Sus Un Una Cada Cuando Como Así Ley Artículo Parágrafo Numeral Literal Inciso".split())
_PALABRA_CON_MAYUSCULA = re.compile(r"(?<![\w.])([A-ZÁÉÍÓÚÑ][\wÁÉÍÓÚÑáéíóúñü-]{2,})")


@dataclass
class Oracion:
    """Una oración del modelo, separada de sus marcas de cita."""

    texto: str  # tal como se mostrará, con sus [n]
    citas: list[int]
    linea: int = 0  # en qué línea (párrafo o viñeta) venía
    vineta: bool = False

    @property
    def sin_marcas(self) -> str:
        return " ".join(_MARCA.sub(" ", self.texto).split())


@dataclass
class Descarte:
    posicion: int  # 1 = la primera oración (la respuesta directa)
    motivo: str  # en español, para el JSON y la evaluación
    clase: str  # sin_cita, cita_inexistente, dato_ausente, sin_soporte, incompleta
    citas: list[int] = field(default_factory=list)
    no_cubre: bool = False  # el modelo dijo que los documentos no cubren la pregunta

    def a_dict(self) -> dict:
        return {"posicion": self.posicion, "clase": self.clase, "motivo": self.motivo, "citas": list(self.citas)}


@dataclass
class Aceptada:
    oracion: Oracion
    posicion: int
    soporte: float
    respaldos: dict[int, str]  # número de cita → la oración del pasaje que la respalda


# --- separar lo redactado en oraciones ---------------------------------------------------------
def normalizar(texto: str) -> str:
    """Marcas de cita uniformes («[1, 2]» → «[1][2]», «. [1]» → « [1].») y sin énfasis de Markdown."""
    texto = texto.replace("\r\n", "\n").replace("**", "").replace("__", "")
    texto = re.sub(r"【(\d{1,3})[^】]*】", r"[\1]", texto)

    def uniformar(marca: re.Match) -> str:
        numeros = re.findall(r"\d{1,3}", marca[1])
        if re.search(r"\d\s*[-–]\s*\d", marca[1]) and len(numeros) == 2 and int(numeros[0]) < int(numeros[1]) <= int(numeros[0]) + 9:
            numeros = [str(n) for n in range(int(numeros[0]), int(numeros[1]) + 1)]
        return "".join(f"[{int(n)}]" for n in numeros)

    texto = _MARCA.sub(uniformar, texto)
    texto = _MARCAS_TRAS_PUNTO.sub(lambda m: " " + " ".join(m[2].split()).replace("] [", "][") + m[1], texto)
    return re.sub(r"[ \t]+\[", " [", texto)


def separar(texto: str) -> list[Oracion]:
    """Las oraciones del texto del modelo, en orden, con las citas de cada una."""
    salida: list[Oracion] = []
    for numero, linea in enumerate(normalizar(texto).split("\n")):
        vineta = bool(_VINETA.match(linea))
        linea = _VINETA.sub("", linea).strip()
        if not re.search(r"\w", linea):
            continue
        for pieza in oraciones(linea):
            pieza = pieza.strip()
            if re.search(r"\w", _MARCA.sub("", pieza)):
                salida.append(Oracion(pieza, [int(n) for n in re.findall(r"\[(\d{1,3})\]", pieza)], numero, vineta))
            elif salida and _MARCA.search(pieza):  # unas marcas sueltas en su propia línea: de la anterior
                salida[-1].citas += [int(n) for n in re.findall(r"\[(\d{1,3})\]", pieza)]
                salida[-1].texto += " " + pieza
    return salida


def completas(texto: str, terminado: bool) -> list[Oracion]:
    """Mientras llega el texto: las oraciones ya cerradas (la última puede seguir escribiéndose)."""
    todas = separar(texto)
    if terminado or not todas:
        return todas
    # La última está cerrada solo si el texto termina con un salto de línea después de ella.
    return todas if texto.endswith("\n") and re.search(r"[.;!?\]]\s*\n$", texto) else todas[:-1]


def componer(aceptadas: list[Aceptada]) -> str:
    """El texto que se muestra: las oraciones aceptadas, con sus párrafos y viñetas."""
    lineas: list[list[str]] = []
    previa = None
    for aceptada in aceptadas:
        oracion = aceptada.oracion
        if previa is None or oracion.linea != previa.linea:
            lineas.append([("- " if oracion.vineta else "") + oracion.texto])
        else:
            lineas[-1].append(oracion.texto)
        previa = oracion
    return "\n".join(" ".join(partes) for partes in lineas)


# --- verificar ---------------------------------------------------------------------------------
@dataclass
class _Parte:  # lo mínimo que `soporte` lee de un fragmento: una sola oración del pasaje
    texto: str
    encabezado: str = ""


@dataclass
class _Una:
    fragmento: _Parte
    partes: list = field(default_factory=list)


class Verificador:
    """Decide, con los pasajes que recibió el modelo, qué oraciones se pueden mostrar."""

    def __init__(
        self, citas: list, idf: Callable[[str], float] | None = None, equivalentes: Callable[[str], dict] | None = None,
        umbral: float = UMBRAL_SOPORTE, ajenas: frozenset[str] = frozenset(),
    ) -> None:
        self.citas = {c.numero: c for c in citas}
        self.ajenas = ajenas  # palabras del catálogo que no dicen de qué trata algo («antioquia»)
        self.idf = idf or (lambda _t: 1.0)
        self.equivalentes = equivalentes or (lambda _t: {})
        self.umbral = umbral
        self._oraciones: dict[int, list[str]] = {}
        self._contextos: dict[int, str] = {}

    def oraciones_de(self, numero: int) -> list[str]:
        """Las oraciones del pasaje que pueden respaldar algo (sin las que dan órdenes)."""
        if numero not in self._oraciones:
            cita = self.citas[numero]
            partes = getattr(cita, "partes", None) or [cita.fragmento]
            todas = [o for parte in partes for o in oraciones(cuerpo(parte))]
            self._oraciones[numero] = [o for o in todas if not _INSTRUCCION.search(plegar(o))]
        return self._oraciones[numero]

    def contexto(self, numero: int) -> str:
        """Pasaje (sin órdenes), su etiqueta y su título, plegados: donde deben estar los datos citados."""
        if numero not in self._contextos:
            cita = self.citas[numero]
            fragmento = cita.fragmento
            encabezado = fragmento.texto.split("\n", 1)[0] if getattr(fragmento, "encabezado", "") else ""
            articulo = f"articulo {fragmento.articulo}" if getattr(fragmento, "articulo", "") else ""
            texto = "\n".join([cita.etiqueta, fragmento.titulo or "", articulo, encabezado, *self.oraciones_de(numero)])
            self._contextos[numero] = " ".join(plegar(texto).split())
        return self._contextos[numero]

    def verificar(self, oracion: Oracion, posicion: int) -> Aceptada | Descarte:
        citas = list(dict.fromkeys(oracion.citas))
        if not citas:
            return Descarte(posicion, "no cita ningún pasaje", "sin_cita", no_cubre=bool(_NO_CUBRE.search(oracion.texto)))
        inexistentes = [n for n in citas if n not in self.citas]
        if inexistentes:
            lista = ", ".join(f"[{n}]" for n in inexistentes)
            return Descarte(posicion, f"cita {lista}, que no es ninguno de los pasajes entregados", "cita_inexistente", citas)
        contexto = " ".join(self.contexto(n) for n in citas)
        ausente = dato_ausente(oracion.sin_marcas, contexto)
        if ausente:
            return Descarte(posicion, f"{ausente} no aparece en el pasaje citado", "dato_ausente", citas)
        valor, respaldos = self.soporte(oracion.sin_marcas, citas)
        if valor < self.umbral:
            return Descarte(posicion, f"el pasaje citado no respalda su contenido (soporte {valor:.2f} < {self.umbral:.2f})", "sin_soporte", citas)
        return Aceptada(oracion, posicion, valor, respaldos)

    def soporte(self, texto: str, citas: list[int]) -> tuple[float, dict[int, str]]:
        """La mejor oración de los pasajes citados según `recuperacion.soporte`, y cuál es en cada pasaje."""
        terminos = [t for t in terminos_de_contenido(texto, self.ajenas) if t not in _palabras_de_redaccion()]
        if not terminos:
            return 0.0, {}
        equivalentes = self.equivalentes(texto)
        mejor, respaldos = 0.0, {}
        for numero in citas:
            puntajes = [(soporte(terminos, [_Una(_Parte(o))], self.idf, equivalentes), o) for o in self.oraciones_de(numero)]
            if not puntajes:
                continue
            valor, oracion = max(puntajes, key=lambda p: p[0])
            if valor > 0:
                respaldos[numero] = oracion
            mejor = max(mejor, valor)
        return mejor, respaldos


def dato_ausente(oracion: str, contexto_plegado: str) -> str:
    """El primer dato de la oración (cifra, mes, norma, artículo, nombre) que el contexto no tiene; "" si todos están."""
    plegada = plegar(oracion)
    disponibles = _numeros(contexto_plegado)
    palabras_del_contexto = set(re.findall(r"[a-z0-9ñ]+", contexto_plegado))
    for crudo, valor in _cifras(plegada):
        if valor not in disponibles:
            return f"la cifra «{crudo}»"
    for mes in _MESES:
        if re.search(rf"\b{mes}\b", plegada) and mes not in palabras_del_contexto:
            return f"la fecha «{mes}»"
    for norma in _NORMA.finditer(plegada):
        tipo, numero = norma[1].replace("-", " "), norma[2].rstrip(".")
        tipo_flexible = r"[\s-]+".join(map(re.escape, tipo.split()))
        patron = rf"\b{tipo_flexible}\s+(?:n[o°º.]*\s*|numero\s+)?{re.escape(numero)}\b"
        if not re.search(patron, contexto_plegado):
            return f"la norma «{norma[0]}»"
    for articulo in _ARTICULO.finditer(plegada):
        if not re.search(rf"\b(?:articulos?|arts?\.?)\s+(?:\d+[a-z]?\s*(?:,|y|o)\s*)*{re.escape(articulo[1])}\b", contexto_plegado):
            return f"el artículo «{articulo[1]}»"
    if _CONSTITUCION.search(plegada) and not _CONSTITUCION.search(contexto_plegado):
        return "la Constitución"
    for nombre in _nombres(oracion):
        if nombre not in contexto_plegado:
            return f"el nombre «{nombre}»"
    return ""


def _cifras(plegado: str) -> list[tuple[str, str]]:
    salida = [(n, _canonica(n)) for n in _NUMERO.findall(plegado)]
    salida += [(p, str(_NUMEROS_EN_LETRAS[p])) for p in re.findall(r"[a-zñ]+", plegado) if p in _NUMEROS_EN_LETRAS]
    return salida


def _numeros(plegado: str) -> set[str]:
    valores = {_canonica(n) for n in _NUMERO.findall(plegado)}
    valores |= {str(_NUMEROS_EN_LETRAS[p]) for p in re.findall(r"[a-zñ]+", plegado) if p in _NUMEROS_EN_LETRAS}
    return valores


def _canonica(numero: str) -> str:
    """«1.000» y «1000» son lo mismo; «2,5» es 2.5; «04» es 4."""
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", numero):
        numero = numero.replace(".", "")
    numero = numero.replace(",", ".").rstrip(".")
    try:
        valor = float(numero)
    except ValueError:
        return numero
    return str(int(valor)) if valor.is_integer() else f"{valor:g}"


def _nombres(oracion: str) -> list[str]:
    """Palabras con mayúscula que no abren la oración ni una cláusula: nombres de entidades o lugares."""
    nombres = []
    for hallazgo in _PALABRA_CON_MAYUSCULA.finditer(oracion):
        antes = oracion[: hallazgo.start()].rstrip()
        if not antes or antes[-1] in ".:;«\"(¿¡—-":
            continue
        palabra = plegar(hallazgo[1])
        if palabra in _NO_NOMBRES:
            continue
        nombres.append(palabra)
    return nombres
