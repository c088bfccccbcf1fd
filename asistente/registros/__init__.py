"""Los registros de las personas en una sola base: opiniones, validaciones, auditoría y cuentas.

    bd = BaseDeRegistros.en(configuracion)     # datos/registros.sqlite3, o ASISTENTE_BD_URL (PostgreSQL)
    with bd.transaccion() as conexion:         # lo que debe quedar junto (un veredicto y su línea de auditoría)
        ...

Por omisión es un archivo SQLite bajo ASISTENTE_DATOS, sin nada que instalar; con
ASISTENTE_BD_URL=postgresql+psycopg://… varios servidores comparten los mismos registros.
El esquema lo llevan las migraciones de Alembic (`migraciones/`), que se aplican solas al
abrir la base, con un cerrojo para que dos servidores no migren a la vez. Al abrirla con
`en(configuracion)` también se traen, una sola vez, los archivos de la versión anterior
(`heredados`). La contraseña de la URL nunca se muestra: los mensajes usan `visible`.

Concurrencia: en SQLite, modo WAL, espera ante bloqueos y `BEGIN IMMEDIATE` en cada
escritura (un escritor a la vez, ninguno falla por «database is locked»); en PostgreSQL,
transacciones normales y, donde hace falta contar antes de escribir (el freno del
ingreso), cerrojos consultivos por clave (`cerrojo`).
"""
from __future__ import annotations

import contextvars
import hashlib
import logging
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

registro = logging.getLogger("asistente.registros")

NOMBRE_ARCHIVO = "registros.sqlite3"
# La última migración de `migraciones/versions` (una prueba lo comprueba): si la base ya
# está en ella, abrirla no carga Alembic (medio segundo menos en cada orden de la CLI).
REVISION_ACTUAL = "0001"
ESPERA_BLOQUEO_S = 30.0
_CLAVE_MIGRACION = "asistente-dsegpp:migracion"


class ErrorDeRegistros(RuntimeError):
    """No se pudo abrir o migrar la base de registros; `str(error)` lo explica en español, sin contraseñas."""


def url_visible(url: str) -> str:
    """La URL sin la contraseña («postgresql+psycopg://ana:***@servidor/registros»)."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001  (una URL mal escrita tampoco debe mostrar lo que traiga)
        return "(URL de base de datos no válida)"


def normalizar_url(url: str) -> str:
    """Acepta «postgresql://» y «postgres://» como «postgresql+psycopg://» (el único controlador instalado)."""
    url = url.strip()
    for prefijo in ("postgres://", "postgresql://"):
        if url.startswith(prefijo):
            return "postgresql+psycopg://" + url[len(prefijo):]
    return url


def validar_url(url: str) -> str:
    """La URL normalizada; ValueError en español si no es SQLite ni PostgreSQL con psycopg."""
    from sqlalchemy.engine import make_url

    url = normalizar_url(url)
    try:
        nombre = make_url(url).drivername
    except Exception:  # noqa: BLE001
        raise ValueError(f"La URL de la base de registros no es válida: {url_visible(url)}. "
                         "Use postgresql+psycopg://usuario:contraseña@servidor:5432/base.") from None
    if nombre not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise ValueError(f"Base de registros no admitida «{nombre}»: use postgresql+psycopg://… (o sqlite:///ruta).")
    return url


_actual: contextvars.ContextVar = contextvars.ContextVar("transaccion_de_registros", default=None)


