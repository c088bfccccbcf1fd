"""Fijaciones compartidas. El índice completo (corpus/ + ../shared/normativa) se construye una
sola vez por ejecución: embeber las 21 leyes toma varios minutos. El ampliado (más las siete
normas de ../shared/ampliacion) se hace a partir de una copia suya, embebiendo solo lo nuevo."""
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
AMPLIACION = COMPARTIDO / "ampliacion"
CORPUS = RAIZ / "corpus"
GUIA = CORPUS / "guia" / "guia-asesoria-asistencia-tecnica.md"
MOTIVO_SIN_NORMATIVA = f"no está {NORMATIVA}: estas pruebas leen las 21 leyes de ../shared/normativa (no se copian al repositorio)"


EXIGIR_COMPARTIDO = os.environ.get("ASISTENTE_EXIGIR_COMPARTIDO") == "1"


def sin_compartido(motivo: str):
    """Salta la prueba que lee ../shared, salvo en CI (ASISTENTE_EXIGIR_COMPARTIDO=1), donde falla."""
    if EXIGIR_COMPARTIDO:
        pytest.fail(f"{motivo} (ASISTENTE_EXIGIR_COMPARTIDO=1: en CI no se salta)")
    pytest.skip(motivo)


def requiere_normativa():
    if not NORMATIVA.is_dir() or not any(NORMATIVA.glob("*.md")):
        sin_compartido(MOTIVO_SIN_NORMATIVA)


# --- niveles: «rapido» para el ciclo de editar y probar ---------------------------------------
# `python -m pytest -m rapido`: sin índice (ni el completo ni uno pequeño), sin ../shared, sin
# navegador y sin servidores. La marca se pone sola: es rápida toda prueba que no pide (ni a
# través de otra) ninguna de estas fijaciones y no lleva ninguna de estas marcas. Las que
# construyen un índice o lanzan un proceso por su cuenta llevan la marca «lento».
FIJACIONES_LENTAS = frozenset({
    "configuracion_completa", "asistente_completo", "normativa",  # el índice de las 21 leyes y ../shared
    "chromium", "servidor_chroma", "servidor_postgresql",  # navegador y servidores
    "servicio_personal", "configuracion_por_modo",  # índices pequeños que se construyen en la prueba
})
# Fijaciones de un solo archivo de pruebas que construyen un índice pequeño o lanzan un servidor.
FIJACIONES_LENTAS_LOCALES = {
    "test_web_conversacion.py": {"configuracion"},
    "test_generacion.py": {"base"},
    "test_web_blindaje.py": {"servidor"},
}
MARCAS_LENTAS = ("navegador", "servidor_chroma", "postgresql", "normativa", "lento")


@pytest.hookimpl(tryfirst=True)  # antes de que `-m` seleccione
def pytest_collection_modifyitems(config, items):
    for item in items:
        fijaciones = set(getattr(item, "fixturenames", ()))
        if "normativa" in fijaciones:
            item.add_marker(pytest.mark.normativa)
        lentas = FIJACIONES_LENTAS | FIJACIONES_LENTAS_LOCALES.get(item.path.name, set())
        if fijaciones & lentas or any(item.get_closest_marker(m) for m in MARCAS_LENTAS):
            continue
        item.add_marker(pytest.mark.rapido)


@pytest.fixture(scope="session")
def normativa() -> Path:
    requiere_normativa()
    return NORMATIVA


# --- la ley de prueba pequeña: índices que se construyen en segundos ---------------------------
LEY = """---
titulo: "LEY 7001 DE 2020 - de prueba sobre planeación"
identificador: "LEY-7001-2020"
---

**Artículo 1°.** *Objeto*. Esta ley organiza los consejos de planeación del municipio.

**Artículo 2°.** *Plazo*. El alcalde presentará el plan al concejo dentro de los primeros cuatro (4) meses.

**Artículo 3°.** *Seguimiento*. La oficina de planeación evaluará el plan cada año.
"""
PREGUNTA = "¿En qué plazo presenta el alcalde el plan al concejo?"


