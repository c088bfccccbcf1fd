"""Markdown con encabezado YAML opcional (formato de las normas de SUIN y de la guía)."""
from __future__ import annotations

import re

from ...modelos import Bloque
from ..yaml_acotado import YamlRechazado, leer_yaml
from .base import ErrorDeCarga, Lectura, decodificar_texto, parrafos

# Los encabezados de SUIN ocupan menos de 1 KB; un título largo, unos cientos de caracteres.
ENCABEZADO_MAXIMO_BYTES = 16 * 1024
CAMPO_MAXIMO_CARACTERES = 2000
CAMPOS_MAXIMOS = 50

_ENCABEZADO_YAML = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(\n|\Z)", re.DOTALL)
_TITULO = re.compile(r"^(#{1,6})\s+(.*)$")


def cargar_markdown(datos: bytes) -> Lectura:
    texto, aviso = decodificar_texto(datos)
    metadatos: dict = {}
    coincidencia = _ENCABEZADO_YAML.match(texto)
    if coincidencia:
        metadatos = _encabezado(coincidencia.group(1))
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


def _encabezado(texto: str) -> dict:
    """Los campos del encabezado YAML, acotados: sin alias, tamaño, cantidad y largo de cada campo."""
    try:
        metadatos = leer_yaml(texto, maximo_bytes=ENCABEZADO_MAXIMO_BYTES) or {}
    except YamlRechazado as error:
        raise ErrorDeCarga(f"el encabezado YAML (entre las líneas ---) {error}") from error
    if not isinstance(metadatos, dict):
        raise ErrorDeCarga("el encabezado YAML (entre las líneas ---) no es un diccionario de campos")
    if len(metadatos) > CAMPOS_MAXIMOS:
        raise ErrorDeCarga(f"el encabezado YAML tiene {len(metadatos)} campos (máximo {CAMPOS_MAXIMOS})")
    for clave, valor in metadatos.items():
        if len(str(clave)) + len(str(valor)) > CAMPO_MAXIMO_CARACTERES:
            raise ErrorDeCarga(
                f"el campo «{str(clave)[:40]}» del encabezado YAML supera {CAMPO_MAXIMO_CARACTERES} caracteres"
            )
    return metadatos
