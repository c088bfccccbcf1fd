"""Responde un conjunto de preguntas con el mismo `Asistente` de la web y califica cada respuesta."""
from __future__ import annotations

from typing import Callable

from asistente.respuesta.asistente import Asistente
from asistente.calidad.conjunto import Pregunta
from asistente.calidad.cotejo import coincide, hechos_cubiertos

from .metricas import rango, resumir


def evaluar(asistente: Asistente, preguntas: list[Pregunta], al_avanzar: Callable[[int, int], None] | None = None, modo: str = "extractiva") -> list[dict]:
    """Una fila por pregunta; los seguimientos se hacen con el historial de su conversación.

    `modo`: «extractiva» (por omisión, aunque haya un modelo configurado: las cifras de siempre)
    o «redactada»; los dos lado a lado están en modos.py (`--modo ambos`).
    """
    filas: list[dict] = []
    historial: list[str] = []
    for n, pregunta in enumerate(preguntas, start=1):
        historial = historial if pregunta.previa else []
        respuesta = asistente.responder(pregunta.pregunta, historial=list(historial), modo=modo)
        citas = [c.a_dict() for c in respuesta.citas]
        usadas = [c.a_dict() for c in respuesta.citas_usadas]
        posicion = rango(citas, pregunta) if pregunta.responde and not respuesta.abstencion else None
        contestada = pregunta.responde and not respuesta.abstencion
        filas.append(
            {
                "id": pregunta.id,
                "pregunta": pregunta.pregunta,
                "modulo": pregunta.modulo or "General",
                "tipo": pregunta.tipo,
                "responde": pregunta.responde,
                "esperado": [":".join(e) for e in pregunta.esperadas],
                "hechos_esperados": pregunta.hechos,
                "abstencion": respuesta.abstencion,
                "respuesta": respuesta.respuesta,
                "citas": [c["etiqueta"] for c in citas],
                "citas_usadas": [c["etiqueta"] for c in usadas],
                "par": pregunta.par,
                "rango": posicion,
                "cita_correcta": bool(pregunta.responde and any(coincide(c, e) for c in usadas for e in pregunta.esperadas)),
                "hechos": hechos_cubiertos(respuesta.respuesta, pregunta.hechos) if contestada else 0.0,
                "directa": respuesta.directa,
                # La primera fuente citada (la de la respuesta directa) es la esperada.
                "primera_fuente_correcta": bool(contestada and usadas and any(coincide(usadas[0], e) for e in pregunta.esperadas)),
                "hechos_directa": hechos_cubiertos(respuesta.directa, pregunta.hechos) if contestada else 0.0,
                "largo_cuerpo": len(respuesta.cuerpo) if not respuesta.abstencion else None,
                "latencia_ms": round(respuesta.latencia_ms, 1),
                "modo": respuesta.modo,
            }
        )
        historial = historial + [pregunta.pregunta]
        if al_avanzar:
            al_avanzar(n, len(preguntas))
    return filas


def por_modulo(filas: list[dict]) -> dict[str, dict]:
    """Métricas globales y de cada módulo (las preguntas no respondibles cuentan en «General»)."""
    grupos: dict[str, list[dict]] = {}
    for fila in filas:
        grupos.setdefault(fila["modulo"], []).append(fila)
    resultado = {"Global": resumir(filas)}
    for modulo in sorted(grupos):
        resultado[modulo] = resumir(grupos[modulo])
    return resultado