def configuracion_pequena(carpeta: Path, ley: str = LEY):
    """Un corpus de una sola ley de prueba (`LEY`) bajo `carpeta`; el índice, sin construir."""
    from asistente.configuracion import Configuracion

    corpus = carpeta / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "LEY-7001-2020.md").write_text(ley, encoding="utf-8")
    return Configuracion(corpus=(corpus,), indice=carpeta / "indice", datos=carpeta / "datos")


@pytest.fixture(scope="session")
def ampliacion() -> Path:
    """Los seis decretos y el acto legislativo de ../shared/ampliacion (parte del corpus por omisión)."""
    if not AMPLIACION.is_dir() or not any(AMPLIACION.glob("*.md")):
        sin_compartido(f"no está {AMPLIACION}: el índice completo lleva también las siete normas de la ampliación")
    return AMPLIACION


@pytest.fixture(scope="session")
def catalogo():
    from asistente.corpus.catalogo import catalogo_en

    return catalogo_en(CORPUS / "catalogo.yaml")


@pytest.fixture(scope="session")
def configuracion_completa(tmp_path_factory, normativa):
    """Índice real de corpus/ + las 21 leyes, construido una vez por sesión."""
    from asistente.configuracion import Configuracion
    from asistente.indexado.indexador import actualizar

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


@pytest.fixture(scope="session")
def configuracion_ampliada(configuracion_completa, ampliacion, tmp_path_factory):
    """El índice completo más los seis decretos y el acto legislativo: una copia del completo que
    se actualiza (solo se embebe lo nuevo). ASISTENTE_PRUEBAS_INDICE_AMPLIADO lo conserva entre
    ejecuciones, como ASISTENTE_PRUEBAS_INDICE al completo."""
    from dataclasses import replace

    from asistente.indexado.indexador import actualizar

    guardada = os.environ.get("ASISTENTE_PRUEBAS_INDICE_AMPLIADO")
    carpeta = Path(guardada) if guardada else tmp_path_factory.mktemp("ampliado") / "indice"
    if not carpeta.exists():
        shutil.copytree(configuracion_completa.indice, carpeta)
    # Con Chroma embebido siempre: la copia es de la carpeta del índice (con un servidor no hay
    # vectores que copiar y se embebería todo otra vez, que también funciona).
    configuracion = replace(configuracion_completa, corpus=(*configuracion_completa.corpus, ampliacion), indice=carpeta,
                            datos=tmp_path_factory.mktemp("datos-ampliado"), chroma_url=None)
    resumen = actualizar(configuracion)
    assert not resumen.omitidos, resumen.omitidos
    return configuracion


@pytest.fixture(scope="session")
def asistente_ampliado(configuracion_ampliada):
    from asistente import Asistente

    return Asistente(configuracion_ampliada).preparar()


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


# --- un corpus pequeño de dos leyes y la guía (el indexador, embebido y contra `chroma run`) ----
LEY_A = """---
titulo: "LEY 7001 DE 2020 - de prueba sobre planeación"
identificador: "LEY-7001-2020"
---

**Artículo 1°.** *Objeto*. Esta ley organiza los consejos de planeación del municipio.

**Artículo 2°.** *Plazo*. El alcalde presentará el plan al concejo dentro de los primeros cuatro (4) meses.

**Artículo 3°.** *Seguimiento*. La oficina de planeación evaluará el plan cada año.
"""

LEY_B = """---
identificador: "LEY-7002-2021"
---

**Artículo 1°.** *Veedurías*. Los ciudadanos pueden conformar veedurías para vigilar la gestión pública.

**Artículo 2°.** *Inscripción*. Las veedurías se inscriben ante la personería municipal.
"""


@pytest.fixture
def configuracion(configuracion_por_modo) -> Configuracion:
    return configuracion_por_modo


@pytest.fixture
def corpus(configuracion) -> Path:
    carpeta = configuracion.corpus[0]
    (carpeta / "guia").mkdir(parents=True)
    shutil.copy(GUIA, carpeta / "guia" / GUIA.name)
    (carpeta / "LEY-7001-2020.md").write_text(LEY_A, encoding="utf-8")
    (carpeta / "LEY-7002-2021.md").write_text(LEY_B, encoding="utf-8")
    return carpeta


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

    from asistente.indexado.indexador import actualizar
    from asistente.web.servidor import crear_servicio

    configuracion = replace(configuracion_pequena(tmp_path), usuarios=tmp_path / "personal" / "usuarios.json")
    servicio = crear_servicio(configuracion)
    actualizar(servicio.configuracion)
    return servicio


