"""Cuentas del personal, en la base de registros (la misma para todos los servidores).

    usuarios = Usuarios.en(configuracion)          # datos/registros.sqlite3, o ASISTENTE_BD_URL
    usuarios.agregar("ana", "una-contraseña-larga-2025")
    usuarios.verificar("ana", contrasena)          # → Usuario, o None si no corresponde

No hay usuario ni contraseña por omisión: mientras no se cree una cuenta con
`python -m asistente personal agregar`, nadie entra a las funciones del personal.
Solo se guarda el hash scrypt (`contrasenas`). Las cuentas de la versión anterior
(usuarios.json, ASISTENTE_USUARIOS) se traen solas la primera vez (`registros.heredados`).
Con varios servidores sobre una misma base, una cuenta creada desde cualquiera entra en todos.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..registros import AlmacenDeRegistros, BaseDeRegistros
from ..registros.tablas import cuentas as _tabla
from . import contrasenas

ROL_PERSONAL = "personal"
ROL_ADMINISTRADOR = "administrador"
ROLES = (ROL_PERSONAL, ROL_ADMINISTRADOR)
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


class Usuarios(AlmacenDeRegistros):
    def __init__(self, destino: str | Path | BaseDeRegistros) -> None:
        """`destino`: la base de registros, o la ruta de un archivo SQLite (p. ej. en las pruebas)."""
        if not isinstance(destino, BaseDeRegistros) and Path(destino).suffix == ".json":
            raise ErrorDeUsuarios(
                f"Las cuentas ya no se guardan en {destino}: están en la base de registros. "
                "Use Usuarios.en(configuracion); el archivo se importa solo la primera vez."
            )
        super().__init__(destino)

    @property
    def donde(self) -> str:
        """Dónde están las cuentas, para los mensajes (sin contraseña de la base)."""
        return self.bd.visible

    # --- leer ---------------------------------------------------------------------------------
    def listar(self) -> list[Usuario]:
        with self.bd.lectura() as conexion:
            filas = conexion.execute(select(_tabla).order_by(_tabla.c.nombre)).mappings().fetchall()
        return [_usuario(f) for f in filas]

    def obtener(self, nombre: str) -> Usuario | None:
        fila = self._fila(nombre)
        return _usuario(fila) if fila else None

    def verificar(self, nombre: str, contrasena: str) -> Usuario | None:
        """El usuario si la contraseña es la suya; None si no (sin decir si la cuenta existe)."""
        fila = self._fila(nombre)
        if fila is None:
            contrasenas.verificar_sin_cuenta(str(contrasena))
            return None
        return _usuario(fila) if contrasenas.verificar(str(contrasena), fila["contrasena"]) else None

    def _fila(self, nombre: str):
        try:
            clave = normalizar_nombre(nombre)
        except ErrorDeUsuarios:
            return None
        with self.bd.lectura() as conexion:
            return conexion.execute(select(_tabla).where(_tabla.c.nombre == clave)).mappings().first()

    # --- escribir -------------------------------------------------------------------------------
    def agregar(self, nombre: str, contrasena: str, rol: str = ROL_PERSONAL) -> Usuario:
        clave = normalizar_nombre(nombre)
        if rol not in ROLES:
            raise ErrorDeUsuarios(f"Rol desconocido «{rol}»: use {' o '.join(f'«{r}»' for r in ROLES)}.")
        contrasenas.validar_fortaleza(contrasena, clave)
        cifrada = contrasenas.cifrar(contrasena)  # fuera de la transacción: tarda ~0,1 s
        ahora = _ahora()
        fila = {"nombre": clave, "rol": rol, "contrasena": cifrada, "creado": ahora, "actualizado": ahora}
        try:
            with self.bd.transaccion() as conexion:
                if conexion.execute(select(_tabla.c.nombre).where(_tabla.c.nombre == clave)).first() is not None:
                    raise ErrorDeUsuarios(_YA_EXISTE.format(clave=clave))
                conexion.execute(insert(_tabla).values(**fila))
        except IntegrityError:  # otro servidor la creó en el mismo instante
            raise ErrorDeUsuarios(_YA_EXISTE.format(clave=clave)) from None
        return _usuario(fila)

    def cambiar_contrasena(self, nombre: str, contrasena: str) -> Usuario:
        clave = normalizar_nombre(nombre)
        contrasenas.validar_fortaleza(contrasena, clave)
        cifrada = contrasenas.cifrar(contrasena)
        with self.bd.transaccion() as conexion:
            cambio = conexion.execute(update(_tabla).where(_tabla.c.nombre == clave).values(contrasena=cifrada, actualizado=_ahora()))
            if cambio.rowcount != 1:
                raise ErrorDeUsuarios(f"No existe la cuenta «{clave}».")
            fila = conexion.execute(select(_tabla).where(_tabla.c.nombre == clave)).mappings().first()
        return _usuario(fila)

    def eliminar(self, nombre: str) -> None:
        clave = normalizar_nombre(nombre)
        with self.bd.transaccion() as conexion:
            if conexion.execute(delete(_tabla).where(_tabla.c.nombre == clave)).rowcount != 1:
                raise ErrorDeUsuarios(f"No existe la cuenta «{clave}».")


_YA_EXISTE = "Ya existe la cuenta «{clave}». Para cambiar su contraseña use «personal cambiar-contrasena {clave}»."


def _usuario(fila) -> Usuario:
    return Usuario(fila["nombre"], fila["rol"] or ROL_PERSONAL, fila["creado"] or "", fila["actualizado"] or "")


def _ahora() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
