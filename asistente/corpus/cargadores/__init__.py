"""Carga de archivos del corpus: cada formato en su módulo, todos devuelven un `Documento`.

Cualquier problema con un archivo se expresa como `ErrorDeCarga` con un motivo en
español; quien indexa lo informa y sigue con los demás archivos.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..catalogo import NOMBRE_ARCHIVO as NOMBRE_CATALOGO
from ..catalogo import Catalogo
from ..formatos import FORMATOS_LEGIBLES, LECTOR
from ..identidad import es_identificador_de_norma, titulo_de_norma
from ...modelos import TIPO_DOCUMENTO, TIPO_GUIA, TIPO_NORMA, Documento
from .base import ErrorDeCarga

TITULO_GUIA = "Guía de Asesoría y Asistencia Técnica"

__all__ = ["ErrorDeCarga", "es_cargable", "cargar"]


def es_cargable(ruta: Path) -> bool:
    """¿Es un archivo que el indexador debe intentar cargar? (el catálogo cuenta)."""
    return ruta.name == NOMBRE_CATALOGO or ruta.suffix.lower() in LECTOR


def cargar(ruta: Path, catalogo: Catalogo, datos: bytes | None = None) -> Documento:
    """Lee un archivo y lo convierte en `Documento`. Lanza `ErrorDeCarga` si no se puede."""
    if datos is None:
        datos = leer_bytes(ruta)
    if not datos.strip():
        raise ErrorDeCarga("el archivo está vacío")
    if ruta.name == NOMBRE_CATALOGO:
        from .catalogo import documento_del_catalogo

        return documento_del_catalogo(ruta, catalogo)
    formato = LECTOR.get(ruta.suffix.lower())
    if formato is None:
        raise ErrorDeCarga(formato_no_admitido(ruta))
    if formato == "markdown":
        from .markdown import cargar_markdown as lector
    elif formato == "texto":
        from .texto_plano import cargar_texto as lector
    elif formato == "pdf":
        from .pdf import cargar_pdf as lector
    else:
        from .docx import cargar_docx as lector
    lectura = lector(datos)
    if not any(b.texto.strip() for b in lectura.bloques):
        raise ErrorDeCarga("el archivo no contiene texto")
    documento = _documento(ruta, lectura.bloques, lectura.metadatos, catalogo)
    documento.avisos.extend(lectura.avisos)
    return documento


def formato_no_admitido(ruta: Path) -> str:
    """El motivo para un archivo que no es de ningún formato admitido."""
    return f"formato no admitido ({ruta.suffix or 'sin extensión'}); use {FORMATOS_LEGIBLES}"


def leer_bytes(ruta: Path) -> bytes:
    try:
        return ruta.read_bytes()
    except FileNotFoundError as error:
        raise ErrorDeCarga("el archivo desapareció antes de poder leerlo") from error
    except IsADirectoryError as error:
        raise ErrorDeCarga("es una carpeta, no un archivo") from error
    except PermissionError as error:
        raise ErrorDeCarga("no hay permiso para leer el archivo") from error
    except OSError as error:
        raise ErrorDeCarga(f"no se pudo leer el archivo ({error.strerror or error})") from error


def _documento(ruta: Path, bloques, metadatos: dict, catalogo: Catalogo) -> Documento:
    doc_id = _sanear_id(str(metadatos.get("identificador") or ruta.stem))
    tipo = _tipo(ruta, doc_id, metadatos, bloques)
    if tipo == TIPO_GUIA and not doc_id.lower().startswith("guia"):
        doc_id = f"guia-{doc_id}"
    fuente = str(metadatos.get("fuente") or "")
    return Documento(
        doc_id=doc_id,
        titulo=_titulo(doc_id, tipo, metadatos, catalogo, ruta),
        tipo=tipo,
        bloques=bloques,
        archivo=str(ruta),
        fuente=fuente if re.match(r"https?://", fuente) else str(ruta),
        metadatos=metadatos,
    )


def _sanear_id(texto: str) -> str:
    limpio = re.sub(r"[^A-Za-z0-9._-]+", "-", texto.strip()).strip("-.")
    return limpio or "documento"


def _tipo(ruta: Path, doc_id: str, metadatos: dict, bloques) -> str:
    declarado = str(metadatos.get("tipo", "")).lower()
    if declarado in (TIPO_GUIA, TIPO_NORMA, TIPO_DOCUMENTO):
        return declarado
    if doc_id.lower().startswith("guia") or ruta.parent.name.lower() == "guia":
        return TIPO_GUIA
    if metadatos.get("rango") or es_identificador_de_norma(doc_id):
        return TIPO_NORMA
    from ..fragmentacion.normas import parece_norma

    return TIPO_NORMA if parece_norma(bloques) else TIPO_DOCUMENTO


def _titulo(doc_id: str, tipo: str, metadatos: dict, catalogo: Catalogo, ruta: Path) -> str:
    catalogada = catalogo.norma(doc_id)
    if catalogada:
        return catalogada.titulo
    if tipo == TIPO_NORMA and titulo_de_norma(doc_id):
        return titulo_de_norma(doc_id)
    titulo = str(metadatos.get("titulo") or "").strip()
    if not titulo and tipo == TIPO_GUIA:
        return TITULO_GUIA
    if titulo:
        corto = titulo.split(" - ")[0].strip() if tipo == TIPO_NORMA else titulo
        return corto[:1] + corto[1:].lower() if corto.isupper() else corto
    return ruta.stem.replace("_", " ").replace("-", " ").strip() or doc_id
