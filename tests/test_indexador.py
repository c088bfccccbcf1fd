"""Índice incremental: altas, cambios y bajas; reutilización de vectores; cerrojo; fallos seguros.

Cada prueba corre dos veces: con Chroma embebido y contra un `chroma run` real (una base
de datos por prueba). En modo servidor el cerrojo y la copia local siguen en la carpeta
del índice, así que las pruebas del cerrojo y de las interrupciones valen igual.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import GUIA, LEY_A, LEY_B, RAIZ
from documentos_de_prueba import pdf_desde_markdown

from asistente import Asistente
from asistente.indexado.almacen import Registro, cliente_chroma, versiones_existentes
from asistente.configuracion import Configuracion
from asistente.indexado.indexador import ErrorDeIndexado, IndiceOcupado, actualizar
from asistente.indexado.abierto import IndiceNoDisponible

def _indexar(configuracion: Configuracion, *argumentos: str) -> subprocess.CompletedProcess:
    """`indexar.py` en otro proceso, con el mismo modo de Chroma (y la misma base) que la prueba."""
    return subprocess.run(
        [sys.executable, str(RAIZ / "indexar.py"), *argumentos],
        capture_output=True, text=True, timeout=900, env={**os.environ, **configuracion.variables_de_entorno()}, cwd=RAIZ,
    )


def test_altas_cambios_y_bajas_reembeben_solo_lo_cambiado(configuracion, corpus):
    primero = actualizar(configuracion)
    assert (len(primero.nuevos), primero.embebidos, primero.version) == (3, primero.fragmentos, "v0001")

    igual = actualizar(configuracion)
    assert (len(igual.sin_cambios), igual.embebidos, igual.version) == (3, 0, "v0001")

    (corpus / "LEY-7001-2020.md").write_text(LEY_A.replace("cada año", "cada seis (6) meses"), encoding="utf-8")
    cambio = actualizar(configuracion)
    assert len(cambio.modificados) == 1 and cambio.embebidos == 1  # solo el artículo 3 cambió
    assert cambio.version == "v0002"
    informe = next(c for c in cambio.cambios if c["doc_id"] == "LEY-7001-2020")
    assert (informe["estado"], informe["modificados"], informe["agregados"]) == ("modificado", ["3"], [])

    (corpus / "LEY-7003-2022.md").write_text(LEY_B.replace("7002-2021", "7003-2022").replace("personería", "contraloría"), encoding="utf-8")
    (corpus / "LEY-7002-2021.md").unlink()
    alta_baja = actualizar(configuracion)
    assert (len(alta_baja.nuevos), len(alta_baja.eliminados)) == (1, 1)

    indice = Asistente(configuracion).indice()
    assert indice.documento("LEY-7002-2021") == []
    assert "seis (6) meses" in indice.articulo("LEY-7001-2020", "3")[0].texto
    assert len(indice.coleccion.get()["ids"]) == alta_baja.fragmentos
    # Solo quedan la versión activa y la anterior.
    assert versiones_existentes(cliente_chroma(configuracion)) == ["fragmentos-v0002", "fragmentos-v0003"]


def test_un_archivo_danado_se_omite_y_conserva_su_version_buena(configuracion, corpus):
    actualizar(configuracion)
    (corpus / "LEY-7001-2020.md").write_bytes(b"\x00\x01\x02" * 500)
    (corpus / "nuevo-danado.pdf").write_bytes(b"%PDF-1.4 roto")
    resumen = actualizar(configuracion)
    motivos = {Path(o.archivo).name: o.motivo for o in resumen.omitidos}
    assert "se conserva la versión indexada anteriormente" in motivos["LEY-7001-2020.md"]
    assert "PDF está dañado" in motivos["nuevo-danado.pdf"]
    assert Asistente(configuracion).indice().articulo("LEY-7001-2020", "2")  # sigue respondiendo


def test_entradas_defectuosas_en_el_corpus_no_detienen_la_indexacion(tmp_path, configuracion, corpus):
    (corpus / "vacio.md").write_bytes(b"")
    (corpus / "binario.txt").write_bytes(os.urandom(4000).replace(b"\n", b"") + b"\x00")
    (corpus / "planilla.xlsx").write_bytes(b"PK\x03\x04")
    valido = pdf_desde_markdown(GUIA, tmp_path / "x.pdf").read_bytes()
    (corpus / "truncado.pdf").write_bytes(valido[: len(valido) // 3])
    (corpus / "acuerdo-ansi.txt").write_bytes("ACUERDO\n\nEl concejo aprobó la política.\n".encode("cp1252"))
    (corpus / "enlace-roto.md").symlink_to(tmp_path / "no-existe.md")

    proceso = _indexar(configuracion, "--corpus", str(corpus), "--indice", str(configuracion.indice), "--json")
    assert proceso.returncode == 2, proceso.stderr
    resumen = json.loads(proceso.stdout)
    assert set(resumen) >= {"nuevos", "modificados", "eliminados", "sin_cambios", "omitidos", "fragmentos", "segundos"}
    motivos = {Path(o["archivo"]).name: o["motivo"] for o in resumen["omitidos"]}
    assert set(motivos) == {"vacio.md", "binario.txt", "planilla.xlsx", "truncado.pdf", "enlace-roto.md"}
    assert "vacío" in motivos["vacio.md"] and "es un enlace roto" in motivos["enlace-roto.md"]
    assert resumen["nuevos"] == 4  # guía, dos leyes y el acuerdo en Windows-1252
    assert any("Windows-1252" in a["motivo"] for a in resumen["avisos"])
    for nombre in motivos:
        assert f"Omitido: {corpus / nombre}" in proceso.stderr or nombre in proceso.stderr


def test_cli_estado_y_codigos_de_salida(tmp_path, configuracion, corpus):
    indice = str(configuracion.indice)
    assert _indexar(configuracion, "--corpus", str(tmp_path / "no-existe"), "--indice", indice).returncode == 1
    proceso = _indexar(configuracion, "--corpus", str(corpus), "--indice", indice)
    assert proceso.returncode == 0 and "Índice v0001" in proceso.stdout
    estado = json.loads(_indexar(configuracion, "--indice", indice, "--estado", "--json").stdout)
    assert {d["doc_id"] for d in estado["documentos"]} >= {"LEY-7001-2020", "LEY-7002-2021"}
    ley = next(d for d in estado["documentos"] if d["doc_id"] == "LEY-7001-2020")
    assert ley["articulos"] == 3 and ley["cargado"]


def test_no_mezcla_vectores_de_dos_modelos(configuracion, corpus):
    actualizar(configuracion)
    otro = dataclasses.replace(configuracion, modelo="st:/modelos/otro-modelo")
    with pytest.raises(ErrorDeIndexado, match="Los vectores de dos modelos no se mezclan"):
        actualizar(otro)
    with pytest.raises(IndiceNoDisponible, match="se construyó con el modelo"):
        Asistente(otro).indice()


def test_el_cerrojo_impide_dos_indexadores(configuracion, corpus):
    from filelock import FileLock

    configuracion.indice.mkdir(parents=True)
    with FileLock(str(configuracion.indice / ".indexando.lock")):
        with pytest.raises(IndiceOcupado, match="Otro proceso está actualizando el índice"):
            actualizar(configuracion)
        proceso = _indexar(configuracion, "--corpus", str(corpus), "--indice", str(configuracion.indice))
        assert proceso.returncode == 1 and "Otro proceso" in proceso.stderr
        assert Registro(cliente_chroma(configuracion)).leer() is None  # nada llegó a Chroma
    assert actualizar(configuracion).version == "v0001"


@pytest.mark.parametrize("senal", [signal.SIGKILL, signal.SIGINT])
def test_interrumpir_el_indexador_deja_el_indice_anterior_respondiendo(configuracion, corpus, senal, normativa):
    actualizar(configuracion)
    nuevas = ("LEY-1257-2008.md", "LEY-1454-2011.md", "LEY-850-2003.md")
    for nombre in nuevas:
        shutil.copy(normativa / nombre, corpus / nombre)  # unos 180 fragmentos: tarda en embeber

    proceso = subprocess.Popen(
        [sys.executable, str(RAIZ / "indexar.py"), "--corpus", str(corpus), "--indice", str(configuracion.indice)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=RAIZ,
        env={**os.environ, **configuracion.variables_de_entorno()},
        # Si pytest corre en segundo plano («… &»), el shell le deja SIGINT ignorado y los hijos lo
        # heredan: Python no instalaría KeyboardInterrupt y el indexador terminaría sin enterarse.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    cliente = cliente_chroma(configuracion)
    limite = time.monotonic() + 120
    while "fragmentos-v0002" not in versiones_existentes(cliente):  # ya empezó la versión nueva
        assert proceso.poll() is None and time.monotonic() < limite, "el indexador terminó antes de poder interrumpirlo"
        time.sleep(0.2)
    time.sleep(3)
    assert proceso.poll() is None, "el indexador terminó antes de la señal: hace falta más trabajo para interrumpirlo"
    proceso.send_signal(senal)
    _, error = proceso.communicate(timeout=60)
    assert proceso.returncode != 0
    if senal == signal.SIGINT:
        assert "el índice anterior sigue activo" in error

    assert Registro(cliente).leer().etiqueta == "v0001"
    pregunta = "¿En qué plazo presenta el alcalde el plan al concejo?"
    respuesta = Asistente(configuracion).responder(pregunta)
    assert not respuesta.abstencion and "cuatro (4) meses" in respuesta.respuesta
    if configuracion.chroma_url:  # otro servidor de aplicación, sin copia local, ve lo mismo
        otro = Asistente(dataclasses.replace(configuracion, indice=configuracion.indice.parent / "otro-servidor"))
        assert otro.responder(pregunta).respuesta == respuesta.respuesta

    final = actualizar(configuracion)  # la siguiente ejecución limpia lo que quedó a medias
    assert final.version == "v0002" and len(final.nuevos) == len(nuevas)
