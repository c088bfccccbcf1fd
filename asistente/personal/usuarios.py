"""Cuentas del personal en un archivo JSON fuera del repositorio (ASISTENTE_USUARIOS).

    usuarios = Usuarios.en(configuracion)          # ~/.config/asistente-dsegpp/usuarios.json
    usuarios.agregar("ana", "una-contraseña-larga-2025")
    usuarios.verificar("ana", contrasena)          # → Usuario, o None si no corresponde

No hay usuario ni contraseña por omisión: mientras no se cree una cuenta con
`python -m asistente personal agregar`, nadie entra a las funciones del personal.
Cada escritura va a un temporal que se renombra (el archivo nunca queda a medias),
con permisos 0600; un cerrojo de archivo ordena a dos procesos que lo cambian a la vez.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..configuracion import Configuracion
from ..persistencia import sincronizar_carpeta
from . import contrasenas

ROL_PERSONAL = "personal"
ROL_ADMINISTRADOR = "administrador"
ROLES = (ROL_PERSONAL, ROL_ADMINISTRADOR)
_FORMATO = 1
_NOMBRE_VALIDO = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


class ErrorDeUsuarios(ValueError):
    """Operación imposible sobre las cuentas; `str(error)` lo explica en español."""


@dataclass(frozen=True)
class Usuario:
    nombre: str
    rol: str
    creado: str
    actualizado: str


def normalizar_nombre(nombre: str) -> str:
    """«Ana.Perez » → «ana.perez»; lanza `ErrorDeUsuarios` si no es un nombre de usuario válido."""
    limpio = str(nombre or "").strip().lower()
    if not _NOMBRE_VALIDO.match(limpio):
        raise ErrorDeUsuarios(
            f"El nombre de usuario «{nombre}» no es válido: use de 2 a 32 letras minúsculas sin tildes, "
            "números, «.», «_» o «-», empezando por letra o número."
        )
    return limpio


class Usuarios:
    def __init__(self, ruta: str | Path) -> None:
        self.ruta = Path(ruta)

    @classmethod
    def en(cls, configuracion: Configuracion) -> "Usuarios":
        return cls(configuracion.usuarios)

    # --- leer ---------------------------------------------------------------------------------
    def listar(self) -> list[Usuario]:
        return [_usuario(n, d) for n, d in sorted(self._leer().items())]

    def obtener(self, nombre: str) -> Usuario | None:
        try:
            clave = normalizar_nombre(nombre)
        except ErrorDeUsuarios:
            return None
        datos = self._leer().get(clave)
        return _usuario(clave, datos) if datos else None

    def verificar(self, nombre: str, contrasena: str) -> Usuario | None:
        """El usuario si la contraseña es la suya; None si no (sin decir si la cuenta existe)."""
        try:
            clave = normalizar_nombre(nombre)
        except ErrorDeUsuarios:
            clave = ""
        datos = self._leer().get(clave) if clave else None
        if datos is None:
            contrasenas.verificar_sin_cuenta(str(contrasena))
            return None
        return _usuario(clave, datos) if contrasenas.verificar(str(contrasena), datos["contrasena"]) else None

    # --- escribir -------------------------------------------------------------------------------
    def agregar(self, nombre: str, contrasena: str, rol: str = ROL_PERSONAL) -> Usuario:
        clave = normalizar_nombre(nombre)
        if rol not in ROLES:
            raise ErrorDeUsuarios(f"Rol desconocido «{rol}»: use {' o '.join(f'«{r}»' for r in ROLES)}.")
        contrasenas.validar_fortaleza(contrasena, clave)
        cifrada = contrasenas.cifrar(contrasena)  # fuera del cerrojo: tarda ~0,1 s
        with self._cerrojo():
            cuentas = self._leer()
            if clave in cuentas:
                raise ErrorDeUsuarios(f"Ya existe la cuenta «{clave}». Para cambiar su contraseña use «personal cambiar-contrasena {clave}».")
            ahora = _ahora()
            cuentas[clave] = {"rol": rol, "contrasena": cifrada, "creado": ahora, "actualizado": ahora}
            self._escribir(cuentas)
        return _usuario(clave, cuentas[clave])

    def cambiar_contrasena(self, nombre: str, contrasena: str) -> Usuario:
        clave = normalizar_nombre(nombre)
        contrasenas.validar_fortaleza(contrasena, clave)
        cifrada = contrasenas.cifrar(contrasena)
        with self._cerrojo():
            cuentas = self._leer()
            if clave not in cuentas:
                raise ErrorDeUsuarios(f"No existe la cuenta «{clave}».")
            cuentas[clave].update(contrasena=cifrada, actualizado=_ahora())
            self._escribir(cuentas)
        return _usuario(clave, cuentas[clave])

    def eliminar(self, nombre: str) -> None:
        clave = normalizar_nombre(nombre)
        with self._cerrojo():
            cuentas = self._leer()
            if clave not in cuentas:
                raise ErrorDeUsuarios(f"No existe la cuenta «{clave}».")
            del cuentas[clave]
            self._escribir(cuentas)

    # --- archivo ------------------------------------------------------------------------------
    def _leer(self) -> dict:
        try:
            texto = self.ruta.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise ErrorDeUsuarios(f"No se pudo leer el archivo de cuentas {self.ruta} ({error.strerror or error}).") from error
        try:
            datos = json.loads(texto)
            cuentas = datos["usuarios"]
            if not isinstance(cuentas, dict) or not all(isinstance(c, dict) and "contrasena" in c for c in cuentas.values()):
                raise ValueError("estructura inesperada")
        except (ValueError, KeyError, TypeError) as error:
            # Nunca se trata como vacío: eso borraría todas las cuentas en la siguiente escritura.
            raise ErrorDeUsuarios(f"El archivo de cuentas {self.ruta} está dañado ({error}); restáurelo de una copia.") from error
        return cuentas

    def _escribir(self, cuentas: dict) -> None:
        carpeta = self.ruta.parent
        if not carpeta.exists():
            carpeta.mkdir(parents=True, mode=0o700)
        descriptor, temporal = tempfile.mkstemp(dir=carpeta, prefix=f".{self.ruta.name}.", suffix=".tmp")  # nace con 0600
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as salida:
                json.dump({"formato": _FORMATO, "usuarios": cuentas}, salida, ensure_ascii=False, indent=2)
                salida.flush()
                os.fsync(salida.fileno())
            os.chmod(temporal, 0o600)
            os.replace(temporal, self.ruta)
        except BaseException:
            Path(temporal).unlink(missing_ok=True)
            raise
        sincronizar_carpeta(carpeta)

    def _cerrojo(self):
        from filelock import FileLock

        self.ruta.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return FileLock(str(self.ruta.with_name(f".{self.ruta.name}.lock")), timeout=30)


def _usuario(nombre: str, datos: dict) -> Usuario:
    return Usuario(nombre, datos.get("rol", ROL_PERSONAL), datos.get("creado", ""), datos.get("actualizado", ""))


def _ahora() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
