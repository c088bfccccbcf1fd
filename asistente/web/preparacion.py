"""Puesta en marcha del asistente en segundo plano: el servidor atiende desde el primer segundo.

Con índice, solo carga modelo e índice (`Asistente.preparar`, un par de segundos). Sin
índice, primero lo construye desde el corpus configurado (varios minutos la primera
vez) e informa el avance, que la página muestra mientras tanto.
"""
from __future__ import annotations

import logging
import time

from ..respuesta.asistente import Asistente
from ..indexado.en_segundo_plano import Avance, EnSegundoPlano
from ..indexado.etapas import Etapa
from ..indexado.indexador import ErrorDeIndexado, actualizar
from ..indexado.abierto import IndiceNoDisponible

registro = logging.getLogger("asistente.web")

ETAPAS = {
    Etapa.LEYENDO: "Leyendo los documentos del corpus",
    Etapa.CARGANDO: "Cargando y dividiendo los documentos",
    Etapa.COPIANDO: "Copiando lo ya indexado",
    Etapa.EMBEBIENDO: "Calculando los vectores de búsqueda",
    Etapa.SEMANTICA: "Calculando los vectores de búsqueda (ya responde por palabras clave)",
    Etapa.ACTIVANDO: "Activando el índice",
    Etapa.LISTO: "Índice listo",
}


class Preparacion:
    """Estado observable (desde cualquier hilo) de la carga o construcción del índice."""

    def __init__(self, asistente: Asistente, indexar_si_falta: bool = True) -> None:
        self.asistente = asistente
        self.indexar_si_falta = indexar_si_falta
        self._fondo = EnSegundoPlano("preparacion-del-asistente")
        self.avance = Avance("cargando el modelo")
        self.indexando = False
        self.listo = False
        self.error = ""
        self.segundos = 0.0

    # --- ciclo de vida ---------------------------------------------------------------------
    def iniciar(self) -> "Preparacion":
        self._fondo.lanzar(self._ejecutar, una_vez=True)  # una sola vez por proceso
        return self

    def esperar(self, segundos: float | None = None) -> bool:
        """Espera a que termine (listo o con error). Devuelve si terminó."""
        self._fondo.esperar(segundos)
        return self.terminado

    @property
    def terminado(self) -> bool:
        return self.listo or bool(self.error)

    def revisar(self) -> None:
        """Tras un error, mira si el índice ya se puede abrir (p. ej. lo construyó el personal)."""
        if not self.error or self.indexando or self._fondo.vivo:
            return
        try:
            self.asistente.indice()
        except Exception:  # noqa: BLE001  (sigue sin índice: se conserva el motivo original)
            return
        self.error, self.listo = "", True

    def _ejecutar(self) -> None:
        inicio = time.perf_counter()
        try:
            try:
                self.asistente.preparar()
            except IndiceNoDisponible as error:
                if not self.indexar_si_falta:
                    raise
                registro.warning("Sin índice utilizable (%s); se construye desde el corpus.", error)
                self.indexando = True
                resumen = actualizar(self.asistente.configuracion, al_avanzar=self._avanzar)
                for omitido in resumen.omitidos:
                    registro.warning("Omitido: %s (%s)", omitido.archivo, omitido.motivo)
                self.avance.etapa = "cargando el índice nuevo"
                self.asistente.preparar()
            self.listo = True
        except (ErrorDeIndexado, IndiceNoDisponible) as error:
            self.error = str(error)
        except Exception as error:  # noqa: BLE001  (el servidor sigue; la página muestra el motivo)
            registro.exception("No se pudo preparar el asistente")
            self.error = f"No se pudo preparar el asistente ({type(error).__name__}: {error})."
        finally:
            self.indexando = False
            self.segundos = time.perf_counter() - inicio
        if self.error:
            registro.error("El asistente no está listo: %s", self.error)
        else:
            registro.info("Asistente listo en %.1f s (índice %s).", self.segundos, self.asistente.version_indice)

    def _avanzar(self, etapa: str, hechos: int, total: int) -> None:
        self.avance(etapa, hechos, total)
        if etapa == Etapa.SEMANTICA and not self.listo:
            # Biblioteca grande (#15): la versión ya está activa y responde por palabras clave;
            # el chat se abre mientras los vectores se siguen calculando en este hilo.
            self.asistente.preparar()
            self.listo = True

    # --- lo que ve la página --------------------------------------------------------------------
    @property
    def porcentaje(self) -> int | None:
        """Avance de la etapa larga (embeber o copiar); en las breves, None (barra indeterminada)."""
        return self.avance.porcentaje

    def descripcion(self) -> str:
        if self.listo:
            return "El asistente está listo."
        if self.error:
            return f"El asistente no pudo prepararse: {self.error}"
        if not self.indexando:
            return "Cargando el modelo y el índice…"
        return f"Construyendo el índice por primera vez. {describir(self.avance)}…"


def describir(avance: Avance) -> str:
    """«Calculando los vectores de búsqueda: 1.200 de 5.627» (la etapa con su cuenta, si la tiene)."""
    etapa = ETAPAS.get(avance.etapa, avance.etapa[:1].upper() + avance.etapa[1:])
    return f"{etapa}: {_miles(avance.hechos)} de {_miles(avance.total)}" if avance.con_cuenta else etapa


def _miles(numero: int) -> str:
    return f"{numero:,}".replace(",", ".")
