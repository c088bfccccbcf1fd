"""Normalización de texto compartida por la carga, la fragmentación y la búsqueda."""
from __future__ import annotations

import re
import unicodedata

# Caracteres invisibles que SUIN y los PDF dejan dentro de las palabras
# (guion suave, espacios de ancho cero, BOM): rompen la detección de
# encabezados y la búsqueda léxica si no se quitan.
_INVISIBLES = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_ESPACIOS = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_ENFASIS = re.compile(r"(\*+|(?<!\w)_+|_+(?!\w))")
_ETIQUETA_HTML = re.compile(r"<[^>\n]{1,200}>")


def limpiar_invisibles(texto: str) -> str:
    """Quita caracteres invisibles y unifica los espacios de una línea."""
    texto = texto.translate(_INVISIBLES)
    return _ESPACIOS.sub(" ", texto)


def quitar_marcado(texto: str) -> str:
    """Convierte una línea de Markdown en texto llano (sin énfasis, títulos ni etiquetas)."""
    texto = _ETIQUETA_HTML.sub(" ", texto)
    texto = re.sub(r"^\s{0,3}#{1,6}\s*", "", texto)
    texto = _ENFASIS.sub("", texto)
    texto = re.sub(r"\s+([.,;:])", r"\1", texto)
    # Al quitar «***» quedan pegados encabezado y título: «4°.***Principios» → «4°. Principios».
    texto = re.sub(r"(?<=[a-záéíóúñ°º\d\)])([.:;])(?=[A-ZÁÉÍÓÚÑ¿])", r"\1 ", texto)
    return _ESPACIOS.sub(" ", texto).strip()


class _SinMarcas(dict):
    """Tabla para str.translate que aprende cada carácter la primera vez que lo ve: su
    descomposición NFKD sin marcas combinantes («á» → «a», «ñ» → «n», «º» → «o»)."""

    def __missing__(self, codigo: int) -> str:
        descompuesto = unicodedata.normalize("NFKD", chr(codigo))
        self[codigo] = valor = "".join(c for c in descompuesto if not unicodedata.combining(c))
        return valor


_SIN_MARCAS = _SinMarcas()


def sin_tildes(texto: str) -> str:
    """NFKD sin marcas combinantes, recompuesto (NFC): carácter por carácter da lo mismo que sobre
    el texto entero, porque el reordenamiento canónico solo mueve marcas, y las marcas se quitan."""
    if texto.isascii():
        return texto
    return unicodedata.normalize("NFC", texto.translate(_SIN_MARCAS))


def plegar(texto: str) -> str:
    """Minúsculas sin tildes: «Artículo» y «ARTICULO» comparan igual."""
    return sin_tildes(texto.lower())


def tipo_oracion(texto: str) -> str:
    """«MARCO CONCEPTUAL» → «Marco conceptual», respetando siglas conocidas."""
    if not texto.isupper():
        return texto
    palabras = texto.lower().split()
    siglas = {"dsegpp", "mipg", "dap", "pdt", "abc", "sgp"}
    salida = []
    for i, palabra in enumerate(palabras):
        nucleo = palabra.strip("¿?¡!().,:;")
        if nucleo in siglas:
            palabra = palabra.replace(nucleo, nucleo.upper())
        elif i == 0 or salida[-1].endswith((".", "¿", "¡")):
            palabra = _capitalizar(palabra)
        salida.append(palabra)
    return " ".join(salida)


def _capitalizar(palabra: str) -> str:
    for i, c in enumerate(palabra):
        if c.isalpha():
            return palabra[:i] + c.upper() + palabra[i + 1 :]
    return palabra


def resumir(texto: str, limite: int = 160) -> str:
    texto = " ".join(texto.split())
    return texto if len(texto) <= limite else texto[: limite - 1].rstrip() + "…"
