"""Piezas comunes de los cargadores: el error, el resultado de una lectura y la decodificación."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...modelos import Bloque

# Proporción máxima de caracteres de control tolerada en un archivo de texto.
_MAX_CONTROL = 0.01


class ErrorDeCarga(Exception):
    """El archivo no se puede indexar; `str(error)` es el motivo, en español, para el personal."""


@dataclass
class Lectura:
    bloques: list[Bloque]
    metadatos: dict = field(default_factory=dict)
    avisos: list[str] = field(default_factory=list)


def decodificar_texto(datos: bytes) -> tuple[str, str | None]:
    """Devuelve (texto, aviso). El aviso explica una decodificación distinta de UTF-8."""
    if b"\x00" in datos[:65536]:
        raise ErrorDeCarga("no es un archivo de texto (contiene datos binarios)")
    aviso = None
    try:
        texto = datos.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Las oficinas con Windows guardan a menudo en Windows-1252 (ANSI).
            texto = datos.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ErrorDeCarga("no es texto UTF-8 ni Windows-1252; guárdelo como UTF-8") from error
        aviso = "no estaba en UTF-8; se leyó como Windows-1252 (revise tildes y eñes)"
    controles = sum(1 for c in texto if ord(c) < 32 and c not in "\n\r\t\f")
    if texto and controles / len(texto) > _MAX_CONTROL:
        raise ErrorDeCarga("no es un archivo de texto (contiene datos binarios)")
    return texto.replace("\r\n", "\n").replace("\r", "\n"), aviso


def parrafos(texto: str) -> list[str]:
    """Divide un texto en párrafos separados por líneas en blanco."""
    salida, actual = [], []
    for linea in texto.split("\n"):
        if linea.strip():
            actual.append(linea.rstrip())
        elif actual:
            salida.append("\n".join(actual))
            actual = []
    if actual:
        salida.append("\n".join(actual))
    return salida
