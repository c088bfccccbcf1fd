"""Bitácora de auditoría: agregar, listar, filtrar, exportar CSV, solo-agregar y escritores concurrentes (SQLite y PostgreSQL)."""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta

import pytest
from conftest import RAIZ
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from asistente.personal.auditoria import (
    ACTUALIZACION_INDICE,
    CARGA,
    COLUMNAS_CSV,
    ELIMINACION,
    INGRESO,
    INGRESO_FALLIDO,
    VALIDACION,
    Auditoria,
    EventoInvalido,
)
from asistente.registros import BaseDeRegistros


@pytest.fixture
def auditoria(registros) -> Auditoria:
    return Auditoria(registros)


def test_registra_quien_cuando_que_detalle_y_version(auditoria):
    antes = datetime.now().astimezone()
    id_ = auditoria.registrar("ana", CARGA, {"archivo": "LEY-152-1994.pdf", "estado": "aceptado", "bytes": 1234}, version_indice="v0007")
    (evento,) = auditoria.listar()
    assert (evento.id, evento.usuario, evento.accion, evento.version_indice) == (id_, "ana", CARGA, "v0007")
    assert evento.detalle == {"archivo": "LEY-152-1994.pdf", "estado": "aceptado", "bytes": 1234}
    momento = datetime.fromisoformat(evento.momento)
    assert momento.utcoffset() == antes.utcoffset()  # hora local, con su desfase
    assert antes - timedelta(seconds=1) <= momento <= datetime.now().astimezone()


def test_listar_y_filtrar(auditoria):
    for usuario, accion in [("ana", INGRESO), ("ana", CARGA), ("beto", INGRESO_FALLIDO), ("beto", INGRESO),
                            ("beto", ELIMINACION), ("ana", ACTUALIZACION_INDICE), ("ana", VALIDACION)]:
        auditoria.registrar(usuario, accion, {"n": 1})
    assert [e.accion for e in auditoria.listar()] == [VALIDACION, ACTUALIZACION_INDICE, ELIMINACION, INGRESO, INGRESO_FALLIDO, CARGA, INGRESO]
    assert [e.accion for e in auditoria.listar(usuario="beto")] == [ELIMINACION, INGRESO, INGRESO_FALLIDO]
    assert [e.usuario for e in auditoria.listar(accion=INGRESO)] == ["beto", "ana"]
    assert len(auditoria.listar(accion=[INGRESO, INGRESO_FALLIDO])) == 3
    assert [e.accion for e in auditoria.listar(limite=2, desplazamiento=1)] == [ACTUALIZACION_INDICE, ELIMINACION]
    assert auditoria.contar() == 7 and auditoria.contar(usuario="ana", accion=CARGA) == 1
    hoy, manana = date.today(), date.today() + timedelta(days=1)
    assert auditoria.contar(desde=hoy) == 7 and auditoria.contar(desde=manana) == 0 and auditoria.contar(hasta=hoy) == 0
    assert auditoria.contar(desde=hoy.isoformat(), hasta=manana.isoformat()) == 7
    assert auditoria.contar(desde=datetime.now() + timedelta(minutes=1)) == 0
    with pytest.raises(EventoInvalido, match="Fecha no válida"):
        auditoria.listar(desde="ayer")


def test_datos_invalidos(auditoria):
    with pytest.raises(EventoInvalido, match="Falta quién"):
        auditoria.registrar("  ", CARGA)
    with pytest.raises(EventoInvalido, match="Acción no válida"):
        auditoria.registrar("ana", "Borrar todo; DROP TABLE eventos")
    assert auditoria.registrar("ana", "exportacion-auditoria", {"momento": datetime(2025, 1, 2)})  # otras acciones con la misma forma
    assert auditoria.listar()[0].detalle == {"momento": "2025-01-02 00:00:00"}


