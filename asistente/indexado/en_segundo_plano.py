"""El indexado en segundo plano: un hilo aparte y su avance, legible desde cualquier otro hilo.

Lo usan la preparación de la página (construir el índice la primera vez) y la actualización
pedida por el personal (en un proceso aparte, que informa su avance por líneas):

    fondo = EnSegundoPlano("actualizacion-del-indice")
    avance = Avance()
    fondo.lanzar(lambda: actualizar(configuracion, al_avanzar=avance))   # False si ya hay uno vivo
    avance.etapa, avance.hechos, avance.total, avance.porcentaje
    fondo.esperar(5)
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from .etapas import FINALES, LARGAS


class Avance:
    """Lo último que informó el indexador: `al_avanzar(etapa, hechos, total)` es la instancia misma."""

    def __init__(self, etapa: str = "") -> None:
        self.etapa, self.hechos, self.total = etapa, 0, 0

    def __call__(self, etapa: str, hechos: int, total: int) -> None:
        self.etapa, self.hechos, self.total = etapa, hechos, total

    def reiniciar(self, etapa: str = "") -> None:
        self(etapa, 0, 0)

    @property
    def porcentaje(self) -> int | None:
        """Avance de una etapa larga (copiar, embeber); en las breves, None (barra indeterminada)."""
        if self.etapa not in LARGAS or not self.total:
            return None
        return max(0, min(100, round(100 * self.hechos / self.total)))

    @property
    def con_cuenta(self) -> bool:
        """¿Hay «hechos de total» que mostrar? (no desde que la versión nueva se está activando)."""
        return bool(self.total) and self.etapa not in FINALES


class EnSegundoPlano:
    """Un solo trabajo a la vez, en un hilo aparte que no retiene el cierre del proceso."""

    def __init__(self, nombre: str) -> None:
        self.nombre = nombre
        self._cerrojo = threading.Lock()
        self._hilo: threading.Thread | None = None

    def lanzar(self, trabajo: Callable[..., None], *argumentos, una_vez: bool = False) -> bool:
        """Arranca `trabajo(*argumentos)`; False (sin arrancar nada) si el anterior sigue vivo o,
        con `una_vez`, si ya se lanzó alguno (se decide bajo el cerrojo: dos llamadas a la vez
        no arrancan dos hilos)."""
        with self._cerrojo:
            if self.vivo or (una_vez and self.lanzado):
                return False
            self._hilo = threading.Thread(target=trabajo, args=argumentos, name=self.nombre, daemon=True)
            self._hilo.start()
            return True

    @property
    def lanzado(self) -> bool:
        return self._hilo is not None

    @property
    def vivo(self) -> bool:
        return self._hilo is not None and self._hilo.is_alive()

    def esperar(self, segundos: float | None = None) -> None:
        hilo = self._hilo
        if hilo is not None:
            hilo.join(segundos)
