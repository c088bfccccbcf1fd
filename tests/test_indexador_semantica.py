"""La biblioteca grande (#15): responder por palabras clave primero y embeber después.

Con Chroma de verdad (embebido y `chroma run`) y el modelo de verdad, en un corpus pequeño
con lotes de 8 textos: la versión nueva responde (marcada) antes de tener vectores, un kill -9
en la fase semántica pierde como mucho el lote en curso y la siguiente ejecución sigue donde
quedó, con la guía y las normas del catálogo primero.
"""
from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import time

from conftest import LEY_A, NORMATIVA, RAIZ, requiere_normativa

from asistente import Asistente
from asistente.indexado.almacen import Registro, carpeta_cache, cliente_chroma
from asistente.indexado.estado import estado_del_indice
from asistente.indexado.indexador import _pendientes, actualizar
from asistente.indexado.abierto import leer_fragmentos
from asistente.web.chat import _aviso_semantico

LOTE = 8
_HIJO = f"""
import sys
from asistente import parametros
object.__setattr__(parametros.INDEXADO, "lote_semantico", {LOTE})
from asistente.configuracion import Configuracion
from asistente.indexado.indexador import actualizar
actualizar(Configuracion.desde_entorno(), lexico_primero=True,
           al_avanzar=lambda etapa, hechos, total: print(etapa, hechos, total, flush=True))
"""
PREGUNTA = "¿En qué plazo presenta el alcalde el plan al concejo?"


def test_responde_por_palabras_clave_y_un_kill_9_pierde_a_lo_sumo_un_lote(configuracion, corpus):  # noqa: F811
    requiere_normativa()
    for nombre in ("LEY-152-1994.md", "LEY-1257-2008.md"):  # están en el catálogo; las leyes de prueba, no
        shutil.copy(NORMATIVA / nombre, corpus / nombre)
    hijo = subprocess.Popen(
        [sys.executable, "-c", _HIJO], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=RAIZ,
        env={**os.environ, **configuracion.variables_de_entorno()},
    )
    guardados, limite = [], time.monotonic() + 600
    for linea in hijo.stdout:
        etapa, hechos, total = linea.split()
        if etapa == "semantica" and int(hechos) > 0:
            guardados.append(int(hechos))
            if len(guardados) == 3:
                break
        assert time.monotonic() < limite
    hijo.send_signal(signal.SIGKILL)
    hijo.wait(timeout=60)
    assert len(guardados) == 3, "la fase semántica no llegó a guardar tres lotes"

    # La versión nueva ya responde, por palabras clave donde falten vectores, y lo dice.
    estado = estado_del_indice(configuracion)
    assert estado["version"] == "v0001" and guardados[-1] <= estado["con_vector"] < estado["fragmentos"]
    assert estado["semantica"].startswith("búsqueda semántica en preparación: ")
    respuesta = Asistente(configuracion).responder(PREGUNTA)
    assert not respuesta.abstencion and "cuatro (4) meses" in respuesta.respuesta
    assert respuesta.a_dict()["busqueda"] == "parcial" and "Búsqueda semántica en preparación" in respuesta.cuerpo
    if configuracion.chroma_url:  # otro servidor de aplicación, sin copia local, ve la misma versión
        otro = Asistente(dataclasses.replace(configuracion, indice=configuracion.indice.parent / "otro-servidor"))
        assert otro.responder(PREGUNTA).respuesta == respuesta.respuesta

    # Orden: la guía, luego las normas del catálogo, luego las demás.
    manifiesto = Registro(cliente_chroma(configuracion)).leer()
    fragmentos = leer_fragmentos(carpeta_cache(configuracion, manifiesto))
    orden = [grupo[1][0].doc_id for grupo in _pendientes(fragmentos, set()).values()]
    primeros = list(dict.fromkeys(orden))
    assert set(primeros[1:3]) == {"LEY-152-1994", "LEY-1257-2008"} and set(primeros[3:]) == {"LEY-7001-2020", "LEY-7002-2021"}
    assert fragmentos and next(f for f in fragmentos if f.doc_id == primeros[0]).tipo == "guia"

    # La siguiente ejecución sigue donde quedó: vuelve a embeber como mucho el lote en curso.
    textos = len(_pendientes(fragmentos, set()))
    hechos_antes = estado["con_vector"]
    final = actualizar(configuracion)
    assert final.version == "v0001" and not final.hubo_cambios
    assert textos - final.embebidos >= LOTE * (len(guardados) - 1), "se perdió más de un lote"
    estado = estado_del_indice(configuracion)
    assert estado["con_vector"] == estado["fragmentos"] > hechos_antes and estado["semantica"] == ""
    completa = Asistente(configuracion).responder(PREGUNTA)
    assert "busqueda" not in completa.a_dict() and "cuatro (4) meses" in completa.respuesta


class _Corte(Exception):
    pass


def _cortar_en_el_primer_lote(etapa: str, hechos: int, total: int) -> None:
    if etapa == "semantica":
        raise _Corte  # como un indexador que muere justo después de activar la versión


def test_sin_vectores_responde_por_palabras_clave_y_la_cli_lo_dice(configuracion, corpus):  # noqa: F811
    try:
        actualizar(configuracion, lexico_primero=True, al_avanzar=_cortar_en_el_primer_lote)
    except _Corte:
        pass
    salida = subprocess.run(
        [sys.executable, str(RAIZ / "indexar.py"), "--estado"], capture_output=True, text=True, cwd=RAIZ,
        env={**os.environ, **configuracion.variables_de_entorno()}, timeout=300,
    ).stdout
    assert "Búsqueda semántica en preparación: 0 de " in salida and " fragmentos" in salida
    respuesta = Asistente(configuracion).responder(PREGUNTA)
    assert respuesta.a_dict()["busqueda"] == "lexica" and "Búsqueda por palabras clave solamente" in respuesta.cuerpo
    assert not respuesta.abstencion and "cuatro (4) meses" in respuesta.respuesta
    asistente = Asistente(configuracion)
    asistente.responder(PREGUNTA)
    assert "Búsqueda semántica en preparación: 0 de " in _aviso_semantico(asistente)  # la línea de la página
