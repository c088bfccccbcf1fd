"""Acceso a Chroma (embebido o servidor) y al registro que dice qué versión del índice está activa.

El registro es un único registro en la colección `asistente-registro`: cambiarlo es
una sola escritura de Chroma (una transacción de SQLite en modo embebido), así que
la versión activa pasa de la vieja a la nueva de una vez o no pasa.

Modo servidor (ASISTENTE_CHROMA_URL=http://host:puerto de un `chroma run`): varios
servidores de aplicación comparten el índice. Cada índice vive en su propia base de
datos de Chroma (ASISTENTE_CHROMA_BASE), que se crea si falta, así que varios índices
pueden compartir un servidor. La copia local de textos y BM25 (carpeta del índice)
se deriva de Chroma: un servidor de aplicación nuevo arranca con la carpeta vacía.
El cerrojo del indexador sí es local: solo una máquina debe ejecutar el indexador.
"""
from __future__ import annotations

import hashlib
import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from .. import entorno  # noqa: F401
from ..configuracion import Configuracion

COLECCION_REGISTRO = "asistente-registro"
PREFIJO_VERSION = "fragmentos-"
PREFIJO_TEXTOS = "textos-"
_ID_REGISTRO = "activa"
# Sin límite, un servidor colgado dejaría colgada cada consulta; conectar debe ser rápido.
_ESPERA_CONEXION_S = 5.0
_ESPERA_RESPUESTA_S = 120.0

_bases_listas: set[tuple[str, str, str]] = set()
_cerrojo_bases = threading.Lock()


class ErrorDeAlmacen(RuntimeError):
    """Chroma no está disponible o está mal configurado; el mensaje, en español, dice qué hacer."""


def cliente_chroma(configuracion: Configuracion, nuevo: bool = False):
    """Cliente de Chroma: embebido bajo la carpeta del índice o, con `chroma_url`, el del servidor.

    `nuevo` (embebido): un cliente que vuelve a leer la carpeta, y así ve lo que otro proceso
    agregó a una colección ya abierta en este (los vectores de la fase semántica, #15)."""
    import chromadb
    from chromadb.config import Settings

    ajustes = Settings(anonymized_telemetry=False, allow_reset=False)
    if configuracion.chroma_url:
        return _cliente_servidor(configuracion, ajustes)
    carpeta = configuracion.indice / "chroma"
    carpeta.mkdir(parents=True, exist_ok=True)
    if nuevo:
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    return chromadb.PersistentClient(path=str(carpeta), settings=ajustes)


def _cliente_servidor(configuracion: Configuracion, ajustes):
    from chromadb.errors import NotFoundError

    with _traducir_errores(configuracion.chroma_url, configuracion.chroma_base, configuracion.chroma_inquilino):
        try:
            return _abrir_http(configuracion, ajustes)
        except NotFoundError:
            # El servidor se reinició con otra carpeta de datos: se vuelve a crear la base.
            with _cerrojo_bases:
                _bases_listas.discard(_clave(configuracion))
            return _abrir_http(configuracion, ajustes)


def _clave(configuracion: Configuracion) -> tuple[str, str, str]:
    return (str(configuracion.chroma_url), configuracion.chroma_inquilino, configuracion.chroma_base)


def _abrir_http(configuracion: Configuracion, ajustes):
    import chromadb

    host, puerto, ssl = _destino(str(configuracion.chroma_url))
    if _clave(configuracion) not in _bases_listas:  # una vez por proceso, no en cada apertura
        _asegurar_base(configuracion, ajustes, host, puerto, ssl)
        with _cerrojo_bases:
            _bases_listas.add(_clave(configuracion))
    cliente = chromadb.HttpClient(
        host=host, port=puerto, ssl=ssl, settings=ajustes,
        tenant=configuracion.chroma_inquilino, database=configuracion.chroma_base,
    )
    _limitar_esperas(cliente)
    return cliente


def _destino(url_texto: str) -> tuple[str, int, bool]:
    url = urlparse(url_texto)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ErrorDeAlmacen(
            f"ASISTENTE_CHROMA_URL no es una URL válida: «{url_texto}». Use la forma http://host:puerto, p. ej. http://127.0.0.1:8000."
        )
    try:
        puerto = url.port or (443 if url.scheme == "https" else 8000)
    except ValueError:
        raise ErrorDeAlmacen(f"El puerto de ASISTENTE_CHROMA_URL no es válido: «{url_texto}».") from None
    return url.hostname, puerto, url.scheme == "https"


