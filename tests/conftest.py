"""Fijaciones compartidas. El índice completo (corpus/ + ../shared/normativa) se construye
una sola vez por ejecución: embeber las 21 leyes toma varios minutos."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
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
    configuracion = Configuracion(
        corpus=(CORPUS, normativa), indice=carpeta, datos=tmp_path_factory.mktemp("datos"),
        chroma_url=os.environ.get("ASISTENTE_CHROMA_URL") or None,
        chroma_base=os.environ.get("ASISTENTE_CHROMA_BASE") or "asistente",
    )
    resumen = actualizar(configuracion)
    assert not resumen.omitidos, resumen.omitidos
    return configuracion


@pytest.fixture(scope="session")
def asistente_completo(configuracion_completa):
    from asistente import Asistente

    return Asistente(configuracion_completa).preparar()


# --- Chroma en modo servidor: un `chroma run` real en 127.0.0.1 -------------------------------
EXIGIR_SERVIDOR_CHROMA = os.environ.get("ASISTENTE_EXIGIR_SERVIDOR_CHROMA") == "1"


def ejecutable_chroma() -> str | None:
    """El `chroma` del mismo entorno que Python (el venv puede no estar en PATH), o el del PATH."""
    junto = Path(sys.executable).parent / "chroma"
    if junto.is_file() and os.access(junto, os.X_OK):
        return str(junto)
    return shutil.which("chroma")


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def latido(url: str, espera: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=espera) as respuesta:
            return respuesta.status == 200
    except OSError:
        return False


class ServidorChroma:
    """Un `chroma run --path CARPETA --host 127.0.0.1 --port N` lanzado por las pruebas."""

    def __init__(self, carpeta: Path, espera: float = 60.0, puerto: int | None = None) -> None:
        ejecutable = ejecutable_chroma()
        if ejecutable is None:
            raise RuntimeError("no se encontró el ejecutable «chroma» (pip install chromadb) junto a Python ni en el PATH")
        carpeta.mkdir(parents=True, exist_ok=True)
        self.carpeta = carpeta
        self.puerto = puerto or _puerto_libre()
        self.url = f"http://127.0.0.1:{self.puerto}"
        self.bitacora = carpeta / "chroma.log"
        with open(self.bitacora, "wb") as salida:
            self.proceso = subprocess.Popen(
                [ejecutable, "run", "--path", str(carpeta / "datos"), "--host", "127.0.0.1", "--port", str(self.puerto)],
                stdout=salida, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        limite = time.monotonic() + espera
        while not latido(self.url):
            if self.proceso.poll() is not None or time.monotonic() > limite:
                self.detener()
                cola = self.bitacora.read_text(errors="replace")[-1500:]
                raise RuntimeError(f"«chroma run» no respondió en {self.url} (código {self.proceso.returncode}):\n{cola}")
            time.sleep(0.2)

    def detener(self) -> None:
        terminar_proceso(self.proceso, 15)


def terminar_proceso(proceso: subprocess.Popen, espera_s: float) -> None:
    """Termina un proceso de prueba con cortesía y, si no responde, a la fuerza."""
    if proceso.poll() is None:
        proceso.terminate()
        try:
            proceso.wait(timeout=espera_s)
        except subprocess.TimeoutExpired:
            proceso.kill()
            proceso.wait(timeout=espera_s)


def sin_servidor_chroma(motivo: str):
    """Salta la prueba, salvo en CI (ASISTENTE_EXIGIR_SERVIDOR_CHROMA=1), donde falla."""
    if EXIGIR_SERVIDOR_CHROMA:
        pytest.fail(f"{motivo} (ASISTENTE_EXIGIR_SERVIDOR_CHROMA=1: en CI no se salta)")
    pytest.skip(motivo)


@pytest.fixture(scope="session")
def servidor_chroma(tmp_path_factory):
    """URL de un servidor Chroma real: ASISTENTE_PRUEBAS_CHROMA_URL si se da; si no, un `chroma run` propio."""
    externo = os.environ.get("ASISTENTE_PRUEBAS_CHROMA_URL")
    if externo:
        if not latido(externo.rstrip("/"), espera=5):
            sin_servidor_chroma(f"ASISTENTE_PRUEBAS_CHROMA_URL={externo} no responde")
        yield externo.rstrip("/")
        return
    try:
        servidor = ServidorChroma(tmp_path_factory.mktemp("servidor-chroma"))
    except (RuntimeError, OSError) as error:
        sin_servidor_chroma(f"no se pudo arrancar un servidor Chroma para las pruebas: {error}")
    try:
        yield servidor.url
    finally:
        servidor.detener()


def base_unica() -> str:
    """Una base de datos de Chroma por prueba: las pruebas comparten el servidor sin pisarse."""
    return f"prueba-{uuid.uuid4().hex[:12]}"


def configuracion_de_prueba(carpeta: Path, chroma_url: str | None = None, **cambios):
    """Configuración con todo bajo `carpeta` (corpus en carpeta/corpus); en modo servidor, con su propia base."""
    from asistente.configuracion import Configuracion

    return Configuracion(
        corpus=(carpeta / "corpus",),
        indice=carpeta / "indice",
        datos=carpeta / "datos",
        usuarios=carpeta / "personal" / "usuarios.json",
        chroma_url=chroma_url,
        **({"chroma_base": base_unica()} if chroma_url else {}),
        **cambios,
    )


@pytest.fixture(params=["embebido", pytest.param("servidor", marks=pytest.mark.servidor_chroma)])
def configuracion_por_modo(request, tmp_path):
    """La configuración de la prueba con Chroma embebido y con un `chroma run` real (una base por prueba)."""
    url = request.getfixturevalue("servidor_chroma") if request.param == "servidor" else None
    return configuracion_de_prueba(tmp_path, url)


# --- personal: cuentas creadas con la CLI de verdad ------------------------------------------
CONTRASENA_PERSONAL = "Revision-de-prueba-2025"


def crear_cuenta_personal(archivo: Path, datos: Path, usuario: str = "revisora", contrasena: str = CONTRASENA_PERSONAL) -> str:
    """`python -m asistente personal agregar USUARIO --contrasena-stdin`; la auditoría de la CLI va a `datos`."""
    resultado = subprocess.run(
        [sys.executable, "-m", "asistente", "personal", "agregar", usuario, "--contrasena-stdin", "--archivo", str(archivo)],
        input=contrasena + "\n", capture_output=True, text=True, timeout=120, cwd=RAIZ,
        env={**os.environ, "ASISTENTE_DATOS": str(datos), "ASISTENTE_USUARIOS": str(archivo)},
    )
    assert resultado.returncode == 0, resultado.stderr
    return usuario


@pytest.fixture
def servicio_personal(tmp_path):
    """Un `Servicio` de la web (sin servidor) sobre la ley de prueba pequeña, con su índice ya construido.

    La carpeta de cargas es tmp_path/datos/cargas; las cuentas, tmp_path/personal/usuarios.json.
    """
    from dataclasses import replace

    from test_web_conversacion import configuracion_pequena

    from asistente.indexador import actualizar
    from asistente.web.servidor import crear_servicio

    configuracion = replace(configuracion_pequena(tmp_path), usuarios=tmp_path / "personal" / "usuarios.json")
    servicio = crear_servicio(configuracion)
    actualizar(servicio.configuracion)
    return servicio
