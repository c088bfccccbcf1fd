"""Base de registros (issue 17): configuración sin contraseñas a la vista, migraciones, importación de
los archivos de la versión anterior sin pérdidas, transacciones (veredicto + auditoría, freno del
ingreso) y escritores concurrentes — en SQLite y en un PostgreSQL real (fijación `url_registros`).
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import RAIZ

from asistente.configuracion import Configuracion
from asistente.personal.opiniones import NEGATIVO, POSITIVO, Opiniones
from asistente.personal import contrasenas
from asistente.personal.acceso import INGRESO_BLOQUEADO, MAXIMO_FALLOS, IngresoRechazado, ingresar
from asistente.personal.auditoria import INGRESO_FALLIDO, VALIDACION, Auditoria
from asistente.personal.revision import Elemento, Revision
from asistente.personal.usuarios import Usuarios
from asistente.registros import REVISION_ACTUAL, BaseDeRegistros, ErrorDeRegistros, url_visible
from asistente.registros.heredados import SUFIJO_MIGRADO
from asistente.personal.validaciones import AlmacenValidaciones

CLAVE = "Planeacion-segura-2025"
OTRA = "Otra clave distinta 77"


# --- configuración ---------------------------------------------------------------------------
def test_la_revision_actual_es_la_ultima_migracion():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    configuracion = Config()
    configuracion.set_main_option("script_location", str(RAIZ / "asistente" / "registros" / "migraciones"))
    assert ScriptDirectory.from_config(configuracion).get_current_head() == REVISION_ACTUAL


def test_la_url_viene_del_entorno_o_de_un_archivo_y_la_contrasena_no_se_muestra(tmp_path, monkeypatch):
    url = "postgresql://registros:S3creta-de-la-base@bd.interna:5432/asistente"
    monkeypatch.delenv("ASISTENTE_BD_URL_ARCHIVO", raising=False)
    monkeypatch.setenv("ASISTENTE_BD_URL", url)
    configuracion = Configuracion.desde_entorno(datos=tmp_path / "datos")
    assert configuracion.url_registros == "postgresql+psycopg://registros:S3creta-de-la-base@bd.interna:5432/asistente"
    assert configuracion.bd_visible == "postgresql+psycopg://registros:***@bd.interna:5432/asistente"
    assert "S3creta" not in repr(configuracion) and "S3creta" not in configuracion.bd_visible
    assert configuracion.variables_de_entorno()["ASISTENTE_BD_URL"] == configuracion.url_registros

    archivo = tmp_path / "bd-url"
    archivo.write_text(url + "\n")
    monkeypatch.delenv("ASISTENTE_BD_URL")
    monkeypatch.setenv("ASISTENTE_BD_URL_ARCHIVO", str(archivo))
    desde_archivo = Configuracion.desde_entorno()
    assert desde_archivo.url_registros == configuracion.url_registros and desde_archivo.bd_url_archivo == archivo
    variables = desde_archivo.variables_de_entorno()  # el subproceso la lee del archivo, no del entorno
    assert variables["ASISTENTE_BD_URL"] == "" and variables["ASISTENTE_BD_URL_ARCHIVO"] == str(archivo)

    monkeypatch.setenv("ASISTENTE_BD_URL", url)
    with pytest.raises(ValueError, match="no las dos"):
        Configuracion.desde_entorno()
    monkeypatch.delenv("ASISTENTE_BD_URL")
    monkeypatch.setenv("ASISTENTE_BD_URL_ARCHIVO", str(tmp_path / "no-existe"))
    with pytest.raises(ValueError, match="No se pudo leer ASISTENTE_BD_URL_ARCHIVO"):
        Configuracion.desde_entorno()
    monkeypatch.delenv("ASISTENTE_BD_URL_ARCHIVO")
    monkeypatch.setenv("ASISTENTE_BD_URL", "mysql://root:S3creta@x/y")
    with pytest.raises(ValueError, match="no admitida") as error:
        Configuracion.desde_entorno()
    assert "S3creta" not in str(error.value)
    monkeypatch.delenv("ASISTENTE_BD_URL")
    assert Configuracion.desde_entorno(datos=tmp_path / "d").bd_visible == f"sqlite:///{tmp_path / 'd' / 'registros.sqlite3'}"


@pytest.mark.lento
def test_sin_servidor_el_error_es_claro_y_no_lleva_la_contrasena(tmp_path):
    from conftest import _puerto_libre

    url = f"postgresql+psycopg://registros:S3creta-de-la-base@127.0.0.1:{_puerto_libre()}/asistente"
    with pytest.raises(ErrorDeRegistros) as error:
        BaseDeRegistros.abrir(url)
    assert str(error.value).startswith(f"No se pudo abrir la base de registros {url_visible(url)}")
    assert "S3creta" not in str(error.value)
    # El servidor web y la CLI lo dicen igual, con estado 1 y sin traza.
    entorno = {**os.environ, "ASISTENTE_BD_URL": url, "ASISTENTE_DATOS": str(tmp_path / "datos")}
    cli = subprocess.run([sys.executable, "-m", "asistente", "personal", "listar"], capture_output=True, text=True,
                         timeout=120, cwd=RAIZ, env=entorno)
    assert cli.returncode == 1 and "No se pudo abrir la base de registros" in cli.stderr
    web = subprocess.run([sys.executable, "app.py", "--no-indexar", "--indice", str(tmp_path / "indice")], capture_output=True,
                         text=True, timeout=120, cwd=RAIZ, env={**entorno, "ASISTENTE_CHROMA_URL": "", "ASISTENTE_PUERTO": str(_puerto_libre())})
    assert web.returncode == 1 and "No se pudo abrir la base de registros" in web.stderr, web.stderr[-2000:]
    for salida in (cli.stdout, cli.stderr, web.stdout, web.stderr):
        assert "S3creta" not in salida and "Traceback" not in salida


# --- transacciones y concurrencia -------------------------------------------------------------
def test_el_veredicto_y_su_linea_de_auditoria_quedan_juntos_o_ninguno(registros, monkeypatch):
    validaciones, auditoria = AlmacenValidaciones(registros), Auditoria(registros)
    revision = Revision(None, validaciones, Opiniones(registros), auditoria, preguntas=lambda: [])
    elemento = Elemento("eval-001", "evaluacion", "¿Quién aprueba el plan?")
    respuesta = SimpleNamespace(respuesta="El concejo [1]", citas_usadas=[SimpleNamespace(etiqueta="Ley 152, art. 40")], version_indice="v0002")
    guardada = revision.validar(elemento, respuesta, "correcta", "ana")
    (evento,) = auditoria.listar(accion=VALIDACION)
    assert evento.detalle["validacion"] == guardada.id and evento.version_indice == "v0002"

    def falla(*_args, **_kwargs):
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(auditoria, "registrar", falla)
    with pytest.raises(RuntimeError):
        revision.validar(elemento, respuesta, "incorrecta", "beto")
    assert [v.veredicto for v in validaciones.listar()] == ["correcta"]  # el veredicto sin auditoría no quedó


def test_veinte_intentos_simultaneos_no_pasan_el_freno(registros):
    usuarios, auditoria = Usuarios(registros), Auditoria(registros)
    usuarios.agregar("ana", CLAVE)
    resultados: list[str] = []

    def intentar() -> None:
        try:
            ingresar(usuarios, auditoria, "ana", "no-es-la-clave-1", origen="10.0.0.9")
            resultados.append("entró")
        except IngresoRechazado as error:
            resultados.append(str(error))

    hilos = [threading.Thread(target=intentar) for _ in range(20)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=120)
    assert len(resultados) == 20 and "entró" not in resultados
    # Sin el cerrojo, varios contaban los mismos fallos a la vez y se probaban más de cinco contraseñas.
    assert auditoria.contar(accion=INGRESO_FALLIDO) == MAXIMO_FALLOS
    assert auditoria.contar(accion=INGRESO_BLOQUEADO) == 20 - MAXIMO_FALLOS
    with pytest.raises(IngresoRechazado, match="Demasiados intentos"):
        ingresar(usuarios, auditoria, "ana", CLAVE, origen="10.0.0.9")


# --- archivos de la versión anterior ---------------------------------------------------------
# El esquema que escribían opiniones.py, validaciones.py y personal/auditoria.py antes de esta base.
_ANTES = {
    "opiniones.sqlite3": """