# --- PostgreSQL: un grupo de bases desechable en 127.0.0.1 -------------------------------------
EXIGIR_POSTGRESQL = os.environ.get("ASISTENTE_EXIGIR_POSTGRESQL") == "1"
BINARIOS_POSTGRESQL = Path(os.environ.get("ASISTENTE_PRUEBAS_POSTGRESQL_BIN", "/usr/lib/postgresql/15/bin"))
USUARIO_SISTEMA_POSTGRESQL = "nobody"  # initdb no acepta root: si las pruebas corren como root, el grupo es de nobody


def binarios_postgresql() -> Path | None:
    """La carpeta con initdb y pg_ctl: ASISTENTE_PRUEBAS_POSTGRESQL_BIN, la de Debian (la versión más nueva) o el PATH."""
    candidatas = [BINARIOS_POSTGRESQL, *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]
    if shutil.which("initdb"):
        candidatas.append(Path(shutil.which("initdb")).parent)
    return next((c for c in candidatas if (c / "initdb").is_file() and (c / "pg_ctl").is_file()), None)


def sin_postgresql(motivo: str):
    """Salta la prueba, salvo en CI (ASISTENTE_EXIGIR_POSTGRESQL=1), donde falla."""
    if EXIGIR_POSTGRESQL:
        pytest.fail(f"{motivo} (ASISTENTE_EXIGIR_POSTGRESQL=1: en CI no se salta)")
    pytest.skip(motivo)


class ServidorPostgresql:
    """initdb + pg_ctl start en una carpeta temporal, solo en 127.0.0.1, con usuario y contraseña propios.

    Si las pruebas corren como root, el grupo pertenece a `nobody` (initdb se niega a correr como root).
    Cada prueba pide su propia base con `nueva_base()`: comparten el servidor sin pisarse.
    """

    USUARIO = "asistente"

    def __init__(self, espera: float = 60.0) -> None:
        import tempfile

        binarios = binarios_postgresql()
        if binarios is None:
            raise RuntimeError("no se encontró initdb/pg_ctl (apt-get install postgresql, o ASISTENTE_PRUEBAS_POSTGRESQL_BIN)")
        self.binarios = binarios
        self.contrasena = f"clave-{uuid.uuid4().hex}"
        self.puerto = _puerto_libre()
        self.carpeta = Path(tempfile.mkdtemp(prefix="asistente-postgresql-"))  # /tmp: nobody no entra en tmp_path de root
        self._como = {"user": USUARIO_SISTEMA_POSTGRESQL} if os.geteuid() == 0 else {}
        clave = self.carpeta / "clave"
        clave.write_text(self.contrasena + "\n")
        if self._como:
            shutil.chown(self.carpeta, USUARIO_SISTEMA_POSTGRESQL)
            shutil.chown(clave, USUARIO_SISTEMA_POSTGRESQL)
        self.bitacora = self.carpeta / "postgresql.log"
        self.datos = self.carpeta / "datos"
        inicio = subprocess.run(
            [str(binarios / "initdb"), "-D", str(self.datos), "-U", self.USUARIO, "--pwfile", str(clave),
             "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            capture_output=True, text=True, timeout=espera, **self._como,
        )
        clave.unlink()
        if inicio.returncode != 0:
            shutil.rmtree(self.carpeta, ignore_errors=True)
            raise RuntimeError(f"initdb falló: {inicio.stderr[-1500:]}")
        opciones = f"-c listen_addresses=127.0.0.1 -p {self.puerto} -k {self.carpeta} -c fsync=off -c max_connections=200"
        arranque = subprocess.run(
            [str(binarios / "pg_ctl"), "-D", str(self.datos), "-l", str(self.bitacora), "-w", "-t", str(int(espera)), "-o", opciones, "start"],
            capture_output=True, text=True, timeout=espera + 10, **self._como,
        )
        if arranque.returncode != 0:
            cola = self.bitacora.read_text(errors="replace")[-1500:] if self.bitacora.exists() else arranque.stderr
            self.detener()
            raise RuntimeError(f"PostgreSQL no arrancó: {cola}")

    def url(self, base: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.USUARIO}:{self.contrasena}@127.0.0.1:{self.puerto}/{base}"

    def nueva_base(self) -> str:
        return crear_base_postgresql(self.url())

    def detener(self) -> None:
        if self.datos.exists():
            subprocess.run([str(self.binarios / "pg_ctl"), "-D", str(self.datos), "-m", "immediate", "-w", "stop"],
                           capture_output=True, timeout=60, **self._como)
        shutil.rmtree(self.carpeta, ignore_errors=True)


def crear_base_postgresql(url_mantenimiento: str) -> str:
    """CREATE DATABASE prueba_… en ese servidor; devuelve la URL de la base nueva."""
    import psycopg
    from sqlalchemy.engine import make_url

    datos = make_url(url_mantenimiento)
    nombre = f"prueba_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(host=datos.host, port=datos.port, user=datos.username, password=datos.password,
                         dbname=datos.database or "postgres", autocommit=True, connect_timeout=10) as conexion:
        conexion.execute(f'CREATE DATABASE "{nombre}"')
    return datos.set(database=nombre).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def servidor_postgresql():
    """URL de mantenimiento de un PostgreSQL real: ASISTENTE_PRUEBAS_POSTGRESQL_URL si se da; si no, uno propio."""
    externo = os.environ.get("ASISTENTE_PRUEBAS_POSTGRESQL_URL")
    if externo:
        try:
            crear_base_postgresql(externo)
        except Exception as error:  # noqa: BLE001
            sin_postgresql(f"ASISTENTE_PRUEBAS_POSTGRESQL_URL no responde o no deja crear bases ({type(error).__name__})")
        yield externo
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        sin_postgresql("falta psycopg (pip install -e '.[dev]')")
    try:
        servidor = ServidorPostgresql()
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        sin_postgresql(f"no se pudo arrancar un PostgreSQL para las pruebas: {error}")
    try:
        yield servidor.url()
    finally:
        servidor.detener()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def url_registros(request, tmp_path) -> str:
    """La URL de una base de registros nueva: un archivo SQLite en tmp_path, o una base propia en PostgreSQL."""
    if request.param == "sqlite":
        from asistente.registros import url_sqlite

        return url_sqlite(tmp_path / "datos" / "registros.sqlite3")
    return crear_base_postgresql(request.getfixturevalue("servidor_postgresql"))


