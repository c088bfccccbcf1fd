"""Cuentas del personal en la base de registros: hash con sal, sin cuenta por omisión, altas simultáneas y la CLI."""
from __future__ import annotations

import json
import os
import select
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RAIZ

from asistente.configuracion import Configuracion
from asistente.personal import contrasenas
from asistente.personal.auditoria import CONTRASENA_CAMBIADA, CUENTA_CREADA, CUENTA_ELIMINADA, Auditoria
from asistente.personal.usuarios import ErrorDeUsuarios, Usuarios
from asistente.registros import tablas

CLAVE = "Planeacion-segura-2025"
OTRA = "Otra clave distinta 77"


@pytest.fixture
def usuarios(registros) -> Usuarios:
    return Usuarios(registros)


def _hashes(usuarios: Usuarios) -> dict[str, str]:
    with usuarios.bd.lectura() as conexion:
        return dict(conexion.execute(tablas.cuentas.select().with_only_columns(tablas.cuentas.c.nombre, tablas.cuentas.c.contrasena)).all())


@pytest.mark.lento
def test_no_hay_cuenta_ni_contrasena_por_omision(tmp_path, monkeypatch):
    for variable in ("ASISTENTE_USUARIOS", "XDG_CONFIG_HOME", "ASISTENTE_BD_URL", "ASISTENTE_BD_URL_ARCHIVO"):
        monkeypatch.delenv(variable, raising=False)
    ruta = Configuracion.desde_entorno().usuarios  # el archivo de la versión anterior, que se importa si existe
    assert ruta == Path.home() / ".config" / "asistente-dsegpp" / "usuarios.json"
    monkeypatch.setenv("ASISTENTE_USUARIOS", str(tmp_path / "cuentas.json"))
    usuarios = Usuarios.en(Configuracion.desde_entorno(datos=tmp_path / "datos"))
    assert usuarios.donde == f"sqlite:///{tmp_path / 'datos' / 'registros.sqlite3'}"
    assert usuarios.listar() == []
    for nombre, clave in [("admin", "admin"), ("administrador", ""), ("personal", "personal"), ("root", "")]:
        assert usuarios.verificar(nombre, clave) is None
    assert not (tmp_path / "cuentas.json").exists()  # leer no crea nada
    with pytest.raises(ErrorDeUsuarios, match="ya no se guardan"):
        Usuarios(tmp_path / "cuentas.json")


def test_hash_con_sal_propia_y_contrasena_equivocada(usuarios):
    ana = usuarios.agregar("Ana.Perez", CLAVE)
    beto = usuarios.agregar("beto", CLAVE)  # misma contraseña, distinto hash
    assert (ana.nombre, ana.rol) == ("ana.perez", "personal")
    cuentas = _hashes(usuarios)
    assert CLAVE not in json.dumps(cuentas)
    hash_ana, hash_beto = cuentas["ana.perez"], cuentas["beto"]
    assert hash_ana.startswith("scrypt$32768$8$1$") and hash_ana != hash_beto
    assert hash_ana.split("$")[4] != hash_beto.split("$")[4]  # sales distintas
    assert usuarios.verificar("ANA.PEREZ ", CLAVE) == ana
    assert usuarios.verificar("beto", CLAVE) == beto
    for nombre, clave in [("ana.perez", CLAVE + "x"), ("ana.perez", CLAVE.lower()), ("ana.perez", ""), ("nadie", CLAVE), ("../x", CLAVE)]:
        assert usuarios.verificar(nombre, clave) is None
    assert not contrasenas.verificar(CLAVE, "scrypt$roto") and not contrasenas.verificar(CLAVE, "md5$x$y$z$a$b")


def test_un_usuario_inexistente_tarda_lo_mismo(usuarios):
    usuarios.agregar("ana", CLAVE)
    inicio = time.perf_counter()
    usuarios.verificar("ana", "incorrecta-123456")
    existente = time.perf_counter() - inicio
    inicio = time.perf_counter()
    usuarios.verificar("nadie", "incorrecta-123456")
    inexistente = time.perf_counter() - inicio
    assert inexistente > existente * 0.5  # también calcula un scrypt completo