class BaseDeRegistros:
    """Un motor de SQLAlchemy por base y por proceso (`abrir` los reutiliza), con el esquema al día."""

    _abiertas: dict[tuple[str, int], "BaseDeRegistros"] = {}
    _cerrojo_abiertas = threading.Lock()

    def __init__(self, url: str, espera_s: float = ESPERA_BLOQUEO_S) -> None:
        from sqlalchemy import create_engine, event
        from sqlalchemy.engine import make_url

        self._url = validar_url(url)
        self.visible = url_visible(self._url)
        self.espera_s = espera_s
        datos_url = make_url(self._url)
        self.es_sqlite = datos_url.get_backend_name() == "sqlite"
        self.ruta: Path | None = Path(datos_url.database) if self.es_sqlite and datos_url.database not in (None, "", ":memory:") else None
        self._importados: set = set()
        self._cerrojo_importar = threading.Lock()
        if self.es_sqlite:
            if self.ruta is None:
                raise ErrorDeRegistros("La base de registros en SQLite necesita un archivo (sqlite:///ruta/registros.sqlite3).")
            _crear_archivo_privado(self.ruta)
            self.motor = create_engine(self._url, connect_args={"timeout": espera_s, "check_same_thread": False})

            @event.listens_for(self.motor, "connect")
            def _al_conectar(conexion_dbapi, _registro):
                conexion_dbapi.isolation_level = None  # las transacciones las abre «begin» (abajo)
                cursor = conexion_dbapi.cursor()
                cursor.execute(f"PRAGMA busy_timeout = {int(espera_s * 1000)}")
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.close()

            @event.listens_for(self.motor, "begin")
            def _al_empezar(conexion):
                # IMMEDIATE toma el cerrojo de escritura al empezar: dos escritores esperan su turno
                # (busy_timeout) en vez de fallar al querer pasar de lectura a escritura.
                conexion.exec_driver_sql("BEGIN IMMEDIATE" if conexion.get_execution_options().get("escritura") else "BEGIN")
        else:
            self.motor = create_engine(
                self._url, pool_pre_ping=True, pool_size=5, max_overflow=15, pool_timeout=espera_s,
                connect_args={"connect_timeout": 10, "application_name": "asistente-dsegpp"},
                hide_parameters=True,
            )
        try:
            self._migrar()
        except ErrorDeRegistros:
            raise
        except Exception as error:
            self.motor.dispose()
            raise ErrorDeRegistros(f"No se pudo abrir la base de registros {self.visible}: {_sin_contrasena(error, self._url)}") from None

    # --- abrir -------------------------------------------------------------------------------
    @classmethod
    def abrir(cls, url: str) -> "BaseDeRegistros":
        """La base de esa URL, una vez por proceso (el motor y su grupo de conexiones se comparten)."""
        url = validar_url(url)
        clave = (url, os.getpid())
        with cls._cerrojo_abiertas:
            bd = cls._abiertas.get(clave)
            if bd is None:
                bd = cls._abiertas[clave] = cls(url)
        return bd

    @classmethod
    def en_archivo(cls, ruta: str | Path) -> "BaseDeRegistros":
        return cls.abrir(url_sqlite(Path(ruta)))

    @classmethod
    def en(cls, configuracion, importar: bool = True) -> "BaseDeRegistros":
        """La base de la configuración; con `importar`, trae antes los archivos de la versión anterior."""
        bd = cls.abrir(configuracion.url_registros)
        if importar:
            bd.importar_heredados(configuracion)
        return bd

    def importar_heredados(self, configuracion) -> list:
        """Una vez por proceso y carpeta: los archivos viejos se traen (o se reconocen ya traídos)."""
        from .heredados import importar

        clave = (str(configuracion.datos), str(configuracion.usuarios))
        with self._cerrojo_importar:
            if clave in self._importados:
                return []
            resultado = importar(self, configuracion.datos, configuracion.usuarios)
            self._importados.add(clave)
        return resultado

    # --- transacciones -------------------------------------------------------------------------
    @contextmanager
    def transaccion(self) -> Iterator:
        """Una transacción de escritura; dentro de otra de esta misma base, es la misma (todo o nada)."""
        actual = _actual.get()
        if actual is not None and actual[0] is self:
            yield actual[1]
            return
        with self.motor.connect() as conexion:
            conexion.execution_options(escritura=True)
            with conexion.begin():
                marca = _actual.set((self, conexion))
                try:
                    yield conexion
                finally:
                    _actual.reset(marca)

    @contextmanager
    def lectura(self) -> Iterator:
        """Una conexión para leer (la de la transacción en curso, si la hay: ve lo que esta escribió)."""
        actual = _actual.get()
        if actual is not None and actual[0] is self:
            yield actual[1]
            return
        with self.motor.connect() as conexion:
            with conexion.begin():
                yield conexion

    def cerrojo(self, conexion, *claves: str) -> None:
        """Dentro de `transaccion`: espera su turno para cada clave hasta el final de la transacción.

        En PostgreSQL, un cerrojo consultivo por clave (solo esperan quienes usan la misma);
        en SQLite la transacción ya es de un solo escritor a la vez.
        """
        if self.es_sqlite:
            return
        for clave in claves:  # siempre en el orden dado: quien las pide en el mismo orden no se traba
            conexion.exec_driver_sql("SELECT pg_advisory_xact_lock(%(clave)s)", {"clave": _numero_de_clave(clave)})

    # --- esquema --------------------------------------------------------------------------------
    def _revision_sin_alembic(self) -> str | None:
        from sqlalchemy import text

        try:
            with self.motor.connect() as conexion:
                return conexion.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:  # noqa: BLE001  (aún no hay tabla: la base es nueva)
            return None

    def _migrar(self) -> None:
        if self._revision_sin_alembic() == REVISION_ACTUAL:
            return
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        configuracion = Config()
        configuracion.set_main_option("script_location", str(Path(__file__).parent / "migraciones"))
        guiones = ScriptDirectory.from_config(configuracion)
        with self.transaccion() as conexion:
            self.cerrojo(conexion, _CLAVE_MIGRACION)  # dos servidores que arrancan a la vez migran de a uno
            actual = MigrationContext.configure(conexion).get_current_revision()
            if actual == guiones.get_current_head():
                return
            if actual is not None and actual not in {g.revision for g in guiones.walk_revisions()}:
                raise ErrorDeRegistros(
                    f"La base de registros {self.visible} está en la versión «{actual}», más nueva que la de este programa: "
                    "actualice el asistente en este servidor."
                )
            from alembic import command

            registro.info("Migrando la base de registros %s (de %s a %s)", self.visible, actual or "vacía", guiones.get_current_head())
            configuracion.attributes["connection"] = conexion
            command.upgrade(configuracion, "head")

    def revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.lectura() as conexion:
            return MigrationContext.configure(conexion).get_current_revision()

    def cerrar(self) -> None:
        with self._cerrojo_abiertas:
            self._abiertas.pop((self._url, os.getpid()), None)
        self.motor.dispose()

    def __repr__(self) -> str:
        return f"BaseDeRegistros({self.visible})"


