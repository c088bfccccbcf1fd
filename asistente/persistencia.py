"""Escritura duradera en disco: conexiones SQLite compartidas entre procesos y carpetas sincronizadas."""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path


@contextmanager
def conexion_sqlite(ruta: Path, espera_s: float):
    """Conexión en modo WAL y autocommit: los lectores no bloquean al que escribe, y un
    escritor ocupado hace esperar (hasta `espera_s`) en vez de fallar con «database is locked»."""
    conexion = sqlite3.connect(ruta, timeout=espera_s, isolation_level=None)
    with closing(conexion):
        conexion.row_factory = sqlite3.Row
        conexion.execute(f"PRAGMA busy_timeout = {int(espera_s * 1000)}")
        conexion.execute("PRAGMA journal_mode = WAL")
        yield conexion


def preparar_base(ruta: Path, esquema: str, version: int, espera_s: float) -> None:
    """Crea la base (y su carpeta) si falta y aplica su esquema, idempotente."""
    ruta.parent.mkdir(parents=True, exist_ok=True)
    with conexion_sqlite(ruta, espera_s) as conexion:
        conexion.executescript(esquema)
        conexion.execute(f"PRAGMA user_version = {version}")


def sincronizar_carpeta(carpeta: Path) -> None:
    """Un renombre o un borrado sobrevive a un corte de luz solo si también se escribe la carpeta."""
    try:
        descriptor = os.open(carpeta, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