def test_reglas_de_contrasena_en_espanol(usuarios):
    casos = {
        "corta1!": "al menos 12 caracteres",
        "solamenteletrasmuchas": "combinar letras con números o símbolos",
        "aaaaaaaaaaaa1": "repite demasiado",
        "Gobernacion2024!": "demasiado común",
        "Qwerty123456!": "demasiado común",
        "123456789012": "combinar letras",
        "ana-es-la-clave-9": "nombre de usuario",
        "tab\tentre-letras-9": "caracteres de control",
    }
    for clave, motivo in casos.items():
        with pytest.raises(contrasenas.ContrasenaDebil, match=motivo):
            usuarios.agregar("ana", clave)
    assert usuarios.listar() == []
    assert contrasenas.problemas_de_fortaleza("Una frase larga con 3 números") == []


def test_agregar_cambiar_eliminar_y_errores(usuarios):
    usuarios.agregar("ana", CLAVE, rol="administrador")
    with pytest.raises(ErrorDeUsuarios, match="Ya existe la cuenta «ana»"):
        usuarios.agregar("ana", OTRA)
    with pytest.raises(ErrorDeUsuarios, match="Rol desconocido"):
        usuarios.agregar("beto", CLAVE, rol="dios")
    with pytest.raises(ErrorDeUsuarios, match="no es válido"):
        usuarios.agregar("../../etc", CLAVE)
    usuarios.cambiar_contrasena("ana", OTRA)
    assert usuarios.verificar("ana", CLAVE) is None and usuarios.verificar("ana", OTRA).rol == "administrador"
    with pytest.raises(ErrorDeUsuarios, match="No existe la cuenta «beto»"):
        usuarios.cambiar_contrasena("beto", OTRA)
    usuarios.eliminar("ana")
    assert usuarios.listar() == [] and usuarios.verificar("ana", OTRA) is None
    with pytest.raises(ErrorDeUsuarios, match="No existe"):
        usuarios.eliminar("ana")


# --- CLI -------------------------------------------------------------------------------------------
def _entorno(tmp_path: Path, url: str = "") -> dict:
    return {**os.environ, "ASISTENTE_USUARIOS": str(tmp_path / "config" / "usuarios.json"), "ASISTENTE_DATOS": str(tmp_path / "datos"),
            "ASISTENTE_BD_URL": url, "ASISTENTE_BD_URL_ARCHIVO": ""}


def _agregar_a_la_vez(nombres: list[str], tmp_path, url_registros) -> list[subprocess.Popen]:
    """`python -m asistente personal agregar NOMBRE` en procesos simultáneos, con la clave por stdin."""
    procesos = [
        subprocess.Popen([sys.executable, "-m", "asistente", "personal", "agregar", nombre, "--contrasena-stdin"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=_entorno(tmp_path, url_registros), cwd=RAIZ)
        for nombre in nombres
    ]
    for proceso in procesos:
        proceso.stdin.write(CLAVE + "\n")
        proceso.stdin.close()
    return procesos


def _cli(tmp_path: Path, *argumentos: str, entrada: str | None = None, url: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "asistente", "personal", *argumentos],
        input=entrada, capture_output=True, text=True, timeout=120, env=_entorno(tmp_path, url), cwd=RAIZ,
        stdin=None if entrada is not None else subprocess.DEVNULL,
    )