CREATE TABLE opiniones (id INTEGER PRIMARY KEY AUTOINCREMENT, creado TEXT NOT NULL, actualizado TEXT NOT NULL,
    voto TEXT NOT NULL CHECK (voto IN ('positivo', 'negativo')), comentario TEXT NOT NULL DEFAULT '', pregunta TEXT NOT NULL,
    respuesta TEXT NOT NULL, citas TEXT NOT NULL DEFAULT '[]', version_indice TEXT NOT NULL DEFAULT '', modulo TEXT,
    abstencion INTEGER NOT NULL DEFAULT 0, contexto TEXT NOT NULL DEFAULT '[]');
CREATE INDEX opiniones_por_voto ON opiniones (voto, creado);
PRAGMA user_version = 1;""",
    "validaciones.sqlite3": """
CREATE TABLE validaciones (id INTEGER PRIMARY KEY AUTOINCREMENT, clave TEXT NOT NULL, origen TEXT NOT NULL, pregunta TEXT NOT NULL,
    respuesta TEXT NOT NULL, huella_respuesta TEXT NOT NULL, citas TEXT NOT NULL, fuente_esperada TEXT NOT NULL DEFAULT '',
    veredicto TEXT NOT NULL CHECK (veredicto IN ('correcta', 'parcial', 'incorrecta')), comentario TEXT NOT NULL DEFAULT '',
    revisor TEXT NOT NULL, fecha TEXT NOT NULL, version_indice TEXT NOT NULL DEFAULT '');
