"""Escritura duradera en disco: carpetas sincronizadas (los registros de las personas están en `asistente.registros`)."""
from __future__ import annotations

import os
from pathlib import Path


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