@pytest.fixture
def registros(url_registros):
    """La `BaseDeRegistros` (migrada) de `url_registros`."""
    from asistente.registros import BaseDeRegistros

    bd = BaseDeRegistros.abrir(url_registros)
    yield bd
    bd.cerrar()


# --- Chromium de Debian para las pruebas de la página (Playwright no descarga navegadores) ------------
CHROMIUM = Path(os.environ.get("ASISTENTE_CHROMIUM") or "/usr/bin/chromium")  # otra ruta solo para probar el salto
ARGUMENTOS_CHROMIUM = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def sin_navegador(motivo: str):
    if os.environ.get("ASISTENTE_EXIGIR_NAVEGADOR") == "1":
        pytest.fail(f"{motivo} (ASISTENTE_EXIGIR_NAVEGADOR=1: en CI no se salta)")
    pytest.skip(motivo)


# Una sola definición, aquí: importada en dos módulos de prueba, pytest la tomaba por dos
# fijaciones de sesión y abría dos Playwright a la vez («Sync API inside the asyncio loop»).
def comprobar_navegador() -> None:
    """Se salta (o falla en CI) si no hay Chromium de Debian o falta Playwright."""
    if not CHROMIUM.exists():
        sin_navegador(f"no está {CHROMIUM}: instálelo con «apt-get install chromium» (Playwright no descarga navegadores aquí)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        sin_navegador("falta el paquete playwright: pip install -e '.[dev]'")


@pytest.fixture(scope="session")  # de sesión y primero en cada prueba: sin navegador, se salta antes de construir índices
def chromium():
    comprobar_navegador()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        navegador = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTOS_CHROMIUM)
        yield navegador
        navegador.close()
