"""Compuerta de calidad: la evaluación completa sobre corpus/ + ../shared/normativa.

Falla si acierto@5 < 0,90, hechos < 0,81, primera fuente < 0,66, hechos en la respuesta
directa < 0,46, la mediana del cuerpo pasa de 690 caracteres o si alguna pregunta no
respondible recibe respuesta (umbrales en evaluacion/umbrales.py). Deja los informes en la
carpeta de la prueba.
"""
from __future__ import annotations

from asistente.calidad import conjunto
from evaluacion.__main__ import ejecutar


def test_compuerta_de_calidad(asistente_completo, tmp_path):
    resultado = ejecutar(asistente_completo, conjunto.EVALUACION, tmp_path / "evaluacion")
    metricas = resultado["metricas"]["Global"]
    fallos = [f"{f['id']}: {f['pregunta']}" for f in resultado["filas"] if not f["responde"] and not f["abstencion"]]
    assert not resultado["umbrales_incumplidos"], (
        f"{resultado['umbrales_incumplidos']} · métricas {metricas} · no respondibles con respuesta: {fallos} · "
        f"informe: {resultado['archivos']['informe']}"
    )
    assert (tmp_path / "evaluacion" / "informe.html").exists()
