"""Qué preguntas de evaluación tocan los cambios de una actualización del índice.

    afectadas = preguntas_afectadas(resumen.cambios, cargar(EVALUACION))
    for a in afectadas:
        a.pregunta.id, a.doc_id, a.unidad, a.cambio     # «eval-001», «LEY-388-1997», «24», «modificado»

Una pregunta queda afectada si alguna de sus fuentes esperadas (la principal o una de
`aceptables`) es un artículo (o una sección de la guía) que se agregó, cambió o se
retiró, o si se retiró el documento entero. Los seguimientos («previa») de una pregunta
afectada también lo están: su respuesta parte de la conversación anterior.
Sirve para saber qué respuestas volver a validar después de actualizar el índice.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..corpus.fragmentacion.normas import clave_articulo
from ..texto import plegar
from .conjunto import Pregunta

GUIA = "guia"
# Lo que le pasó a la unidad (artículo o sección), como lo dice el informe del indexador.
AGREGADO, MODIFICADO, ELIMINADO = "agregado", "modificado", "eliminado"
DOCUMENTO_ELIMINADO = "documento eliminado"
POR_SEGUIMIENTO = "seguimiento"
_LISTAS = (("agregados", AGREGADO), ("modificados", MODIFICADO), ("eliminados", ELIMINADO))


@dataclass(frozen=True)
class Afectada:
    pregunta: Pregunta
    doc_id: str  # el documento que cambió
    titulo: str
    unidad: str  # artículo o sección esperados por la pregunta
    cambio: str  # agregado | modificado | eliminado | documento eliminado | seguimiento
    previa: str = ""  # con cambio «seguimiento»: la pregunta afectada de la que depende

    def a_dict(self) -> dict:
        return {
            "id": self.pregunta.id,
            "pregunta": self.pregunta.pregunta,
            "doc_id": self.doc_id,
            "titulo": self.titulo,
            "unidad": self.unidad,
            "cambio": self.cambio,
            "previa": self.previa,
        }


def es_guia(doc_id: str) -> bool:
    return str(doc_id or "").lower().startswith(GUIA)


def misma_unidad(doc_id: str, unidad: str, esperada: str) -> bool:
    """¿La unidad del informe (artículo «18-A», sección «Marco conceptual») es la esperada?

    Artículos: con `clave_articulo` («84-A» = «84A»). Secciones de la guía: sin tildes ni
    mayúsculas; una subsección («Marco conceptual › MIPG») cuenta para su sección.
    """
    if es_guia(doc_id):
        a, b = _seccion(unidad), _seccion(esperada)
        return bool(a) and (a == b or a.startswith(b + " › "))
    return bool(unidad) and clave_articulo(str(unidad)) == clave_articulo(str(esperada))


def _seccion(texto: str) -> str:
    return " ".join(plegar(str(texto or "")).split())


def _mismo_documento(doc_id: str, fuente: str) -> bool:
    if fuente.lower() == GUIA:
        return es_guia(doc_id)
    return doc_id.upper() == fuente.upper()


def preguntas_afectadas(cambios: Iterable[dict], preguntas: Iterable[Pregunta]) -> list[Afectada]:
    """Las preguntas (en su orden) que citan algo de `cambios` (`Resumen.cambios` del indexador)."""
    cambios = [c for c in cambios or [] if c.get("doc_id")]
    afectadas: dict[str, Afectada] = {}
    preguntas = list(preguntas)
    for pregunta in preguntas:
        hallazgo = _primera_coincidencia(pregunta, cambios)
        if hallazgo is not None:
            afectadas[pregunta.id] = hallazgo
        elif pregunta.previa in afectadas:
            origen = afectadas[pregunta.previa]
            afectadas[pregunta.id] = Afectada(pregunta, origen.doc_id, origen.titulo, origen.unidad, POR_SEGUIMIENTO, pregunta.previa)
    return [afectadas[p.id] for p in preguntas if p.id in afectadas]


def _primera_coincidencia(pregunta: Pregunta, cambios: list[dict]) -> Afectada | None:
    for fuente, esperada in pregunta.esperadas:
        for cambio in cambios:
            doc_id = str(cambio["doc_id"])
            if not _mismo_documento(doc_id, str(fuente)):
                continue
            titulo = str(cambio.get("titulo") or doc_id)
            if cambio.get("estado") == "eliminado":
                return Afectada(pregunta, doc_id, titulo, esperada, DOCUMENTO_ELIMINADO)
            for lista, que in _LISTAS:
                if any(misma_unidad(doc_id, u, esperada) for u in cambio.get(lista) or []):
                    return Afectada(pregunta, doc_id, titulo, esperada, que)
    return None
