"""Lo que un navegador subió a Gradio: solo se acepta lo que está en su carpeta de subidas.

    for subida in subidas(valor_crudo):      # el valor del componente gr.File sin preprocesar
        subida.ruta, subida.nombre, subida.motivo   # motivo != "": rechazada (en español)
    descartar(subida)                        # borra la copia temporal (solo dentro de la carpeta)

El evento de carga se registra con `preprocess=False`: así Gradio no copia a su caché lo
que la petición diga (una ruta cualquiera del disco o una URL) y aquí se comprueba que el
archivo está de verdad en la carpeta donde Gradio guarda las subidas, sin enlaces que
salgan de ella. Con las páginas montadas en FastAPI, Gradio no hace esa comprobación.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

registro = logging.getLogger("asistente.web")
NO_SUBIDO = "«{nombre}» no llegó por la carga de esta página; súbalo de nuevo con el botón de carga."
# Gradio borra las subidas abandonadas (nunca enviadas con «Cargar») cada 15 minutos si
# tienen más de una hora; y todas al detener el servidor.
LIMPIEZA_DE_SUBIDAS = (15 * 60, 60 * 60)


@dataclass(frozen=True)
class Subida:
    ruta: Path | None
    nombre: str
    motivo: str = ""


def carpeta_de_subidas() -> Path:
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder()).resolve()


def subidas(valor) -> list[Subida]:
    """Cada archivo del valor crudo (dict, lista de dicts o rutas) con su validación."""
    if valor is None:
        return []
    elementos = valor if isinstance(valor, list) else [valor]
    carpeta = carpeta_de_subidas()
    return [_validar(e, carpeta) for e in elementos]


def en_la_carpeta_de_subidas(ruta, carpeta: Path | None = None) -> Path | None:
    """La ruta real si está dentro de la carpeta de subidas de Gradio (sin URL, sin enlaces que salgan); si no, None."""
    texto = str(ruta or "") if isinstance(ruta, (str, Path)) else ""
    if not texto or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", texto):
        return None
    try:
        real = Path(texto).resolve()
    except (OSError, RuntimeError):
        return None
    carpeta = carpeta or carpeta_de_subidas()
    return real if real != carpeta and real.is_relative_to(carpeta) else None


def _validar(elemento, carpeta: Path) -> Subida:
    if isinstance(elemento, dict):
        ruta, original = elemento.get("path"), elemento.get("orig_name")
    else:
        ruta, original = elemento, None
    texto = str(ruta or "")
    nombre = _nombre_visible(original or texto)
    real = en_la_carpeta_de_subidas(ruta, carpeta)
    if real is None or not real.is_file():
        registro.warning("Carga rechazada: %r no está en la carpeta de subidas de Gradio", texto[:300])
        return Subida(None, nombre, NO_SUBIDO.format(nombre=nombre))
    return Subida(real, nombre)


def _nombre_visible(nombre: str) -> str:
    limpio = re.sub(r"[\x00-\x1f]", "", str(nombre)).replace("\\", "/").rsplit("/", 1)[-1]
    return limpio[:200] or "archivo"


def descartar(subida: Subida) -> None:
    """Borra la copia temporal de Gradio y su carpeta (si quedó vacía); nunca fuera de la carpeta."""
    if subida.ruta is None:
        return
    carpeta = carpeta_de_subidas()
    if not subida.ruta.is_relative_to(carpeta):
        return
    subida.ruta.unlink(missing_ok=True)
    padre = subida.ruta.parent
    if padre != carpeta and padre.is_relative_to(carpeta):
        try:
            padre.rmdir()
        except OSError:
            pass
