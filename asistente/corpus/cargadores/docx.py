"""DOCX con python-docx: títulos por estilo de párrafo y tablas como filas de texto."""
from __future__ import annotations

import io
import re
import zipfile

from ...modelos import Bloque
from ...texto import limpiar_invisibles
from .base import ErrorDeCarga, Lectura

_ESTILO_TITULO = re.compile(r"^(heading|t[ií]tulo|encabezado)\s*(\d)?$", re.IGNORECASE)


def cargar_docx(datos: bytes) -> Lectura:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        documento = docx.Document(io.BytesIO(datos))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ErrorDeCarga("el DOCX está dañado o no es un documento de Word válido") from error
    except Exception as error:  # python-docx lanza varios tipos ante un paquete incompleto
        raise ErrorDeCarga(f"el DOCX está dañado o incompleto ({type(error).__name__})") from error

    bloques: list[Bloque] = []
    for elemento in documento.element.body.iterchildren():
        etiqueta = elemento.tag.rsplit("}", 1)[-1]
        if etiqueta == "p":
            parrafo = Paragraph(elemento, documento)
            texto = limpiar_invisibles(parrafo.text).strip()
            if texto:
                bloques.append(Bloque(texto, nivel=_nivel(parrafo)))
        elif etiqueta == "tbl":
            for fila in Table(elemento, documento).rows:
                celdas = [limpiar_invisibles(c.text).strip() for c in fila.cells]
                if any(celdas):
                    bloques.append(Bloque(" | ".join(celdas)))
    metadatos = {}
    titulo = (documento.core_properties.title or "").strip()
    if titulo:
        metadatos["titulo"] = titulo
    return Lectura(bloques, metadatos)


def _nivel(parrafo) -> int:
    nombre = (parrafo.style.name if parrafo.style is not None else "") or ""
    if nombre.lower() == "title":
        return 1
    coincidencia = _ESTILO_TITULO.match(nombre.strip())
    if coincidencia:
        return min(int(coincidencia.group(2) or 1), 6)
    return 0