PRAGMA user_version = 1;""",
    "auditoria.sqlite3": """
CREATE TABLE eventos (id INTEGER PRIMARY KEY AUTOINCREMENT, momento TEXT NOT NULL, momento_utc TEXT NOT NULL, usuario TEXT NOT NULL,
    accion TEXT NOT NULL, detalle TEXT NOT NULL DEFAULT '{}', version_indice TEXT NOT NULL DEFAULT '');
CREATE TRIGGER eventos_sin_cambios BEFORE UPDATE ON eventos BEGIN SELECT RAISE(ABORT, 'la bitácora de auditoría no se modifica'); END;
CREATE TRIGGER eventos_sin_borrado BEFORE DELETE ON eventos BEGIN SELECT RAISE(ABORT, 'la bitácora de auditoría no se borra'); END;
PRAGMA user_version = 1;""",
}


def carpeta_de_antes(carpeta: Path, prefijo: str = "", opiniones: int = 30) -> dict:
    """Una carpeta de datos y un usuarios.json como los dejaba la versión anterior (WAL incluido)."""
    datos = carpeta / "datos"
    datos.mkdir(parents=True)
    conexiones = {}
    for archivo, esquema in _ANTES.items():
        conexiones[archivo] = sqlite3.connect(datos / archivo, isolation_level=None)
        conexiones[archivo].execute("PRAGMA journal_mode = WAL")
        conexiones[archivo].executescript(esquema)
    o = conexiones["opiniones.sqlite3"]
    for n in range(opiniones):
        o.execute("INSERT INTO opiniones (creado, actualizado, voto, comentario, pregunta, respuesta, citas, modulo, abstencion, contexto)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (f"2026-11-{1 + n % 28:02d}T10:00:00.{n:06d}+00:00", "2026-11-30T00:00:00+00:00", NEGATIVO if n % 3 else POSITIVO,
                   f"comentario {prefijo}{n} «con tildes»", f"pregunta {prefijo}{n}", "respuesta [1]",
                   json.dumps([{"numero": 1, "etiqueta": "Ley 152 de 1994, art. 40"}], ensure_ascii=False), "2" if n % 2 else None,
                   n % 5 == 0, json.dumps([f"antes {n}"])))
    o.execute("DELETE FROM opiniones WHERE id IN (3, 4)")  # votos retirados: hay huecos en los id
    v = conexiones["validaciones.sqlite3"]
    for n in range(4):
        v.execute("INSERT INTO validaciones (clave, origen, pregunta, respuesta, huella_respuesta, citas, veredicto, revisor, fecha)"
                  " VALUES (?, 'evaluacion', ?, 'r', 'h', '[]', ?, 'ana', '2026-11-20T09:00:00-05:00')",
                  (f"{prefijo}eval-{n}", f"pregunta {n}", ("correcta", "parcial", "incorrecta", "correcta")[n]))
    a = conexiones["auditoria.sqlite3"]
    for n in range(12):
        a.execute("INSERT INTO eventos (momento, momento_utc, usuario, accion, detalle) VALUES (?, ?, ?, ?, ?)",
                  (f"2026-11-20T09:{n:02d}:00-05:00", f"2026-11-20T14:{n:02d}:00.000000+00:00", f"{prefijo}ana", "carga",
                   json.dumps({"archivo": f"norma-{n}.pdf"})))
    cuentas = {"formato": 1, "usuarios": {
        f"{prefijo}ana": {"rol": "administrador", "contrasena": contrasenas.cifrar(CLAVE), "creado": "2026-01-02T10:00:00-05:00",
                          "actualizado": "2026-01-02T10:00:00-05:00"},
        f"{prefijo}beto": {"rol": "personal", "contrasena": contrasenas.cifrar(OTRA), "creado": "2026-02-03T10:00:00-05:00",
                           "actualizado": "2026-03-04T10:00:00-05:00"},
    }}
    usuarios = carpeta / "config" / "usuarios.json"
    usuarios.parent.mkdir(parents=True)
    usuarios.write_text(json.dumps(cuentas, ensure_ascii=False, indent=2), encoding="utf-8")
    # Lo que se espera encontrar después, leído antes de cerrar (con lo que aún estaba en el WAL).
    esperado = {
        "opiniones": [tuple(f) for f in o.execute("SELECT * FROM opiniones ORDER BY id")],
        "validaciones": [tuple(f) for f in v.execute("SELECT * FROM validaciones ORDER BY id")],
        "eventos": [tuple(f) for f in a.execute("SELECT * FROM eventos ORDER BY id")],
        "cuentas": sorted(cuentas["usuarios"]),
    }
    # Como un servidor que se cortó: las opiniones siguen en el WAL, sin pasar al archivo principal.
    copia = carpeta / "copia-con-wal"
    copia.mkdir()
    for sufijo in ("", "-wal", "-shm"):
        shutil.copy(datos / f"opiniones.sqlite3{sufijo}", copia / f"opiniones.sqlite3{sufijo}")
    for conexion in conexiones.values():
        conexion.close()
    for sufijo in ("", "-wal", "-shm"):
        shutil.copy(copia / f"opiniones.sqlite3{sufijo}", datos / f"opiniones.sqlite3{sufijo}")
    assert (datos / "opiniones.sqlite3-wal").stat().st_size > 0
    return {"datos": datos, "usuarios": usuarios, "esperado": esperado}


def _filas(bd: BaseDeRegistros, tabla: str, sin_id: bool = False) -> list[tuple]:
    from sqlalchemy import text

    with bd.lectura() as conexion:
        filas = [tuple(f) for f in conexion.execute(text(f"SELECT * FROM {tabla} ORDER BY id"))]
    return [f[1:] for f in filas] if sin_id else filas


@pytest.mark.lento
def test_una_carpeta_de_la_version_anterior_se_importa_sin_perder_nada_y_una_sola_vez(tmp_path, url_registros):
    antes = carpeta_de_antes(tmp_path / "servidor-a")
    configuracion = Configuracion(datos=antes["datos"], usuarios=antes["usuarios"], bd_url=url_registros)
    bd = BaseDeRegistros.en(configuracion)
    esperado = antes["esperado"]
    # Todo, con sus id (la base estaba vacía): las referencias de la auditoría siguen valiendo.
    assert _filas(bd, "opiniones") == esperado["opiniones"] and len(esperado["opiniones"]) == 28
    assert _filas(bd, "validaciones") == esperado["validaciones"]
    assert _filas(bd, "eventos") == esperado["eventos"]
    opiniones = Opiniones(bd)
    assert opiniones.contar() == 28 and opiniones.obtener(5).contexto == ["antes 4"] and opiniones.obtener(3) is None
    assert opiniones.registrar("nueva", "r", [], POSITIVO) == 31  # los id siguen después del último
    usuarios = Usuarios(bd)
    assert [u.nombre for u in usuarios.listar()] == esperado["cuentas"]
    assert usuarios.verificar("ana", CLAVE).rol == "administrador" and usuarios.verificar("beto", OTRA).creado == "2026-02-03T10:00:00-05:00"
    # Los SQLite quedan como copia «….migrado»; usuarios.json no se toca.
    assert sorted(p.name for p in antes["datos"].iterdir() if "migrado" in p.name) == sorted(a + SUFIJO_MIGRADO for a in _ANTES)
    assert not any((antes["datos"] / a).exists() for a in _ANTES) and antes["usuarios"].exists()

    # Una cuenta borrada no revive aunque el archivo siga ahí; abrir otra vez no duplica nada.
    usuarios.eliminar("beto")
    bd.cerrar()
    bd = BaseDeRegistros.en(configuracion)
    assert [u.nombre for u in Usuarios(bd).listar()] == ["ana"] and Opiniones(bd).contar() == 29
    # Un corte entre la importación y el renombre: el archivo reaparece, pero su huella ya está anotada.
    shutil.copy(antes["datos"] / ("validaciones.sqlite3" + SUFIJO_MIGRADO), antes["datos"] / "validaciones.sqlite3")
    migrar = subprocess.run(
        [sys.executable, "-m", "asistente", "personal", "migrar"], capture_output=True, text=True, timeout=120, cwd=RAIZ,
        env={**os.environ, "ASISTENTE_DATOS": str(antes["datos"]), "ASISTENTE_USUARIOS": str(antes["usuarios"]),
             "ASISTENTE_BD_URL": url_registros, "ASISTENTE_BD_URL_ARCHIVO": ""},
    )
    assert migrar.returncode == 0, migrar.stderr
    assert f"Base de registros: {url_visible(url_registros)} (esquema {REVISION_ACTUAL})." in migrar.stdout
    assert "validaciones.sqlite3: ya se había importado" in migrar.stdout and "usuarios.json: ya se había importado" in migrar.stdout
    assert _filas(bd, "validaciones") == esperado["validaciones"]
    assert (antes["datos"] / ("validaciones.sqlite3" + SUFIJO_MIGRADO + "-2")).exists()
    assert "S3creta" not in migrar.stdout and (bd.es_sqlite or bd.visible.count("***") == 1)


def test_dos_servidores_de_antes_traen_lo_suyo_a_la_misma_base(tmp_path, url_registros):
    a = carpeta_de_antes(tmp_path / "a", "a-", opiniones=10)
    b = carpeta_de_antes(tmp_path / "b", "b-", opiniones=7)
    bd = BaseDeRegistros.en(Configuracion(datos=a["datos"], usuarios=a["usuarios"], bd_url=url_registros))
    bd.importar_heredados(Configuracion(datos=b["datos"], usuarios=b["usuarios"], bd_url=url_registros))
    # El segundo recibe id nuevos (los suyos ya estaban ocupados), sin perder ni repetir nada.
    sin_id = lambda filas: sorted(f[1:] for f in filas)  # noqa: E731
    assert sorted(_filas(bd, "opiniones", sin_id=True)) == sin_id(a["esperado"]["opiniones"] + b["esperado"]["opiniones"])
    assert sorted(_filas(bd, "eventos", sin_id=True)) == sin_id(a["esperado"]["eventos"] + b["esperado"]["eventos"])
    assert len(_filas(bd, "validaciones")) == 8
    assert [u.nombre for u in Usuarios(bd).listar()] == ["a-ana", "a-beto", "b-ana", "b-beto"]
    assert Opiniones(bd).registrar("después", "r", [], NEGATIVO) > max(f[0] for f in _filas(bd, "opiniones")[:-1])


def test_un_archivo_de_cuentas_danado_no_se_importa_ni_se_toca(tmp_path):
    usuarios = tmp_path / "usuarios.json"
    usuarios.write_text('{"usuarios": {"ana": ', encoding="utf-8")
    configuracion = Configuracion(datos=tmp_path / "datos", usuarios=usuarios)
    with pytest.raises(ErrorDeRegistros, match="está dañado"):
        BaseDeRegistros.en(configuracion)
    assert usuarios.read_text(encoding="utf-8") == '{"usuarios": {"ana": '
    assert Usuarios(BaseDeRegistros.en(configuracion, importar=False)).listar() == []


def test_una_base_mas_nueva_que_el_programa_no_se_usa(tmp_path):
    ruta = tmp_path / "registros.sqlite3"
    BaseDeRegistros.en_archivo(ruta).cerrar()
    with sqlite3.connect(ruta) as conexion:
        conexion.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(ErrorDeRegistros, match="más nueva que la de este programa"):
        BaseDeRegistros.en_archivo(ruta)
