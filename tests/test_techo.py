"""`python -m evaluacion.techo`: el techo de la elección de la fuente principal.

Con datos hechos a mano, el ordenador aprendido debe encontrar la señal que separa la esperada (y
no encontrar nada donde no la hay); sobre el índice real, lo que recoge la herramienta debe ser
lo mismo que hace el asistente (su fuente principal es la primera cita de la respuesta).
"""
from __future__ import annotations

import numpy as np
import pytest

from asistente.calidad import conjunto
from asistente.calidad.cotejo import coincide
from evaluacion.techo import SENALES, Pregunta, aciertos, aprender, clave, informe, recoger, validacion_cruzada


def _preguntas(n: int, con_senal: bool, semilla: int = 0) -> list[Pregunta]:
    """n preguntas de 8 candidatos; la esperada en un puesto al azar. Con señal, la columna
    «concepto» vale 1 solo en la esperada; sin ella, todas las columnas son ruido."""
    azar = np.random.default_rng(semilla)
    salida = []
    for i in range(n):
        rasgos = azar.normal(size=(8, len(SENALES)))
        rasgos[:, 0] = np.log1p(np.arange(8))  # el puesto en la búsqueda
        esperada = np.zeros(8, dtype=bool)
        esperada[azar.integers(0, 8)] = True
        if con_senal:
            rasgos[:, SENALES.index("concepto")] = esperada.astype(float)
        salida.append(Pregunta(f"p{i}", rasgos, esperada, elegida=0))
    return salida


def test_el_ordenador_aprendido_encuentra_la_senal_que_separa_la_esperada():
    preguntas = _preguntas(60, con_senal=True)
    w = aprender(preguntas)
    assert int(np.argmax(w)) == SENALES.index("concepto")
    assert aciertos(preguntas, lambda p: -np.arange(8.0))[0] < 20  # el orden de la búsqueda, al azar
    assert validacion_cruzada(preguntas, pliegues=5, semilla=0) == (60, 60)


def test_sin_senal_la_validacion_cruzada_no_acierta_mas_que_el_azar():
    preguntas = _preguntas(80, con_senal=False, semilla=1)
    uno, cinco = validacion_cruzada(preguntas, pliegues=5, semilla=0)
    assert uno <= 25  # el azar da 10 de 80 (1 de 8)
    assert cinco <= 65  # el azar da 50 de 80 (5 de 8)


def test_lo_que_recoge_coincide_con_lo_que_responde_el_asistente(asistente_completo):
    preguntas = [p for p in conjunto.cargar(conjunto.DESARROLLO) if not p.previa][:30]
    recogidas = recoger(asistente_completo, preguntas, candidatos=20)
    assert len(recogidas) >= 15
    por_id = {p.id: p for p in preguntas}
    for r in recogidas:
        assert r.rasgos.shape == (len(r.esperada), len(SENALES))
        assert len(r.esperada) <= 20
        respuesta = asistente_completo.responder(por_id[r.id].pregunta)
        if respuesta.abstencion:
            continue
        primera = respuesta.citas_usadas[0]
        # La elegida por la herramienta es la primera fuente del asistente, y se coteja igual.
        assert r.claves[r.elegida] == clave(primera.fragmento), r.id
        assert bool(r.esperada[r.elegida]) == any(coincide(primera.a_dict(), e) for e in por_id[r.id].esperadas), r.id
    lineas = informe(recogidas, pliegues=5, repeticiones=1)
    en_candidatos = sum(bool(r.esperada.any()) for r in recogidas)
    en_cinco = aciertos(recogidas, lambda p: -np.arange(len(p.esperada), dtype=float))[1]
    assert en_candidatos >= en_cinco >= sum(bool(r.esperada[r.elegida]) for r in recogidas)
    assert any(l.startswith("ordenador lineal aprendido") for l in lineas)


def test_el_techo_no_se_mide_con_un_conjunto_de_evaluacion(capsys):
    from evaluacion.techo import main

    for ruta in (conjunto.EVALUACION, conjunto.CARPETA / "ampliacion" / "conjunto.jsonl"):
        with pytest.raises(SystemExit) as salida:
            main(["--conjunto", str(ruta)])
        assert salida.value.code == 2
        assert "conjunto de evaluación" in capsys.readouterr().err

