"""Cotejo de una respuesta con lo esperado: ¿cita la fuente esperada?, ¿contiene los hechos?

La misma regla para la evaluación (`evaluacion/metricas.py`) y para la pestaña «Validación» del personal.
"""
from __future__ import annotations

from ..corpus.fragmentacion.normas import clave_articulo
from ..texto import plegar


def coincide(cita: dict, esperada: tuple[str, str]) -> bool:
    """¿Esta cita (dict de `Cita.a_dict`) es la fuente esperada?"""
    fuente, unidad = esperada
    if fuente == "guia":
        return str(cita.get("doc_id", "")).startswith("guia") and plegar(cita.get("seccion") or "") == plegar(unidad)
    return cita.get("doc_id") == fuente and clave_articulo(cita.get("articulo") or "") == clave_articulo(unidad)


def hechos_presentes(respuesta: str, hechos: list[str]) -> list[tuple[str, bool]]:
    """Cada hecho esperado y si aparece literalmente en la respuesta (sin tildes ni mayúsculas)."""
    texto = " ".join(plegar(respuesta or "").split())
    return [(h, " ".join(plegar(h).split()) in texto) for h in hechos]


def hechos_cubiertos(respuesta: str, hechos: list[str]) -> float:
    """Fracción de hechos presentes en la respuesta (sin distinguir tildes ni mayúsculas)."""
    if not hechos:
        return 1.0
    return sum(presente for _, presente in hechos_presentes(respuesta, hechos)) / len(hechos)