@pytest.mark.lento
def test_cli_con_contrasena_por_la_entrada_estandar(tmp_path):
    registros = tmp_path / "datos" / "registros.sqlite3"
    vacio = _cli(tmp_path, "listar")
    assert vacio.returncode == 0 and "No hay cuentas del personal" in vacio.stdout
    usuarios = Usuarios(registros)

    alta = _cli(tmp_path, "agregar", "ana", "--contrasena-stdin", entrada=CLAVE + "\n")
    assert alta.returncode == 0 and "Se creó la cuenta «ana» (rol personal)" in alta.stdout, alta.stderr
    assert usuarios.verificar("ana", CLAVE) is not None
    assert stat.S_IMODE(registros.stat().st_mode) == 0o600

    debil = _cli(tmp_path, "agregar", "beto", "--contrasena-stdin", entrada="corta\n")
    assert debil.returncode == 1 and "Error: La contraseña debe tener al menos 12 caracteres" in debil.stderr
    repetida = _cli(tmp_path, "agregar", "ana", "--contrasena-stdin", entrada=CLAVE + "\n")
    assert repetida.returncode == 1 and "Ya existe la cuenta «ana»" in repetida.stderr
    sin_terminal = _cli(tmp_path, "agregar", "carla")
    assert sin_terminal.returncode == 1 and "--contrasena-stdin" in sin_terminal.stderr
    sin_nada = _cli(tmp_path, "agregar", "carla", "--contrasena-stdin", entrada="")
    assert sin_nada.returncode == 1 and "No llegó ninguna contraseña" in sin_nada.stderr

    assert _cli(tmp_path, "agregar", "dora", "--rol", "administrador", "--contrasena-stdin", entrada=OTRA + "\r\n").returncode == 0
    assert usuarios.verificar("dora", OTRA).rol == "administrador"  # «\r\n» de Windows no entra en la contraseña
    listado = _cli(tmp_path, "listar", "--json")
    assert [(c["nombre"], c["rol"]) for c in json.loads(listado.stdout)] == [("ana", "personal"), ("dora", "administrador")]
    assert "contrasena" not in listado.stdout and "scrypt" not in listado.stdout
    assert "ana" in _cli(tmp_path, "listar").stdout

    cambio = _cli(tmp_path, "cambiar-contrasena", "ana", "--contrasena-stdin", entrada=OTRA + "\n")
    assert cambio.returncode == 0 and usuarios.verificar("ana", OTRA) and not usuarios.verificar("ana", CLAVE)
    assert _cli(tmp_path, "cambiar-contrasena", "nadie", "--contrasena-stdin", entrada=OTRA + "\n").returncode == 1
    baja = _cli(tmp_path, "eliminar", "dora")
    assert baja.returncode == 0 and "Se eliminó la cuenta «dora»" in baja.stdout
    assert _cli(tmp_path, "eliminar", "dora").returncode == 1
    assert _cli(tmp_path).returncode == 2  # sin acción: ayuda y estado 2

    eventos = Auditoria(registros).listar()
    assert [e.accion for e in reversed(eventos)] == [CUENTA_CREADA, CUENTA_CREADA, CONTRASENA_CAMBIADA, CUENTA_ELIMINADA]
    assert all(e.usuario.startswith("terminal") for e in eventos) and eventos[0].detalle == {"cuenta": "dora"}

    bitacora = _cli(tmp_path, "auditoria", "--accion", CUENTA_CREADA)
    assert bitacora.returncode == 0 and bitacora.stdout.count(CUENTA_CREADA) == 2 and '{"cuenta": "ana", "rol": "personal"}' in bitacora.stdout
    assert _cli(tmp_path, "auditoria", "--desde", "2999-01-01").stdout.strip() == "No hay acciones anotadas con esos filtros."
    assert "Fecha no válida" in _cli(tmp_path, "auditoria", "--desde", "ayer").stderr
    exportado = _cli(tmp_path, "auditoria", "--csv", str(tmp_path / "a.csv"))
    assert exportado.stdout.strip() == f"Se exportaron 4 eventos a {tmp_path / 'a.csv'}."
    assert (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()[0] == "id,momento,usuario,accion,detalle,version_indice"
    assert _cli(tmp_path, "auditoria", "--csv", "-").stdout.count("\n") == 5


@pytest.mark.lento
def test_cli_avisa_si_las_cuentas_quedan_dentro_del_repositorio(tmp_path):
    datos = RAIZ / "salidas-pruebas" / f"datos-{os.getpid()}"
    try:
        proceso = subprocess.run(
            [sys.executable, "-m", "asistente", "personal", "agregar", "ana", "--contrasena-stdin"], input=CLAVE + "\n",
            capture_output=True, text=True, timeout=120, cwd=RAIZ, env={**_entorno(tmp_path), "ASISTENTE_DATOS": str(datos)},
        )
        assert proceso.returncode == 0 and "dentro del repositorio" in proceso.stderr, proceso.stderr
        limpia = _cli(tmp_path, "agregar", "beto", "--contrasena-stdin", entrada=CLAVE + "\n")
        assert limpia.returncode == 0 and "repositorio" not in limpia.stderr
    finally:
        shutil.rmtree(datos, ignore_errors=True)


@pytest.mark.lento
def test_cli_varias_altas_a_la_vez_no_se_pisan(tmp_path, url_registros):
    procesos = _agregar_a_la_vez([f"persona{i}" for i in range(4)], tmp_path, url_registros)
    assert [p.wait(timeout=120) for p in procesos] == [0, 0, 0, 0]
    assert [u.nombre for u in Usuarios.en(Configuracion(bd_url=url_registros, datos=tmp_path / "datos")).listar()] == [f"persona{i}" for i in range(4)]
    # Dos altas del mismo nombre a la vez: una sola cuenta, la otra recibe el aviso.
    procesos = _agregar_a_la_vez(["repetida"] * 3, tmp_path, url_registros)
    assert sorted(p.wait(timeout=120) for p in procesos) == [0, 1, 1]
    assert all("Ya existe la cuenta «repetida»" in p.stderr.read() for p in procesos if p.returncode == 1)


def _en_terminal(tmp_path: Path, argumentos: list[str], respuestas: list[str]) -> tuple[int, str]:
    """Corre la CLI con una terminal de verdad (pty) y contesta a cada «…: » de getpass."""
    maestro, esclavo = os.openpty()
    proceso = subprocess.Popen(
        [sys.executable, "-m", "asistente", "personal", *argumentos],
        stdin=esclavo, stdout=esclavo, stderr=esclavo, env=_entorno(tmp_path), cwd=RAIZ, start_new_session=True,
    )
    os.close(esclavo)
    salida = b""
    limite = time.monotonic() + 30
    pendientes = list(respuestas)
    contestado = 0  # hasta dónde de la salida ya se contestó: cada pregunta se contesta una vez
    try:
        while time.monotonic() < limite:
            listos, _, _ = select.select([maestro], [], [], 0.2)
            if listos:
                try:
                    bloque = os.read(maestro, 4096)
                except OSError:  # el proceso terminó y cerró la terminal
                    break
                if not bloque:
                    break
                salida += bloque
                if pendientes and salida[contestado:].rstrip().endswith(b":"):
                    os.write(maestro, pendientes.pop(0).encode() + b"\n")
                    contestado = len(salida)
            elif proceso.poll() is not None:
                break
    finally:
        os.close(maestro)
    return proceso.wait(timeout=30), salida.decode(errors="replace")


@pytest.mark.lento
def test_cli_pide_la_contrasena_dos_veces_sin_mostrarla(tmp_path):
    usuarios = Usuarios(tmp_path / "datos" / "registros.sqlite3")
    codigo, salida = _en_terminal(tmp_path, ["agregar", "ana"], [CLAVE, CLAVE + "-distinta"])
    assert codigo == 1 and "Las contraseñas no coinciden" in salida and usuarios.listar() == []
    codigo, salida = _en_terminal(tmp_path, ["agregar", "ana"], ["corta"])
    assert codigo == 1 and "al menos 12 caracteres" in salida and "Repítala" not in salida  # se avisa sin pedir confirmación
    codigo, salida = _en_terminal(tmp_path, ["agregar", "ana"], [CLAVE, CLAVE])
    assert codigo == 0 and "Se creó la cuenta «ana»" in salida, salida
    assert "Contraseña de la cuenta nueva:" in salida and "Repítala:" in salida
    assert CLAVE not in salida  # getpass no hace eco
    codigo, salida = _en_terminal(tmp_path, ["cambiar-contrasena", "ana"], [OTRA, OTRA])
    assert codigo == 0 and usuarios.verificar("ana", OTRA) is not None
