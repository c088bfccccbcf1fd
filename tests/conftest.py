"""Fijaciones compartidas. El índice completo (corpus/ + ../shared/normativa) se construye
una sola vez por ejecución: embeber las 21 leyes toma varios minutos."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from asistente import entorno  # noqa: E402,F401  (telemetría apagada antes que nada)

COMPARTIDO = Path(os.environ.get("ASISTENTE_COMPARTIDO", RAIZ.parent / "shared"))
NORMATIVA = COMPARTIDO / "normativa"
CORPUS = RAIZ / "corpus"
GUIA = CORPUS / "guia" / "guia-asesoria-asistencia-tecnica.md"
MOTIVO_SIN_NORMATIVA = f"no está {NORMATIVA}: estas pruebas leen las 21 leyes de ../shared/normativa (no se copian al repositorio)"


def requiere_normativa():
    if not NORMATIVA.is_dir() or not any(NORMATIVA.glob("*.md")):
        pytest.skip(MOTIVO_SIN_NORMATIVA)


@pytest.fixture(scope="session")
def normativa() -> Path:
    requiere_normativa()
    return NORMATIVA


@pytest.fixture(scope="session")
def catalogo():
    from asistente.catalogo import catalogo_en

    return catalogo_en(CORPUS / "catalogo.yaml")


@pytest.fixture(scope="session")
def configuracion_completa(tmp_path_factory, normativa):
    """Índice real de corpus/ + las 21 leyes, construido una vez por sesión."""
    from asistente.configuracion import Configuracion
    from asistente.indexador import actualizar

    carpeta = Path(os.environ["ASISTENTE_PRUEBAS_INDICE"]) if os.environ.get("ASISTENTE_PRUEBAS_INDICE") else tmp_path_factory.mktemp("indice-completo")
    configuracion = Configuracion(corpus=(CORPUS, normativa), indice=carpeta, datos=tmp_path_factory.mktemp("datos"), chroma_url=os.environ.get("ASISTENTE_CHROMA_URL") or None)
    resumen = actualizar(configuracion)
    assert not resumen.omitidos, resumen.omitidos
    return configuracion


@pytest.fixture(scope="session")
def asistente_completo(configuracion_completa):
    from asistente import Asistente

    return Asistente(configuracion_completa).preparar()