def _asegurar_base(configuracion: Configuracion, ajustes, host: str, puerto: int, ssl: bool) -> None:
    """Crea el inquilino y la base de datos del índice si faltan (dos procesos pueden intentarlo a la vez)."""
    import chromadb
    from chromadb.errors import NotFoundError

    admin = chromadb.AdminClient(_ajustes_http(ajustes, host, puerto, ssl))
    _limitar_esperas(admin)
    inquilino, base = configuracion.chroma_inquilino, configuracion.chroma_base
    try:
        admin.get_tenant(inquilino)
    except NotFoundError:
        _crear(lambda: admin.create_tenant(inquilino), lambda: admin.get_tenant(inquilino))
    try:
        admin.get_database(base, tenant=inquilino)
    except NotFoundError:
        _crear(lambda: admin.create_database(base, tenant=inquilino), lambda: admin.get_database(base, tenant=inquilino))


def _ajustes_http(ajustes, host: str, puerto: int, ssl: bool):
    from chromadb.config import Settings

    return Settings(
        anonymized_telemetry=ajustes.anonymized_telemetry,
        allow_reset=ajustes.allow_reset,
        chroma_api_impl="chromadb.api.fastapi.FastAPI",
        chroma_server_host=host,
        chroma_server_http_port=puerto,
        chroma_server_ssl_enabled=ssl,
    )


def _crear(crear, comprobar) -> None:
    try:
        crear()
    except Exception as error:
        try:
            comprobar()  # otro proceso pudo crearla a la vez: si ya existe, basta
        except Exception:
            raise error from None


def _limitar_esperas(cliente) -> None:
    # chromadb crea su sesión httpx sin límite de espera y no ofrece ajuste para ello.
    import httpx

    sesion = getattr(getattr(cliente, "_server", None), "_session", None)
    if isinstance(sesion, httpx.Client):
        sesion.timeout = httpx.Timeout(_ESPERA_RESPUESTA_S, connect=_ESPERA_CONEXION_S)


@contextmanager
def _traducir_errores(url: str | None, base: str = "", inquilino: str = ""):
    """Convierte los errores de red y de validación de Chroma en `ErrorDeAlmacen` con un mensaje útil."""
    import httpx
    from chromadb.errors import ChromaError, InvalidArgumentError

    try:
        yield
    except ErrorDeAlmacen:
        raise
    except (httpx.TransportError, ConnectionError) as error:
        raise ErrorDeAlmacen(_sin_conexion(url, error)) from error
    except InvalidArgumentError as error:
        if not base:
            raise ErrorDeAlmacen(f"El servidor de Chroma en {url} rechazó la operación: {error}") from error
        raise ErrorDeAlmacen(
            f"El servidor de Chroma en {url} rechazó la base «{base}» o el inquilino «{inquilino}»: use de 3 a 512 letras sin tildes, números, «.», «_» o «-», "
            f"que empiecen y terminen con letra o número (ASISTENTE_CHROMA_BASE, ASISTENTE_CHROMA_INQUILINO). Detalle: {error}"
        ) from error
    except ChromaError as error:
        raise ErrorDeAlmacen(f"El servidor de Chroma en {url} respondió con un error: {error}") from error
    except ValueError as error:  # chromadb avisa así de que no pudo conectar
        if "connect" in str(error).lower():
            raise ErrorDeAlmacen(_sin_conexion(url, error)) from error
        raise


def _sin_conexion(url: str | None, error: Exception) -> str:
    return (
        f"No se pudo conectar con el servidor de Chroma en {url}. Compruebe que está en marcha "
        f"(«chroma run --path CARPETA --host HOST --port PUERTO») y que ASISTENTE_CHROMA_URL es correcta. "
        f"Detalle: {type(error).__name__}: {error}"
    )


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
    # Colección con los textos de todos los fragmentos (#15): la de vectores puede estar aún
    # incompleta (búsqueda semántica en preparación). "" en las versiones anteriores a #15,
    # cuya colección de vectores tiene todos los fragmentos.
    textos: str = ""

    @property
    def etiqueta(self) -> str:
        return f"v{self.version:04d}"

    def a_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False)

    @classmethod
    def desde_json(cls, texto: str) -> "Manifiesto":
        return cls(**json.loads(texto))


