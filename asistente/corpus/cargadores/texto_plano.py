"""Texto plano: los títulos se reconocen por estar en mayúsculas (como en la guía recibida)."""
from __future__ import annotations

import re

from ...modelos import Bloque
from .base import Lectura, decodificar_texto, parrafos

_NUMERADO_CORTO = re.compile(r"^\d+\.\s+\S.{0,60}$")


def cargar_texto(datos: bytes) -> Lectura:
    texto, aviso = decodificar_texto(datos)
    bloques = [Bloque(p, nivel=_nivel_de_titulo(p)) for p in parrafos(texto)]
    return Lectura(bloques, {}, [aviso] if aviso else [])


def _nivel_de_titulo(parrafo: str) -> int:
    if "\n" in parrafo or len(parrafo) > 90 or parrafo.rstrip().endswith((".", ",", ";", ":")):
        return 0
    letras = [c for c in parrafo if c.isalpha()]
    if letras and all(c.isupper() for c in letras):
        return 2
    if _NUMERADO_CORTO.match(parrafo.strip()):
        return 3
    return 0
