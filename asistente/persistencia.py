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
