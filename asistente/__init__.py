"""Asistente de la Guía de Asesoría y Asistencia Técnica (DSEGPP, Gobernación de Antioquia)."""
from . import entorno  # noqa: F401  (primero: apaga telemetría y descargas)

__version__ = "0.1.0"


def __getattr__(nombre):
    # Importación perezosa: `import asistente` no carga Chroma ni el modelo.
    if nombre == "Asistente":
        from .respuesta.asistente import Asistente

        return Asistente
    if nombre == "Configuracion":
        from .configuracion import Configuracion

        return Configuracion
    raise AttributeError(nombre)