class Registro:
    """La versión activa del índice. En modo servidor, un fallo de red es un `ErrorDeAlmacen` en español."""

    def __init__(self, cliente) -> None:
        self._url = _url_de(cliente)
        with self._errores():
            self._coleccion = cliente.get_or_create_collection(COLECCION_REGISTRO, embedding_function=None)

    def leer(self) -> Manifiesto | None:
        with self._errores():
            datos = self._coleccion.get(ids=[_ID_REGISTRO], include=["documents"])
        if not datos["ids"]:
            return None
        return Manifiesto.desde_json(datos["documents"][0])

    def activar(self, manifiesto: Manifiesto) -> None:
        # Vector ficticio de una dimensión: Chroma exige uno por registro. La colección activa va
        # también en los metadatos: mirar si cambió no lee el manifiesto entero (con 10.354 leyes
        # ocupa megabytes y decodificarlo costaba 100–400 ms; #15).
        with self._errores():
            self._coleccion.upsert(ids=[_ID_REGISTRO], documents=[manifiesto.a_json()], embeddings=[[1.0]],
                                   metadatas=[{"coleccion": manifiesto.coleccion, "creado": manifiesto.creado}])

    def coleccion_activa(self) -> tuple[str, str] | None:
        """(colección, creado) de la versión activa, sin leer el manifiesto; None si no hay índice."""
        with self._errores():
            datos = self._coleccion.get(ids=[_ID_REGISTRO], include=["metadatas"])
        if not datos["ids"]:
            return None
        metadatos = datos["metadatas"][0] or {}
        if "coleccion" not in metadatos:  # registro escrito antes de #15
            manifiesto = self.leer()
            return (manifiesto.coleccion, manifiesto.creado) if manifiesto else None
        return metadatos["coleccion"], metadatos.get("creado", "")

    def _errores(self):
        return _traducir_errores(self._url) if self._url else _sin_traduccion()


@contextmanager
def _sin_traduccion():
    yield


def _url_de(cliente) -> str | None:
    """La URL del servidor de un cliente HTTP de Chroma; None si es embebido."""
    servidor = getattr(cliente, "_server", None)
    obtener = getattr(servidor, "get_api_url", None)
    if obtener is None or not callable(obtener):
        return None
    try:
        url = urlparse(str(obtener()))
    except Exception:
        return None
    return f"{url.scheme}://{url.netloc}"  # sin «/api/v2»: la misma forma que ASISTENTE_CHROMA_URL


def nombre_coleccion(version: int) -> str:
    return f"{PREFIJO_VERSION}v{version:04d}"


def nombre_textos(coleccion: str) -> str:
    """La colección de textos de una versión: «textos-v0007» para «fragmentos-v0007»."""
    return PREFIJO_TEXTOS + coleccion.removeprefix(PREFIJO_VERSION)


def textos_existentes(cliente) -> list[str]:
    return sorted(c.name for c in cliente.list_collections() if c.name.startswith(PREFIJO_TEXTOS))


def versiones_existentes(cliente) -> list[str]:
    return sorted(c.name for c in cliente.list_collections() if c.name.startswith(PREFIJO_VERSION))


def carpeta_cache(configuracion: Configuracion, manifiesto: Manifiesto) -> Path:
    """Copia local (derivable de Chroma) de los textos y del BM25 de una versión.

    En modo servidor el nombre lleva la base y una huella del manifiesto: si el
    servidor se vació y volvió a construir una «v0001» distinta, o si dos índices
    comparten la carpeta, nunca se reutiliza una copia que no le corresponde. Empieza
    por el nombre de la colección porque así reconoce el indexador qué copias conservar.
    """
    carpeta = configuracion.indice / "versiones"
    if not configuracion.chroma_url:
        return carpeta / manifiesto.coleccion
    huella = hashlib.sha256(f"{manifiesto.coleccion}|{manifiesto.creado}|{manifiesto.modelo}|{manifiesto.fragmentos}".encode()).hexdigest()[:12]
    return carpeta / f"{manifiesto.coleccion}.{configuracion.chroma_base}-{huella}"


def describir_almacen(configuracion: Configuracion) -> str:
    """Dónde está el índice, en una línea para el personal (CLI y pestaña del índice)."""
    if configuracion.chroma_url:
        return f"servidor Chroma {configuracion.chroma_url} (base «{configuracion.chroma_base}»)"
    return f"Chroma embebido en {configuracion.indice / 'chroma'}"


def version_activa(configuracion: Configuracion) -> str:
    """La etiqueta de la versión activa («v0007»), o "" si no hay índice o no se puede leer."""
    try:
        manifiesto = Registro(cliente_chroma(configuracion)).leer()
    except Exception:  # para anotar la auditoría: nunca debe impedir la acción que se anota
        return ""
    return manifiesto.etiqueta if manifiesto else ""