class AlmacenDeRegistros:
    """Lo común de las opiniones, la auditoría, las validaciones y las cuentas: una base de registros.

    `destino`: la base, o la ruta de un archivo SQLite (p. ej. en las pruebas); `en(configuracion)`,
    la de la configuración (SQLite en datos/ o PostgreSQL)."""

    def __init__(self, destino: "str | Path | BaseDeRegistros") -> None:
        self.bd = destino if isinstance(destino, BaseDeRegistros) else BaseDeRegistros.en_archivo(destino)
        self.ruta = self.bd.ruta  # None en PostgreSQL

    @classmethod
    def en(cls, configuracion):
        return cls(BaseDeRegistros.en(configuracion))


def url_sqlite(ruta: Path) -> str:
    return f"sqlite:///{Path(ruta).expanduser().absolute()}"


def _crear_archivo_privado(ruta: Path) -> None:
    """El archivo nace con permisos 0600: guarda hashes de contraseñas y lo que escriben las personas."""
    ruta.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(ruta, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)


def _numero_de_clave(clave: str) -> int:
    """Un entero de 64 bits con signo estable para pg_advisory_xact_lock."""
    return int.from_bytes(hashlib.sha256(clave.encode("utf-8")).digest()[:8], "big", signed=True)


def _sin_contrasena(error: BaseException, url: str) -> str:
    from sqlalchemy.engine import make_url

    texto = str(getattr(error, "orig", None) or error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    try:
        contrasena = make_url(url).password
    except Exception:  # noqa: BLE001
        contrasena = None
    if contrasena:
        texto = texto.replace(str(contrasena), "***")
    return texto
