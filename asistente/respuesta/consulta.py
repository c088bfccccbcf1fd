"""Análisis de la pregunta: limpieza, validación y referencias a normas y artículos."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..corpus.identidad import clase_nombrada, clave_articulo, patron_de_clases
from ..texto import limpiar_invisibles, plegar

LONGITUD_MAXIMA = 1000

_ETIQUETA = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_NORMA = re.compile(
    rf"\b(?P<clase>{patron_de_clases()})"
    r"\s+(?:(?:numero|num\.?|no\.?|n\.?[°º]|n°|nº)\s*)?(?P<numero>\d{1,5}(?:\.\d{3})?)"
    r"(?:\s*(?:de(?:l)?|/|-)\s*(?:(?:ano|año)\s+)?(?P<anio>\d{4}|\d{2})(?!\d))?"
)
_ARTICULO = re.compile(
    r"\b(?:articulos?|arts?\.?)\s*(?P<lista>(?:\d{1,4}(?:-\d+|-?[a-z](?![a-z]))?|transitorio)"
    r"(?:\s*(?:,|y|e|o|al|a)\s*(?:\d{1,4}(?:-\d+|-?[a-z](?![a-z]))?))*)"
)
# «Hola, buenas tardes, una pregunta: …», «oiga, y …»: el saludo o la muletilla del comienzo no dice
# de qué trata la pregunta y, embebido con ella, la aleja de los artículos que la responden.
_SALUDO = re.compile(
    r"^[\W_]*(?:(?:hola|buen[oa]s(?:\s+(?:d[ií]as|tardes|noches))?|oiga|oigan|oye|mire|disculpe|perd[oó]n|"
    r"(?:tengo\s+)?una\s+(?:pregunta|consulta|duda)|por\s+favor|porfa(?:vor)?|saludos)\b[\s,.:;!¡-]*)+(?:y\s+)?",
    re.IGNORECASE,
)
_PALABRAS_INGLES = {"the", "what", "is", "are", "how", "who", "when", "which", "does", "of", "and", "plan", "law", "should", "can", "with", "for", "to", "a", "in", "do", "my"}
_PALABRAS_ESPANOL = {"el", "la", "los", "las", "de", "del", "que", "qué", "cual", "cuál", "como", "cómo", "quien", "quién", "cuando", "cuándo", "es", "son", "un", "una", "para", "por", "en", "y", "se", "lo", "le", "al", "debe", "puede", "plan", "ley"}


class PreguntaInvalida(ValueError):
    """La pregunta no se puede procesar; el mensaje, en español, es para quien preguntó."""


@dataclass(frozen=True)
class ReferenciaNorma:
    clase: str  # «LEY»
    numero: str  # «152»
    anio: str | None  # «1994» o None si no se dijo

    @property
    def legible(self) -> str:
        clase = self.clase.replace("-", " ").capitalize()
        return f"{clase} {self.numero}" + (f" de {self.anio}" if self.anio else "")

    def coincide(self, doc_id: str) -> bool:
        partes = doc_id.upper().split("-")
        if len(partes) < 3:
            return False
        clase, numero, anio = "-".join(partes[:-2]), partes[-2], partes[-1]
        # SUIN identifica los decretos ley como DECRETO-N-AÑO: «decreto ley 019» es el Decreto 19.
        misma_clase = clase == self.clase or (self.clase == "DECRETO-LEY" and clase == "DECRETO")
        return misma_clase and numero == self.numero and (self.anio is None or anio == self.anio)


@dataclass
class Consulta:
    original: str
    texto: str  # limpio: sin HTML, sin espacios sobrantes
    normas: list[ReferenciaNorma] = field(default_factory=list)
    articulos: list[str] = field(default_factory=list)  # claves comparables: «40», «18A»
    en_otro_idioma: bool = False


def analizar(pregunta: str) -> Consulta:
    if pregunta is None:
        raise PreguntaInvalida("La pregunta está vacía. Escriba qué quiere saber.")
    texto = _limpiar(str(pregunta))
    if not texto:
        raise PreguntaInvalida("La pregunta está vacía. Escriba qué quiere saber.")
    if len(texto) > LONGITUD_MAXIMA:
        raise PreguntaInvalida(
            f"La pregunta es demasiado larga ({_miles(len(texto))} caracteres; el máximo es {_miles(LONGITUD_MAXIMA)}). "
            "Escríbala de forma más breve, con una sola pregunta."
        )
    if not re.search(r"[^\W\d_]{2,}", texto):
        raise PreguntaInvalida("La pregunta no contiene palabras. Escriba su pregunta en español, por ejemplo: «¿Quién aprueba el plan de desarrollo municipal?».")
    sin_saludo = _SALUDO.sub("", texto)
    if re.search(r"[^\W\d_]{2,}", sin_saludo):  # «Hola» solo queda como está
        texto = sin_saludo
    plegado = plegar(texto)
    return Consulta(
        original=str(pregunta),
        texto=texto,
        normas=_normas(plegado),
        articulos=_articulos(plegado),
        en_otro_idioma=_parece_ingles(plegado),
    )


def _miles(numero: int) -> str:
    return f"{numero:,}".replace(",", ".")  # 20.000, como se escribe en Colombia


def quitar_referencias(texto: str, frases: list[str] = ()) -> str:
    """La pregunta sin las menciones de normas («según la Ley 152 de 1994», «del estatuto anticorrupción»).

    Cuando la búsqueda ya se limita a esas normas, nombrarlas solo acerca la pregunta a
    los artículos que repiten el nombre de la ley, no a los que responden.
    """
    plegado = plegar(texto)
    if len(plegado) != len(texto):  # las posiciones deben coincidir para cortar el original
        return texto
    tramos = [m.span() for m in _NORMA.finditer(plegado)]
    for frase in frases:
        tramos += [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(frase) + r"(?!\w)", plegado)]
    if not tramos:
        return texto
    conector = re.compile(r"(?:\b(?:segun|de|del|en|por|para)\s+)?(?:\b(?:el|la|los|las)\s+)?$")
    partes, desde = [], 0
    for inicio, fin in sorted(tramos, key=lambda t: (t[0], -t[1])):  # a igual inicio, el nombre más largo
        if inicio < desde:
            continue
        antes = conector.search(plegado[desde:inicio])
        partes.append(texto[desde : desde + antes.start()] if antes else texto[desde:inicio])
        desde = fin
    partes.append(texto[desde:])
    limpio = re.sub(r"\s+([?,.;:])", r"\1", re.sub(r"\s+", " ", "".join(partes))).strip(" ,;")
    return limpio if re.search(r"[^\W\d_]{3,}", limpio) else texto


def _limpiar(texto: str) -> str:
    texto = html.unescape(_SCRIPT.sub(" ", texto))
    texto = _ETIQUETA.sub(" ", texto)
    texto = limpiar_invisibles(texto)
    texto = "".join(c if c.isprintable() else " " for c in texto)
    return re.sub(r"\s+", " ", texto).strip()


def _normas(plegado: str) -> list[ReferenciaNorma]:
    referencias = []
    for m in _NORMA.finditer(plegado):
        clase = clase_nombrada(m.group("clase"))
        numero = m.group("numero").replace(".", "").lstrip("0") or "0"
        anio = m.group("anio")
        if anio and len(anio) == 2:
            anio = ("19" if int(anio) > 40 else "20") + anio
        referencia = ReferenciaNorma(clase, numero, anio)
        if referencia not in referencias:
            referencias.append(referencia)
    return referencias


def _articulos(plegado: str) -> list[str]:
    claves = []
    for m in _ARTICULO.finditer(plegado):
        lista = m.group("lista")
        rango = re.match(r"^(\d+)\s*al?\s*(\d+)$", lista)
        if rango and 0 < int(rango.group(2)) - int(rango.group(1)) <= 20:
            numeros = [str(n) for n in range(int(rango.group(1)), int(rango.group(2)) + 1)]
        else:
            numeros = re.findall(r"\d{1,4}(?:-\d+|-?[a-z](?![a-z]))?|transitorio", lista)
        for numero in numeros:
            clave = clave_articulo(numero)
            if clave not in claves:
                claves.append(clave)
    return claves


def _parece_ingles(plegado: str) -> bool:
    palabras = re.findall(r"[a-z]+", plegado)
    if len(palabras) < 3:
        return False
    ingles = sum(p in _PALABRAS_INGLES for p in palabras)
    espanol = sum(p in _PALABRAS_ESPANOL for p in palabras)
    return ingles >= 2 and ingles > 2 * espanol
