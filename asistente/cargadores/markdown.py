"""Markdown con encabezado YAML opcional (formato de las normas de SUIN y de la guía)."""
from __future__ import annotations

import re

import yaml

from ..modelos import Bloque
from .base import ErrorDeCarga, Lectura, decodificar_texto, parrafos

_ENCABEZADO_YAML = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(\n|\Z)", re.DOTALL)
_TITULO = re.compile(r"^(#{1,6})\s+(.*)$")


def cargar_markdown(datos: bytes) -> Lectura:
    texto, aviso = decodificar_texto(datos)
    metadatos: dict = {}
    coincidencia = _ENCABEZADO_YAML.match(texto)
    if coincidencia:
        try:
            metadatos = yaml.safe_load(coincidencia.group(1)) or {}
        except yaml.YAMLError as error:
            raise ErrorDeCarga(f"el encabezado YAML (entre las líneas ---) no es válido: {_primera_linea(error)}") from error
        if not isinstance(metadatos, dict):
            raise ErrorDeCarga("el encabezado YAML (entre las líneas ---) no es un diccionario de campos")
        texto = texto[coincidencia.end():]
    bloques = []
    for parrafo in parrafos(texto):
        # Un título de Markdown es un bloque propio aunque no lo separe una línea en blanco.
        pendiente: list[str] = []
        for linea in parrafo.split("\n"):
            titulo = _TITULO.match(linea)
            if titulo:
                if pendiente:
                    bloques.append(Bloque("\n".join(pendiente)))
                    pendiente = []
                bloques.append(Bloque(linea, nivel=len(titulo.group(1))))
            else:
                pendiente.append(linea)
        if pendiente:
            bloques.append(Bloque("\n".join(pendiente)))
    return Lectura(bloques, metadatos, [aviso] if aviso else [])


def _primera_linea(error: Exception) -> str:
    return str(error).strip().split("\n")[0]
