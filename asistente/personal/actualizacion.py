"""Actualización del índice pedida por el personal: en otro proceso, con avance e informe de cambios.

    actualizacion = Actualizacion(configuracion, auditoria)
    iniciada, mensaje = actualizacion.iniciar("ana")    # False si ya hay una en curso
    actualizacion.en_curso, actualizacion.avance.etapa, actualizacion.avance.porcentaje
    actualizacion.ultimo                                 # informe de la última (dict), o None

El indexado corre en un proceso aparte con techo de memoria y de tiempo
(`indexado_aparte.py`): un documento desmesurado detiene la actualización, no el chat.
Mientras tanto el chat sigue respondiendo con la versión anterior: el indexador arma la
versión nueva aparte y la activa al final con una sola escritura, y el `Asistente` la abre
solo en su siguiente consulta. Si otro proceso tiene el cerrojo del índice (p. ej.
`python indexar.py`), el indexador lanza `IndiceOcupado` y se informa así.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from ..calidad.afectadas import preguntas_afectadas
from ..calidad.conjunto import EVALUACION, cargar
from ..configuracion import Configuracion
from ..indexado.en_segundo_plano import Avance, EnSegundoPlano
from ..indexado.etapas import Etapa
from ..indexado.indexador import ErrorDeIndexado, IndiceOcupado, Resumen
from .auditoria import ACTUALIZACION_INDICE, Auditoria
from .indexado_aparte import actualizar_aparte

registro = logging.getLogger("asistente.personal")

OK, OCUPADO, FALLIDA = "ok", "ocupado", "error"
# Cuántas preguntas afectadas se guardan en la bitácora (el informe en pantalla las muestra todas).
_AFECTADAS_EN_BITACORA = 200


def preguntas_de_evaluacion() -> list:
    """Las preguntas del conjunto de evaluación, o [] si no se pueden leer (la web sigue sin ellas)."""
    try:
        return cargar(EVALUACION)
    except Exception:  # noqa: BLE001  (un conjunto dañado no debe impedir actualizar el índice)
        registro.exception("No se pudo leer el conjunto de evaluación")
        return []


def informe_de_actualizacion(resumen: Resumen, preguntas: list) -> dict:
    """Lo que cambió (documentos y artículos) y qué preguntas de evaluación lo citan."""
    afectadas = preguntas_afectadas(resumen.cambios, preguntas)
    return {
        "estado": OK,
        "version": resumen.version,
        "segundos": round(resumen.segundos, 1),
        "fragmentos": resumen.fragmentos,
        "embebidos": resumen.embebidos,
        "nuevos": len(resumen.nuevos),
        "modificados": len(resumen.modificados),
        "eliminados": len(resumen.eliminados),
        "sin_cambios": len(resumen.sin_cambios),
        "omitidos": [{"archivo": o.archivo, "motivo": o.motivo} for o in resumen.omitidos],
        "avisos": [{"archivo": a.archivo, "motivo": a.motivo} for a in resumen.avisos],
        "cambios": resumen.cambios,
        "afectadas": [a.a_dict() for a in afectadas],
    }


class Actualizacion:
    """Una actualización a la vez por proceso; entre procesos, el cerrojo del indexador."""

    def __init__(
        self,
        configuracion: Configuracion,
        auditoria: Auditoria,
        preguntas: Callable[[], list] = preguntas_de_evaluacion,
        al_terminar: Callable[[dict], None] | None = None,
    ) -> None:
        self.configuracion = configuracion
        self.auditoria = auditoria
        self.preguntas = preguntas
        self.al_terminar = al_terminar
        self._cerrojo = threading.Lock()
        self._fondo = EnSegundoPlano("actualizacion-del-indice")
        self.avance = Avance()
        self.en_curso = False
        self.usuario = ""
        self.inicio = ""  # hora local en que empezó (para «la inició ana a las 10:32»)
        self.ultimo: dict | None = None

    def iniciar(self, usuario: str) -> tuple[bool, str]:
        """Arranca en segundo plano. (False, motivo) si ya hay una en curso en este proceso."""
        with self._cerrojo:
            if self.en_curso:
                return False, f"Ya hay una actualización en curso (la inició {self.usuario} a las {self.inicio}). Espere a que termine."
            if self._fondo.vivo:  # la anterior ya terminó y aún está avisando
                return False, "La actualización anterior está terminando. Intente de nuevo en unos segundos."
            self.en_curso, self.usuario = True, usuario
            self.inicio = datetime.now().strftime("%H:%M")
            self.avance.reiniciar(Etapa.LEYENDO)
            self._fondo.lanzar(self._ejecutar, usuario)
        return True, "Actualización iniciada. El chat sigue respondiendo con el índice actual hasta que la nueva versión esté lista."

    def esperar(self, segundos: float | None = None) -> bool:
        """Espera a que termine la actualización en curso (para las pruebas y el cierre ordenado)."""
        self._fondo.esperar(segundos)
        return not self.en_curso

    def _ejecutar(self, usuario: str) -> None:
        inicio = time.perf_counter()
        empezo = _ahora()
        try:
            resumen = actualizar_aparte(self.configuracion, al_avanzar=self.avance)
            informe = informe_de_actualizacion(resumen, self.preguntas())
        except IndiceOcupado as error:
            informe = {"estado": OCUPADO, "mensaje": str(error)}
        except ErrorDeIndexado as error:
            informe = {"estado": FALLIDA, "mensaje": str(error)}
        except Exception as error:  # noqa: BLE001  (el hilo no debe morir en silencio: la página lo muestra)
            registro.exception("Falló la actualización del índice pedida por %s", usuario)
            informe = {"estado": FALLIDA, "mensaje": f"No se pudo actualizar el índice ({type(error).__name__}: {error})."}
        informe.update(usuario=usuario, inicio=empezo, momento=_ahora(), duracion=round(time.perf_counter() - inicio, 1))
        self._anotar(usuario, informe)
        self.ultimo = informe
        with self._cerrojo:
            self.en_curso = False
        if self.al_terminar is not None:
            try:
                self.al_terminar(informe)
            except Exception:  # noqa: BLE001
                registro.exception("Falló el aviso de fin de actualización")

    def _anotar(self, usuario: str, informe: dict) -> None:
        detalle = dict(informe)
        if len(detalle.get("afectadas", [])) > _AFECTADAS_EN_BITACORA:
            detalle["afectadas"] = detalle["afectadas"][:_AFECTADAS_EN_BITACORA]
            detalle["afectadas_recortadas"] = True
        try:
            self.auditoria.registrar(usuario, ACTUALIZACION_INDICE, detalle, version_indice=informe.get("version", ""))
        except Exception:  # noqa: BLE001
            registro.exception("No se pudo anotar la actualización del índice en la auditoría")


def _ahora() -> str:
    # Milisegundos: permiten saber qué respuestas del chat se dieron durante la actualización.
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def ultimo_informe(auditoria: Auditoria) -> dict | None:
    """El informe de la última actualización anotada (la de otro proceso o de antes de reiniciar)."""
    eventos = auditoria.listar(accion=ACTUALIZACION_INDICE, limite=1)
    return eventos[0].detalle if eventos else None
