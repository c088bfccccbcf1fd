"""Oraciones de un pasaje y sus raíces: lo que la redacción cita y la abstención mide."""
from __future__ import annotations

import re
from functools import lru_cache

from ..indexado.lexico import tokenizar
from ..modelos import Fragmento

# No se corta en «:»: lo que sigue a los dos puntos completa la oración («… así: a) …»).
_CORTE = re.compile(r"(?<=[.;!?])\s+(?=[«\"(¿¡]?[A-ZÁÉÍÓÚÑ0-9])")
_ABREVIATURA = re.compile(
    r"(?:^|\s)(?:art|arts|núm|num|no|nos|inc|lit|par|dr|dra|sr|sra|etc|ej|cfr|pág|págs|d|c|s|a|ltda|cía|ord|dec|res|vr|esp)\.$",
    re.IGNORECASE,
)
# «Artículo 14», «"Artículo 4º»: el número del artículo que otro reescribe, en el texto citado.
_MARCA_DE_ARTICULO = r"(?i:art[ií]culo)\s+\d{1,4}\s*[A-Z]?\s*[°º]?"
# «4.», «16.1.1.», «b)», «Parágrafo 1°.», «Numeral 3.», «Fase 2.» y, en el texto que un artículo
# reescribe, «"Artículo 14.»: marcas de lista o de artículo que van con lo que sigue.
_ENUMERADOR = re.compile(
    r"^[\"«]?((\d{1,3}(\.\d{1,3})*|[a-zA-Z]|[IVXLC]{1,6})[.)°º-]*"
    r"|(?i:par[aá]grafo)(\s+\w+)?(\s*\d+\s*[°º]?)?\.?"
    r"|(Numeral|Literal|Inciso|Fase)\s+\w+\.?"
    rf"|{_MARCA_DE_ARTICULO}\.?)$"
)
# «Artículo 74. Trámites del plan de desarrollo. El plan…»: en el texto que un artículo reescribe,
# el número y el título del artículo reescrito van con su primera oración.
_ARTICULO_REESCRITO = re.compile(rf"^[\"«]?{_MARCA_DE_ARTICULO}\.\s+[^.;:]{{1,80}}\.$")
# «1. Joven. Toda persona entre 14 y 28 años…»: el término que se define va con su definición.
_TITULO_DE_ITEM = re.compile(r"^(\d{1,3}(\.\d{1,3})*|[a-zA-Z])[.)°º-]*\s+(?P<titulo>[^.;:]{1,60})\.$")
_PALABRAS_DE_TITULO = 6
PREFIJO = 5  # «inscribir» e «inscripción» comparten «inscr»


def oraciones(texto: str) -> list[str]:
    """Divide un cuerpo de texto en oraciones; las marcas de lista quedan con su oración."""
    salida: list[str] = []
    for linea in texto.split("\n"):
        linea = linea.strip()
        if not re.search(r"\w", linea):  # vacía, o separador de tabla («| --- | --- |»)
            continue
        if linea.startswith("|"):  # fila de tabla: sin sus celdas vacías, que solo alinean columnas
            linea = "| " + " | ".join(c.strip() for c in linea.strip("|").split("|") if c.strip()) + " |"
            salida.append(linea)
            continue
        actual = ""
        for pieza in _CORTE.split(linea):
            actual = f"{actual} {pieza}".strip() if actual else pieza
            if not (_ABREVIATURA.search(actual) or _ENUMERADOR.match(actual) or _titulo_de_item(actual) or _ARTICULO_REESCRITO.match(actual)):
                salida.append(actual)
                actual = ""
        if actual:
            salida.append(actual)
    return salida


def _titulo_de_item(texto: str) -> str:
    """«1. Joven.» → «Joven»; "" si el texto no es solo la marca de un ítem y un título corto."""
    encontrado = _TITULO_DE_ITEM.match(texto)
    return encontrado["titulo"] if encontrado and len(texto.split()) <= _PALABRAS_DE_TITULO + 1 else ""


def termino_definido(oracion: str) -> str:
    """«1. Joven. Toda persona…» → «Joven»; "" si la oración no empieza por un ítem con título."""
    for corte in re.finditer(r"\.(?=\s)", oracion[:80]):
        titulo = _titulo_de_item(oracion[: corte.end()])
        if titulo:
            return titulo
    return ""


def cuerpo(fragmento: Fragmento) -> str:
    """Texto sin la primera línea (encabezado del artículo o migas de la sección)."""
    if fragmento.encabezado and "\n" in fragmento.texto:
        return fragmento.texto.split("\n", 1)[1]
    return fragmento.texto


def raices(texto: str) -> set[str]:
    tokens = _tokens(texto)
    return set(tokens) | {t[:PREFIJO] for t in tokens if len(t) > PREFIJO}


@lru_cache(maxsize=20_000)
def _tokens(texto: str) -> tuple[str, ...]:
    """Las mismas oraciones de los mismos pasajes vuelven en muchas preguntas."""
    return tuple(tokenizar(texto))
