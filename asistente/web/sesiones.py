"""Sesiones del personal: una ficha aleatoria en una cookie, guardada solo en la memoria del proceso.

    sesiones = Sesiones(usuarios)
    ficha = sesiones.abrir("ana")          # va en la cookie «asistente_sesion»
    sesiones.usuario(ficha)                # → "ana", o None si venció, se cerró o la cuenta ya no existe

Se guarda la huella SHA-256 de la ficha, no la ficha. Al reiniciar el servidor todas
las sesiones se cierran (el personal vuelve a ingresar): no hay secreto que guardar ni
rotar. La cuenta se vuelve a comprobar cada cierto tiempo: borrarla con la CLI (o
cambiarle la contraseña) cierra sus sesiones abiertas.
"""
from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass

from ..personal.usuarios import ErrorDeUsuarios, Usuarios

COOKIE = "asistente_sesion"
INACTIVIDAD_S = 2 * 3600  # sin usarla dos horas, vence
DURACION_MAXIMA_S = 12 * 3600  # una jornada, aunque se use
_REVISAR_CUENTA_S = 30.0


@dataclass
class _Sesion:
    usuario: str
    abierta: float
    usada: float
    cuenta_actualizada: str  # si la contraseña cambia, la sesión deja de valer
    revisada: float


class Sesiones:
    def __init__(self, usuarios: Usuarios, inactividad: float = INACTIVIDAD_S, maxima: float = DURACION_MAXIMA_S) -> None:
        self.usuarios = usuarios
        self.inactividad = inactividad
        self.maxima = maxima
        self._sesiones: dict[str, _Sesion] = {}
        self._cerrojo = threading.Lock()

    def abrir(self, usuario: str) -> str:
        cuenta = self.usuarios.obtener(usuario)
        ficha = secrets.token_urlsafe(32)
        ahora = time.monotonic()
        with self._cerrojo:
            self._purgar(ahora)
            self._sesiones[_huella(ficha)] = _Sesion(usuario, ahora, ahora, cuenta.actualizado if cuenta else "", ahora)
        return ficha

    def usuario(self, ficha: str | None) -> str | None:
        if not ficha:
            return None
        clave, ahora = _huella(ficha), time.monotonic()
        with self._cerrojo:
            sesion = self._sesiones.get(clave)
            if sesion is None:
                return None
            if ahora - sesion.usada > self.inactividad or ahora - sesion.abierta > self.maxima:
                del self._sesiones[clave]
                return None
            sesion.usada = ahora
            revisar = ahora - sesion.revisada > _REVISAR_CUENTA_S
        if revisar and not self._cuenta_vigente(sesion):
            self.cerrar(ficha)
            return None
        return sesion.usuario

    def cerrar(self, ficha: str | None) -> str | None:
        """Cierra la sesión; devuelve de quién era."""
        if not ficha:
            return None
        with self._cerrojo:
            sesion = self._sesiones.pop(_huella(ficha), None)
        return sesion.usuario if sesion else None

    def de_cabeceras(self, cabeceras) -> str | None:
        """El usuario según la cabecera Cookie de una petición ASGI (lista de pares en bytes)."""
        return self.usuario(ficha_de_cabeceras(cabeceras))

    def _cuenta_vigente(self, sesion: _Sesion) -> bool:
        try:
            cuenta = self.usuarios.obtener(sesion.usuario)
        except ErrorDeUsuarios:
            return False  # archivo de cuentas dañado: nadie entra hasta que se repare
        sesion.revisada = time.monotonic()
        return cuenta is not None and cuenta.actualizado == sesion.cuenta_actualizada

    def _purgar(self, ahora: float) -> None:
        vencidas = [k for k, s in self._sesiones.items() if ahora - s.usada > self.inactividad or ahora - s.abierta > self.maxima]
        for clave in vencidas:
            del self._sesiones[clave]


def ficha_de_cabeceras(cabeceras) -> str | None:
    # A mano y no con SimpleCookie: esa descarta TODAS las cookies si una de otra aplicación
    # del mismo anfitrión trae un carácter que no le gusta.
    for nombre, valor in cabeceras or []:
        if nombre.lower() != b"cookie":
            continue
        for par in valor.decode("latin-1").split(";"):
            clave, _, dato = par.strip().partition("=")
            if clave == COOKIE and dato:
                return dato.strip('"')
    return None


def _huella(ficha: str) -> str:
    return hashlib.sha256(ficha.encode("utf-8")).hexdigest()


def usuario_de(request) -> str:
    """El usuario del personal de un evento de Gradio (`gr.Request`), puesto por `auth_dependency`."""
    usuario = getattr(request, "username", None) if request is not None else None
    if not usuario:
        import gradio as gr

        raise gr.Error("Su sesión venció. Recargue la página e ingrese de nuevo.", title="Sesión vencida")
    return str(usuario)
