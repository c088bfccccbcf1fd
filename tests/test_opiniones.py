"""Almacén de opiniones (👍 / 👎): ida y vuelta, filtros, cambios y escrituras concurrentes, en SQLite y en PostgreSQL."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import RAIZ

from asistente.configuracion import Configuracion
from asistente.personal.opiniones import NEGATIVO, POSITIVO, Opiniones, OpinionInvalida

CITAS = [{"numero": 1, "etiqueta": "Ley 152 de 1994, art. 40 (Plan de Desarrollo Territorial)", "oraciones": ["Los planes serán sometidos…"]}]


def test_sin_configurar_nada_van_a_un_sqlite_en_la_carpeta_de_datos(tmp_path, monkeypatch):
    monkeypatch.delenv("ASISTENTE_BD_URL", raising=False)
    monkeypatch.delenv("ASISTENTE_BD_URL_ARCHIVO", raising=False)
    opiniones = Opiniones.en(Configuracion.desde_entorno(datos=tmp_path / "datos", usuarios=tmp_path / "no-hay.json"))
    assert opiniones.ruta == tmp_path / "datos" / "registros.sqlite3" and opiniones.ruta.exists()
    assert oct(opiniones.ruta.stat().st_mode & 0o777) == oct(0o600)  # también guarda las cuentas del personal


def test_registrar_y_leer_con_todos_sus_campos(registros):
    opiniones = Opiniones(registros)
    id_ = opiniones.registrar(
        "¿Cuándo se presenta el plan?", "Según la Ley 152… [1]", CITAS, NEGATIVO, comentario="  Falta el plazo del concejo  ",
        version_indice="v0003", modulo="2", contexto=["pregunta anterior"],
    )
    opinion = opiniones.obtener(id_)
    assert (opinion.pregunta, opinion.voto, opinion.comentario, opinion.version_indice) == ("¿Cuándo se presenta el plan?", NEGATIVO, "Falta el plazo del concejo", "v0003")
    assert opinion.citas == CITAS and opinion.contexto == ["pregunta anterior"] and opinion.modulo == "2"
    assert opinion.creado.endswith("+00:00") and opinion.abstencion is False
    assert opiniones.obtener(id_ + 100) is None


def test_listar_contar_y_filtrar_por_voto(registros):
    opiniones = Opiniones(registros)
    ids = [opiniones.registrar(f"pregunta {n}", "respuesta", [], NEGATIVO if n % 3 == 0 else POSITIVO) for n in range(7)]
    assert (opiniones.contar(), opiniones.contar(NEGATIVO), opiniones.contar(POSITIVO)) == (7, 3, 4)
    negativas = opiniones.listar(voto=NEGATIVO)
    assert [o.pregunta for o in negativas] == ["pregunta 6", "pregunta 3", "pregunta 0"]  # recientes primero
    assert [o.id for o in opiniones.listar(limite=2)] == ids[:-3:-1]
    assert [o.id for o in opiniones.listar(limite=2, desde=6)] == [ids[0]]


def test_cambiar_voto_comentar_y_retirar(registros):
    opiniones = Opiniones(registros)
    id_ = opiniones.registrar("p", "r", CITAS, POSITIVO)
    assert opiniones.actualizar(id_, voto=NEGATIVO) and opiniones.actualizar(id_, comentario="Cita una norma derogada")
    opinion = opiniones.obtener(id_)
    assert (opinion.voto, opinion.comentario) == (NEGATIVO, "Cita una norma derogada") and opinion.actualizado >= opinion.creado
    assert not opiniones.actualizar(id_ + 1, comentario="no existe") and not opiniones.actualizar(id_)
    assert opiniones.eliminar(id_) and opiniones.contar() == 0 and not opiniones.eliminar(id_)


def test_datos_invalidos_se_rechazan_con_mensaje_en_espanol(registros):
    opiniones = Opiniones(registros)
    with pytest.raises(OpinionInvalida, match="Voto desconocido"):
        opiniones.registrar("p", "r", [], "me-gusta")
    with pytest.raises(OpinionInvalida, match="demasiado largo"):
        opiniones.registrar("p", "r", [], NEGATIVO, comentario="x" * 5000)
    with pytest.raises(OpinionInvalida):
        opiniones.listar(voto="otro")
    assert opiniones.contar() == 0
    # El texto se guarda tal cual (también HTML): quien lo muestre debe escaparlo.
    id_ = opiniones.registrar("<script>alert(1)</script>", "r'); DROP TABLE opiniones;--", [], NEGATIVO)
    assert opiniones.obtener(id_).pregunta == "<script>alert(1)</script>" and opiniones.contar() == 1


_ESCRITOR = """
import os, sys
sys.path.insert(0, {raiz!r})
from asistente.personal.opiniones import Opiniones, NEGATIVO
from asistente.registros import BaseDeRegistros
opiniones = Opiniones(BaseDeRegistros.abrir(os.environ["URL_REGISTROS"]))
for n in range(40):
    opiniones.registrar(f"proceso {{n}}", "r", [], NEGATIVO, comentario="desde otro proceso")
"""


@pytest.mark.lento
def test_escrituras_concurrentes_de_hilos_y_procesos_no_se_pierden(registros, url_registros):
    opiniones = Opiniones(registros)
    codigo = _ESCRITOR.format(raiz=str(RAIZ))
    procesos = [subprocess.Popen([sys.executable, "-c", codigo], env={**os.environ, "URL_REGISTROS": url_registros}) for _ in range(2)]
    errores: list[BaseException] = []

    def escribir(hilo: int) -> None:
        try:
            for n in range(40):
                id_ = opiniones.registrar(f"hilo {hilo} {n}", "r", CITAS, POSITIVO)
                opiniones.actualizar(id_, comentario=f"comentario {n}")
                opiniones.contar(NEGATIVO)
        except BaseException as error:  # noqa: BLE001  (se revisa abajo)
            errores.append(error)

    hilos = [threading.Thread(target=escribir, args=(h,)) for h in range(6)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=120)
    assert [p.wait(timeout=120) for p in procesos] == [0, 0]
    assert not errores, errores
    assert (opiniones.contar(POSITIVO), opiniones.contar(NEGATIVO)) == (240, 80)
    assert all(o.comentario.startswith("comentario") for o in opiniones.listar(voto=POSITIVO))
    if registros.es_sqlite:  # cualquier herramienta puede leer el archivo con sqlite3 directamente
        with sqlite3.connect(Path(registros.ruta)) as conexion:
            assert conexion.execute("SELECT COUNT(*) FROM opiniones").fetchone()[0] == 320