def test_solo_se_agrega(auditoria, url_registros):
    auditoria.registrar("ana", CARGA, {"archivo": "x.pdf"})
    # Ni abriendo la base a mano (sqlite3 o psql) se cambia ni se borra.
    for orden, motivo in [("UPDATE eventos SET usuario = 'otro'", "no se modifica"), ("DELETE FROM eventos", "no se borra")]:
        with auditoria.bd.motor.connect() as conexion:
            with pytest.raises(DBAPIError, match=motivo):
                conexion.execute(text(orden))
    if not auditoria.bd.es_sqlite:
        with auditoria.bd.motor.connect() as conexion:
            with pytest.raises(DBAPIError, match="no se borra"):
                conexion.execute(text("TRUNCATE eventos"))
    assert not hasattr(auditoria, "eliminar") and not hasattr(auditoria, "actualizar")
    auditoria.bd.cerrar()
    assert [e.usuario for e in Auditoria(BaseDeRegistros.abrir(url_registros)).listar()] == ["ana"]  # reabrir no cambia nada


def test_exporta_csv(tmp_path, auditoria):
    auditoria.registrar("ana", CARGA, {"archivo": "Ley de planeación.pdf"}, version_indice="v0003")
    auditoria.registrar("=HYPERLINK(\"http://x\")", INGRESO_FALLIDO, {"archivo": "=1+1"})
    auditoria.registrar("beto", VALIDACION, {"pregunta": "¿Quién aprueba el plan?", "veredicto": "correcta"})
    destino = tmp_path / "auditoria.csv"
    assert auditoria.exportar_csv(destino) == 3
    crudo = destino.read_bytes()
    assert crudo.startswith(b"\xef\xbb\xbf")  # BOM: Excel muestra bien las tildes
    filas = list(csv.DictReader(io.StringIO(crudo.decode("utf-8-sig"))))
    assert tuple(filas[0]) == COLUMNAS_CSV
    assert [f["usuario"] for f in filas] == ["ana", "'=HYPERLINK(\"http://x\")", "beto"]  # cronológico; sin fórmulas
    assert filas[0]["detalle"] == '{"archivo": "Ley de planeación.pdf"}' and filas[0]["version_indice"] == "v0003"
    assert auditoria.texto_csv(usuario="beto").count("\n") == 2
    assert auditoria.exportar_csv(io.StringIO(), accion=CARGA) == 1


@pytest.mark.lento
def test_escritores_concurrentes_hilos_y_procesos(auditoria, url_registros):
    por_escritor = 100
    codigo = (
        "import os, sys; sys.path.insert(0, sys.argv[1]);"
        "from asistente.personal.auditoria import Auditoria;"
        "from asistente.registros import BaseDeRegistros;"
        "a = Auditoria(BaseDeRegistros.abrir(os.environ['URL_REGISTROS']));"
        "[a.registrar(sys.argv[2], 'carga', {'n': i}) for i in range(int(sys.argv[3]))]"
    )
    procesos = [
        subprocess.Popen([sys.executable, "-c", codigo, str(RAIZ), f"proceso{i}", str(por_escritor)],
                         env={**os.environ, "URL_REGISTROS": url_registros})
        for i in range(3)
    ]
    errores = []

    def escribir(nombre: str) -> None:
        try:
            propia = Auditoria(auditoria.bd)
            for i in range(por_escritor):
                propia.registrar(nombre, CARGA, {"n": i})
        except Exception as error:  # se revisa abajo: un hilo que falla no debe pasar inadvertido
            errores.append(error)

    hilos = [threading.Thread(target=escribir, args=(f"hilo{i}",)) for i in range(3)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=120)
    assert [p.wait(timeout=120) for p in procesos] == [0, 0, 0] and errores == []
    eventos = auditoria.listar()
    assert len(eventos) == 6 * por_escritor and len({e.id for e in eventos}) == len(eventos)
    for escritor in [f"hilo{i}" for i in range(3)] + [f"proceso{i}" for i in range(3)]:
        # Cada escritor ve sus eventos completos y en su orden.
        assert [e.detalle["n"] for e in reversed(auditoria.listar(usuario=escritor))] == list(range(por_escritor))
