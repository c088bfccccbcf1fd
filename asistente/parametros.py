"""Parámetros de búsqueda y de abstención, en un solo lugar.

Se ajustaron con el conjunto de desarrollo (evaluacion/desarrollo.jsonl) mediante
`python -m evaluacion.ajuste`; nunca con el conjunto de evaluación.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parametros:
    # Candidatos que aporta cada buscador antes de fusionar.
    candidatos_densos: int = 60
    candidatos_lexicos: int = 60
    # Fusión por rangos recíprocos ponderada: peso/(k + rango) por buscador.
    k_rrf: int = 30
    peso_denso: float = 1.0
    peso_lexico: float = 0.2
    # Con historial se busca la pregunta sola y unida a la anterior; la que no parece
    # principal pesa esto (la unida si la pregunta es un seguimiento evidente).
    peso_contexto: float = 0.5
    # En un seguimiento evidente («¿y en cuánto tiempo?») la pregunta sola casi no dice nada.
    peso_sola_en_seguimiento: float = 0.25
    # Abstención: similitud coseno (e5) mínima del mejor pasaje para responder. En el
    # conjunto de desarrollo la mayor no respondible fue 0,864 y la menor respondible 0,869.
    umbral_similitud: float = 0.866
    # Por encima de esta similitud se responde aunque la pregunta nombre algo que ningún
    # documento menciona («el alcalde de Medellín…»); por debajo, eso basta para abstenerse.
    umbral_confianza: float = 0.886
    # Redacción: cuántos pasajes pueden aportar oraciones y cuántas oraciones en total.
    pasajes_en_respuesta: int = 3
    oraciones_maximas: int = 4


PREDETERMINADOS = Parametros()
