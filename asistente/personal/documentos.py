"""Cargar y retirar documentos de la carpeta de cargas, con su anotación en la auditoría.

    r = cargar_documento(configuracion, auditoria, "ana", "Ley 152.pdf", datos, conocidos=manifiesto)
    r = retirar_documento(configuracion, auditoria, "ana", "Ley-152.pdf")
    documentos_cargados(configuracion)        # lo que el personal puede retirar

Las reglas (tamaño, tipo por contenido, nombres, duplicados) son las de `asistente.personal.cargas`;
aquí solo se decide DÓNDE (la carpeta de cargas, nunca el resto del corpus) y QUIÉN.
El índice no cambia hasta la próxima actualización.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .cargas import RECHAZADO, ResultadoCarga, guardar_carga, retirar_archivo
from ..configuracion import Configuracion
from .auditoria import CARGA, CARGA_RECHAZADA, ELIMINACION, Auditoria

registro = logging.getLogger("asistente.personal")
RETIRO_RECHAZADO = "eliminacion-rechazada"


@dataclass(frozen=True)
class Cargado:
    nombre: str  # relativo a la carpeta de cargas
    ruta: Path
    bytes: int


def cargar_documento(
    configuracion: Configuracion,
    auditoria: Auditoria,
    usuario: str,
    nombre_original: str,
    datos: bytes,
    conocidos=None,
    version_indice: str = "",
) -> ResultadoCarga:
    carpeta = configuracion.carpeta_cargas
    carpeta.mkdir(parents=True, exist_ok=True)
    resultado = guardar_carga(nombre_original, datos, carpeta, conocidos, tamano_maximo=configuracion.carga_maxima)
    _anotar(auditoria, usuario, CARGA if resultado.aceptado else CARGA_RECHAZADA, resultado, version_indice, bytes=len(datos))
    return resultado


def rechazar_carga(
    auditoria: Auditoria, usuario: str, nombre_original: str, motivo: str, version_indice: str = ""
) -> ResultadoCarga:
    """Una carga que ni se leyó (p. ej. una ruta fuera de la carpeta de subidas): se anota igual."""
    resultado = ResultadoCarga(RECHAZADO, motivo, nombre=nombre_original, nombre_original=nombre_original)
    _anotar(auditoria, usuario, CARGA_RECHAZADA, resultado, version_indice)
    return resultado


def retirar_documento(
    configuracion: Configuracion, auditoria: Auditoria, usuario: str, nombre: str, version_indice: str = ""
) -> ResultadoCarga:
    """Solo dentro de la carpeta de cargas: el corpus base (guía, normas del repositorio) no se toca desde la web."""
    resultado = retirar_archivo(nombre, configuracion.carpeta_cargas)
    _anotar(auditoria, usuario, ELIMINACION if resultado.aceptado else RETIRO_RECHAZADO, resultado, version_indice)
    return resultado


def documentos_cargados(configuracion: Configuracion) -> list[Cargado]:
    """Los archivos de la carpeta de cargas (sin ocultos ni enlaces), por nombre."""
    carpeta = configuracion.carpeta_cargas
    if not carpeta.is_dir():
        return []
    salida = []
    for ruta in sorted(carpeta.rglob("*")):
        relativa = ruta.relative_to(carpeta)
        if any(p.startswith(".") for p in relativa.parts) or ruta.is_symlink() or not ruta.is_file():
            continue
        salida.append(Cargado(relativa.as_posix(), ruta, ruta.stat().st_size))
    return salida


def en_cargas(configuracion: Configuracion, archivo: str | Path) -> bool:
    """¿Este archivo (p. ej. una ruta del manifiesto) está en la carpeta de cargas?"""
    try:
        return Path(archivo).resolve().is_relative_to(configuracion.carpeta_cargas.resolve())
    except OSError:
        return False


def _anotar(auditoria: Auditoria, usuario: str, accion: str, resultado: ResultadoCarga, version: str, **extra) -> None:
    try:
        auditoria.registrar(usuario, accion, {**resultado.a_dict(), **extra}, version_indice=version)
    except Exception:  # noqa: BLE001  (el archivo ya cambió: un fallo de la bitácora no debe ocultarlo)
        registro.exception("No se pudo anotar %s en la auditoría", accion)
