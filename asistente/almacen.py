"""Acceso a Chroma (embebido o servidor) y al registro que dice qué versión del índice está activa.

El registro es un único registro en la colección `asistente-registro`: cambiarlo es
una sola escritura de Chroma (una transacción de SQLite en modo embebido), así que
la versión activa pasa de la vieja a la nueva de una vez o no pasa.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from . import entorno  # noqa: F401
from .configuracion import Configuracion

COLECCION_REGISTRO = "asistente-registro"
PREFIJO_VERSION = "fragmentos-"
_ID_REGISTRO = "activa"


class ErrorDeAlmacen(RuntimeError):
    pass


def cliente_chroma(configuracion: Configuracion):
    import chromadb
    from chromadb.config import Settings

    ajustes = Settings(anonymized_telemetry=False, allow_reset=False)
    if configuracion.chroma_url:
        url = urlparse(configuracion.chroma_url)
        if not url.hostname:
            raise ErrorDeAlmacen(f"ASISTENTE_CHROMA_URL no es una URL válida: {configuracion.chroma_url}")
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=ajustes,
            )
        except Exception as error:
            raise ErrorDeAlmacen(f"No se pudo conectar con el servidor de Chroma en {configuracion.chroma_url}: {error}") from error
    carpeta = configuracion.indice / "chroma"
    carpeta.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(carpeta), settings=ajustes)


@dataclass
class Manifiesto:
    """Lo que describe una versión del índice: qué archivos tiene, con qué modelo y cuándo."""

    version: int
    coleccion: str
    modelo: str
    creado: str
    fragmentos: int = 0
    archivos: dict = field(default_factory=dict)  # ruta → {sha256, doc_id, titulo, ...}
    omitidos: dict = field(default_factory=dict)  # ruta → {sha256, motivo}

    @property
    def etiqueta(self) -> str:
        return f"v{self.version:04d}"

    def a_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False)

    @classmethod
    def desde_json(cls, texto: str) -> "Manifiesto":
        return cls(**json.loads(texto))


class Registro:
    def __init__(self, cliente) -> None:
        self._coleccion = cliente.get_or_create_collection(COLECCION_REGISTRO, embedding_function=None)

    def leer(self) -> Manifiesto | None:
        datos = self._coleccion.get(ids=[_ID_REGISTRO], include=["documents"])
        if not datos["ids"]:
            return None
        return Manifiesto.desde_json(datos["documents"][0])

    def activar(self, manifiesto: Manifiesto) -> None:
        # Vector ficticio de una dimensión: Chroma exige uno por registro.
        self._coleccion.upsert(ids=[_ID_REGISTRO], documents=[manifiesto.a_json()], embeddings=[[1.0]])


def nombre_coleccion(version: int) -> str:
    return f"{PREFIJO_VERSION}v{version:04d}"


def versiones_existentes(cliente) -> list[str]:
    return sorted(c.name for c in cliente.list_collections() if c.name.startswith(PREFIJO_VERSION))


def carpeta_cache(configuracion: Configuracion, manifiesto: Manifiesto) -> Path:
    """Copia local (derivable de Chroma) de los textos y del BM25 de una versión."""
    return configuracion.indice / "versiones" / manifiesto.coleccion
