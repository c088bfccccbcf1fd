"""Métricas de la evaluación: acierto@k, MRR, exactitud de citas, hechos y abstención."""
from __future__ import annotations

import statistics

from asistente.calidad.conjunto import Pregunta
from asistente.calidad.cotejo import coincide


def rango(citas: list[dict], pregunta: Pregunta) -> int | None:
    """Posición (desde 1) de la primera cita correcta, o None."""
    for posicion, cita in enumerate(citas, start=1):
        if any(coincide(cita, e) for e in pregunta.esperadas):
            return posicion
    return None


def resumir(filas: list[dict]) -> dict:
    """Métricas agregadas de filas con: responde, abstencion, rango, cita_correcta, hechos, latencia_ms."""
    respondibles = [f for f in filas if f["responde"]]
    no_respondibles = [f for f in filas if not f["responde"]]
    contestadas = [f for f in respondibles if not f["abstencion"]]
    abstenciones = [f for f in filas if f["abstencion"]]
    latencias = sorted(f["latencia_ms"] for f in filas)
    largos = sorted(f["largo_cuerpo"] for f in contestadas if f.get("largo_cuerpo") is not None)

    def fraccion(n, d):
        return round(n / d, 4) if d else None

    return {
        "preguntas": len(filas),
        "acierto@1": fraccion(sum(1 for f in respondibles if f["rango"] == 1), len(respondibles)),
        "acierto@5": fraccion(sum(1 for f in respondibles if f["rango"] and f["rango"] <= 5), len(respondibles)),
        "mrr@10": fraccion(sum(1 / f["rango"] for f in respondibles if f["rango"] and f["rango"] <= 10), len(respondibles)),
        "exactitud_citas": fraccion(sum(1 for f in contestadas if f["cita_correcta"]), len(contestadas)),
        "hechos": fraccion(sum(f["hechos"] for f in respondibles), len(respondibles)),
        # La respuesta directa: su fuente es la esperada y contiene los hechos (issue #11).
        "primera_fuente": fraccion(sum(1 for f in respondibles if f.get("primera_fuente_correcta")), len(respondibles)),
        "hechos_directa": fraccion(sum(f.get("hechos_directa", 0.0) for f in respondibles), len(respondibles)),
        "cuerpo_mediana": round(statistics.median(largos)) if largos else None,
        "cuerpo_p90": largos[min(len(largos) - 1, int(0.9 * len(largos)))] if largos else None,
        "abstencion_precision": fraccion(sum(1 for f in abstenciones if not f["responde"]), len(abstenciones)),
        "abstencion_exhaustividad": fraccion(sum(1 for f in no_respondibles if f["abstencion"]), len(no_respondibles)),
        "fuera_de_tema_respondidas": sum(1 for f in no_respondibles if not f["abstencion"]),
        "latencia_p50_ms": round(statistics.median(latencias), 1) if latencias else None,
        "latencia_p95_ms": round(latencias[min(len(latencias) - 1, int(0.95 * len(latencias)))], 1) if latencias else None,
    }
