"""Revisión humana de respuestas (issue 5): qué revisar, la respuesta de hoy y el veredicto.

    revision = Revision(asistente, validaciones, opiniones, auditoria)
    elementos = revision.elementos(EVALUACION)          # o OPINIONES (las 👎 de los funcionarios)
    actual = revision.responder(elementos[0])           # la respuesta de hoy, con el mismo Asistente del chat
    revision.validar(elementos[0], actual, "parcial", "ana", "falta el plazo")
    revision.filtrar(elementos, CAMBIADAS)              # validadas cuya respuesta ya no es la validada

Las preguntas de evaluación se responden a pedido (una a la vez, al mostrarlas), con la
conversación previa de los seguimientos («previa»). Las respuestas se guardan en memoria
por versión del índice: al activarse otra versión se vuelven a calcular.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from ..respuesta.asistente import Asistente, Respuesta
from .opiniones import NEGATIVO, Opinion, Opiniones
from .validaciones import AlmacenValidaciones, Validacion, clave_de_pregunta
from .actualizacion import preguntas_de_evaluacion
from .auditoria import VALIDACION, Auditoria

registro = logging.getLogger("asistente.personal")

EVALUACION, OPINIONES = "evaluacion", "opinion"
TODAS, PENDIENTES, VALIDADAS, CAMBIADAS = "todas", "pendientes", "validadas", "cambiadas"
FILTROS = (TODAS, PENDIENTES, VALIDADAS, CAMBIADAS)


class SinRespuesta(ValueError):
    """No hay respuesta que validar (p. ej. el índice no está disponible)."""


@dataclass
class Elemento:
    clave: str  # id de la pregunta de evaluación, o clave_de_pregunta(...) para las opiniones
    origen: str  # EVALUACION u OPINIONES
    pregunta: str
    historial: list[str] = field(default_factory=list)  # preguntas anteriores de la conversación
    modulo: str | None = None  # filtro de módulo que tenía el chat (opiniones)
    responde: bool | None = None  # evaluación: ¿debe responder o abstenerse?
    esperadas: list[tuple[str, str]] = field(default_factory=list)  # [(doc_id o «guia», artículo o sección)]
    hechos: list[str] = field(default_factory=list)
    tipo: str = ""
    opiniones: list[Opinion] = field(default_factory=list)  # las 👎 que la trajeron (con su comentario)

    @property
    def fuente_esperada(self) -> str:
        """Como la guarda la evaluación: «LEY-152-1994:40 | guia:Marco conceptual»."""
        return " | ".join(f"{f}:{u}" for f, u in self.esperadas)


def elementos_de_evaluacion(preguntas: list) -> list[Elemento]:
    elementos: list[Elemento] = []
    por_id = {p.id: p for p in preguntas}
    for p in preguntas:
        historial, previa = [], p.previa
        while previa and previa in por_id and len(historial) < 10:  # la cadena de seguimientos, en orden
            historial.insert(0, por_id[previa].pregunta)
            previa = por_id[previa].previa
        elementos.append(
            Elemento(p.id, EVALUACION, p.pregunta, historial, None, p.responde, list(p.esperadas), list(p.hechos), p.tipo)
        )
    return elementos


def elementos_de_opiniones(opiniones: list[Opinion]) -> list[Elemento]:
    """Una entrada por pregunta (con su conversación): varias 👎 a lo mismo se revisan juntas."""
    elementos: dict[str, Elemento] = {}
    for o in opiniones:  # de la más reciente a la más antigua
        clave = clave_de_opinion(o)
        if clave in elementos:
            elementos[clave].opiniones.append(o)
        else:
            elementos[clave] = Elemento(clave, OPINIONES, o.pregunta, list(o.contexto), o.modulo, opiniones=[o])
    return list(elementos.values())


def clave_de_opinion(opinion: Opinion) -> str:
    # La misma pregunta en otra conversación es otra respuesta: el contexto entra en la clave.
    return clave_de_pregunta(" ⟶ ".join([*opinion.contexto, opinion.pregunta]))


class Revision:
    def __init__(
        self,
        asistente: Asistente,
        validaciones: AlmacenValidaciones,
        opiniones: Opiniones,
        auditoria: Auditoria,
        preguntas: Callable[[], list] = preguntas_de_evaluacion,
    ) -> None:
        self.asistente = asistente
        self.validaciones = validaciones
        self.opiniones = opiniones
        self.auditoria = auditoria
        self._preguntas = preguntas
        self._evaluacion: list[Elemento] | None = None
        self._respuestas: dict[tuple, tuple[str, Respuesta]] = {}
        self._cerrojo = threading.Lock()

    # --- qué revisar ------------------------------------------------------------------------
    def elementos(self, origen: str = EVALUACION) -> list[Elemento]:
        if origen == OPINIONES:
            return elementos_de_opiniones(self.opiniones.listar(voto=NEGATIVO))
        if self._evaluacion is None:  # el conjunto no cambia mientras corre el servidor
            self._evaluacion = elementos_de_evaluacion(self._preguntas())
        return list(self._evaluacion)

    def validacion(self, elemento: Elemento) -> Validacion | None:
        return self.validaciones.ultimas().get(elemento.clave)

    def filtrar(self, elementos: list[Elemento], filtro: str) -> list[Elemento]:
        """PENDIENTES: sin validar; VALIDADAS: con veredicto; CAMBIADAS: validadas cuya respuesta de hoy es otra.

        CAMBIADAS responde cada validada (con el índice activo); las respuestas quedan en memoria.
        """
        if filtro == TODAS:
            return list(elementos)
        ultimas = self.validaciones.ultimas()
        if filtro == PENDIENTES:
            return [e for e in elementos if e.clave not in ultimas]
        validadas = [e for e in elementos if e.clave in ultimas]
        if filtro == VALIDADAS:
            return validadas
        if filtro == CAMBIADAS:
            salida = []
            for e in validadas:
                try:
                    actual = self.responder(e)
                except SinRespuesta:
                    continue
                if ultimas[e.clave].respuesta_cambio(actual.respuesta):
                    salida.append(e)
            return salida
        raise ValueError(f"Filtro desconocido «{filtro}»: use {', '.join(FILTROS)}.")

    # --- responder y validar ----------------------------------------------------------------
    def responder(self, elemento: Elemento) -> Respuesta:
        """La respuesta de hoy (misma ruta que el chat). Lanza `SinRespuesta` si no se puede."""
        from ..respuesta.consulta import PreguntaInvalida
        from ..indexado.abierto import IndiceNoDisponible

        clave = (elemento.pregunta, tuple(elemento.historial), elemento.modulo)
        version = self.asistente.version_indice
        with self._cerrojo:
            guardada = self._respuestas.get(clave)
        if guardada is not None and guardada[0] == version and version:
            return guardada[1]
        try:
            respuesta = self.asistente.responder(elemento.pregunta, historial=list(elemento.historial), modulo=elemento.modulo)
        except IndiceNoDisponible as error:
            raise SinRespuesta(f"No se puede responder todavía: {error}") from error
        except PreguntaInvalida as error:
            raise SinRespuesta(str(error)) from error
        with self._cerrojo:
            self._respuestas[clave] = (respuesta.version_indice, respuesta)
        return respuesta

    def validar(self, elemento: Elemento, respuesta: Respuesta, veredicto: str, revisor: str, comentario: str = "") -> Validacion:
        """Guarda el veredicto sobre ESTA respuesta (texto, citas y versión del índice) y lo anota en la auditoría.

        Con la misma base de registros (lo normal), las dos cosas van en una transacción:
        quedan las dos o ninguna, y otro servidor nunca ve un veredicto sin su línea de auditoría.
        """
        juntas = self.validaciones.bd is self.auditoria.bd
        with self.validaciones.bd.transaccion() if juntas else nullcontext():
            guardada = self.validaciones.registrar(
                clave=elemento.clave,
                pregunta=elemento.pregunta,
                respuesta=respuesta.respuesta,
                citas=[c.etiqueta for c in respuesta.citas_usadas],
                veredicto=veredicto,
                revisor=revisor,
                origen=elemento.origen,
                comentario=comentario or "",
                fuente_esperada=elemento.fuente_esperada,
                version_indice=respuesta.version_indice,
            )
            detalle = {"clave": elemento.clave, "origen": elemento.origen, "veredicto": veredicto, "validacion": guardada.id}
            if juntas:
                self.auditoria.registrar(revisor, VALIDACION, detalle, version_indice=respuesta.version_indice)
                return guardada
        try:  # bases distintas (solo en pruebas que las arman a mano): el veredicto ya quedó guardado
            self.auditoria.registrar(revisor, VALIDACION, detalle, version_indice=respuesta.version_indice)
        except Exception:  # noqa: BLE001
            registro.exception("No se pudo anotar la validación en la auditoría")
        return guardada

    def exportar_csv(self) -> str:
        return self.validaciones.exportar_csv()
