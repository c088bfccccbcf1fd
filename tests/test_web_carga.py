"""Varias personas a la vez en el chat, con `python app.py` de verdad y el cliente del banco de carga.

El cliente habla el protocolo de la página (cola de Gradio y flujo SSE, los mismos eventos que
el envío de la pregunta y los pulgares del chat). No se cronometra nada: la máquina es compartida;
las cifras las da `python -m evaluacion.rendimiento_carga`.
"""
from __future__ import annotations

from conftest import PREGUNTA, configuracion_pequena

from asistente.indexado.indexador import actualizar
from asistente.personal.opiniones import NEGATIVO, POSITIVO, Opiniones
from evaluacion.rendimiento_carga import ServidorLocal, ejecutar, exigir_loopback

import pytest

PREGUNTAS = [
    PREGUNTA,
    "¿Qué organiza la ley 7001 de 2020?",
    "¿Cada cuánto se evalúa el plan?",
    "¿Quién evalúa el plan de desarrollo?",
    "¿Qué dice el artículo 2 de la ley 7001 de 2020?",
]
EMBEBIDO = {"ASISTENTE_CHROMA_URL": ""}


@pytest.mark.lento
def test_cinco_usuarios_a_la_vez_reciben_todas_sus_respuestas_y_sus_votos_se_guardan(tmp_path):
    configuracion = configuracion_pequena(tmp_path)
    actualizar(configuracion)
    with ServidorLocal(configuracion.indice, list(configuracion.corpus), datos=configuracion.datos, entorno=EMBEBIDO) as servidor:
        cifras = ejecutar(servidor.url, PREGUNTAS, usuarios=5, por_usuario=2, votar_cada=1,
                          datos=servidor.datos, pid=servidor.pid, espera_s=180)
        assert servidor.proceso.poll() is None, servidor.registro()[-3000:]
        registro = servidor.registro()
    assert cifras["errores"] == 0, (cifras, registro[-3000:])
    assert cifras["respuestas"] == 10  # todas llegaron completas y con texto
    assert cifras["primer_texto_p95_s"] is not None and cifras["primer_texto_p95_s"] <= cifras["completa_p95_s"]
    assert cifras["votos_enviados"] == 10 and cifras["votos_fallidos"] == 0
    assert cifras["votos_guardados"] == 10
    assert cifras["memoria_maxima_mb"] and cifras["memoria_maxima_mb"] > 0
    # Cada voto quedó sobre la respuesta que se votó: la pregunta es una de las hechas y hay de ambos signos.
    guardadas = Opiniones.en(configuracion).listar()
    assert {o.pregunta for o in guardadas} <= set(PREGUNTAS)
    assert all(o.respuesta.strip() for o in guardadas)
    assert {o.voto for o in guardadas} == {POSITIVO, NEGATIVO}
    assert any("cuatro (4) meses" in o.respuesta for o in guardadas if o.pregunta == PREGUNTA)
    assert "Traceback" not in registro


def test_el_banco_solo_apunta_a_loopback():
    assert exigir_loopback("http://127.0.0.1:7860/") == "http://127.0.0.1:7860"
    assert exigir_loopback("http://localhost:8000") == "http://localhost:8000"
    with pytest.raises(RuntimeError, match="solo se ejecuta contra 127.0.0.1"):
        exigir_loopback("http://192.168.1.20:7860")
    with pytest.raises(RuntimeError):
        exigir_loopback("https://ejemplo.gov.co")
