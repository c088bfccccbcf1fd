"""Un turno del chat: la pregunta, la respuesta del `Asistente` o un aviso legible si algo falló.

Aquí se decide qué ve la persona cuando algo sale mal: ninguna excepción llega a la
página (el servidor sigue atendiendo) y nada técnico se muestra salvo en el registro.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from ..respuesta.asistente import Asistente, Respuesta
from ..respuesta.consulta import PreguntaInvalida
from ..indexado.abierto import IndiceNoDisponible

registro = logging.getLogger("asistente.web")

ERROR_INTERNO = (
    "Ocurrió un error interno y no pude responder esta pregunta. Intente de nuevo en un momento; "
    "si el problema continúa, avise al personal de la DSEGPP."
)
# Cuántas preguntas anteriores se pasan para entender un seguimiento («¿y si el concejo no decide?»).
_TURNOS_DE_CONTEXTO = 3


@dataclass
class Turno:
    pregunta: str
    respuesta: Respuesta | None = None
    aviso: str = ""  # lo que se muestra cuando no hubo respuesta (índice ausente, error interno)
    modulo: str | None = None
    ver_citada: bool = False  # la persona pidió ver la respuesta citada en vez de la redactada con IA

    @property
    def vista(self) -> Respuesta | None:
        """La respuesta que se muestra: la redactada o, si se pidió, la citada que reemplazó."""
        r = self.respuesta
        if r is not None and self.ver_citada and r.extractiva is not None:
            return r.extractiva
        return r

    @property
    def fallido(self) -> bool:
        """Sin respuesta que opinar ni que usar como contexto: error interno o pregunta inválida."""
        return self.respuesta is None or bool(self.respuesta.error)

    @property
    def texto(self) -> str:
        """La respuesta completa como texto (con sus fuentes), o el aviso."""
        if self.respuesta is None:
            return self.aviso
        return self.respuesta.respuesta


def atender(asistente: Asistente, pregunta: str, previos: list[Turno], modulo: str | None = None, modo: str | None = None) -> Turno:
    """Responde sin lanzar nunca: cualquier fallo vuelve como un `Turno` con aviso en español."""
    historial = _historial(previos)
    try:
        respuesta = asistente.responder(pregunta, historial=historial, modulo=modulo, modo=modo)
    except IndiceNoDisponible as error:
        return Turno(pregunta, aviso=f"No puedo responder todavía: {error}", modulo=modulo)
    except PreguntaInvalida as error:  # p. ej. un módulo desconocido
        return Turno(pregunta, aviso=str(error), modulo=modulo)
    except Exception:  # noqa: BLE001  (la página nunca debe caerse por una pregunta)
        registro.exception("Error al responder la pregunta %r", pregunta[:200])
        return Turno(pregunta, aviso=ERROR_INTERNO, modulo=modulo)
    return Turno(pregunta, respuesta, modulo=modulo)


def _historial(previos: list[Turno]) -> list[str]:
    return [t.pregunta for t in previos if not t.fallido][-_TURNOS_DE_CONTEXTO:]


def atender_en_vivo(asistente: Asistente, pregunta: str, previos: list[Turno], modulo: str | None = None) -> Iterator[tuple[Turno, str | None]]:
    """Con un modelo de lenguaje configurado: (turno, texto verificado hasta ahora) mientras redacta,
    y al final (turno, None) con la respuesta definitiva (redactada, o la citada con su aviso).

    Sin modelo, o si no hay nada que redactar (abstención, aviso), un solo (turno, None).
    """
    if not asistente.configuracion.redaccion_configurada:
        yield atender(asistente, pregunta, previos, modulo), None
        return
    turno = atender(asistente, pregunta, previos, modulo, modo="extractiva")
    from ..respuesta.generacion import aplica, en_vivo

    if turno.fallido or not aplica(turno.respuesta):
        yield turno, None
        return
    yield turno, ""
    for avance in en_vivo(asistente, turno.respuesta, _historial(previos)):  # nunca lanza: si falla, la citada
        if avance.final:
            turno.respuesta = avance.respuesta
            yield turno, None
        else:
            yield turno, avance.texto

