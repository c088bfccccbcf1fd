"""Ingreso del personal: verifica la contraseña, lo anota en la auditoría y frena los intentos repetidos.

    usuario = ingresar(Usuarios.en(cfg), Auditoria.en(cfg), "ana", contrasena, origen="10.1.2.3")
    # → Usuario; o IngresoRechazado con el mensaje que se le muestra a quien intentó entrar

Los intentos se cuentan en la bitácora de auditoría (compartida por todos los procesos
de la web), así que el freno vale aunque cada intento llegue a un trabajador distinto.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta, timezone

from .auditoria import INGRESO, INGRESO_FALLIDO, Auditoria
from .usuarios import Usuario, Usuarios

INGRESO_BLOQUEADO = "ingreso-bloqueado"
# Frenos (todos en la misma ventana de 15 minutos):
# - una cuenta desde una misma dirección: 5 fallos seguidos la frenan allí; otra persona en otra
#   dirección no queda fuera por los errores (o la mala fe) de quien intenta desde la primera;
# - una dirección, sea cual sea el nombre: 20 fallos (quien prueba muchos nombres desde un equipo);
# - una cuenta desde todas las direcciones: 50 fallos (quien reparte los intentos).
MAXIMO_FALLOS = 5
MAXIMO_FALLOS_POR_ORIGEN = 20
MAXIMO_FALLOS_POR_CUENTA = 50
VENTANA = timedelta(minutes=15)
_MINUTOS = int(VENTANA.total_seconds() // 60)


class IngresoRechazado(Exception):
    """`str(error)` es el mensaje para la persona; nunca dice si la cuenta existe."""


def ingresar(usuarios: Usuarios, auditoria: Auditoria, nombre: str, contrasena: str, origen: str = "") -> Usuario:
    quien = nombre_para_bitacora(usuarios, nombre)
    fallos = _fallos_en_ventana(auditoria)
    if _seguidos(fallos, quien, origen) >= MAXIMO_FALLOS or _seguidos(fallos, quien) >= MAXIMO_FALLOS_POR_CUENTA:
        auditoria.registrar(quien, INGRESO_BLOQUEADO, {"origen": origen, "freno": "cuenta"})
        raise IngresoRechazado(f"Demasiados intentos fallidos con esta cuenta. Espere {_MINUTOS} minutos e intente de nuevo.")
    if origen and sum(1 for e in fallos if e.accion == INGRESO_FALLIDO and e.detalle.get("origen") == origen) >= MAXIMO_FALLOS_POR_ORIGEN:
        auditoria.registrar(quien, INGRESO_BLOQUEADO, {"origen": origen, "freno": "direccion"})
        raise IngresoRechazado(f"Demasiados intentos fallidos desde este equipo. Espere {_MINUTOS} minutos e intente de nuevo.")
    usuario = usuarios.verificar(nombre, contrasena)
    if usuario is None:
        auditoria.registrar(quien, INGRESO_FALLIDO, {"origen": origen})
        raise IngresoRechazado("Usuario o contraseña incorrectos.")
    auditoria.registrar(usuario.nombre, INGRESO, {"origen": origen, "rol": usuario.rol})
    return usuario


def fallos_recientes(auditoria: Auditoria, nombre: str, origen: str | None = None) -> int:
    """Ingresos fallidos seguidos de la cuenta (desde su último ingreso correcto) en la ventana;
    con `origen`, solo los de esa dirección."""
    return _seguidos(_fallos_en_ventana(auditoria, nombre), nombre, origen)


def _fallos_en_ventana(auditoria: Auditoria, nombre: str | None = None) -> list:
    limite = MAXIMO_FALLOS_POR_CUENTA + MAXIMO_FALLOS_POR_ORIGEN + 1000  # acota lo que se lee
    return auditoria.listar(
        usuario=nombre, accion=(INGRESO, INGRESO_FALLIDO), desde=datetime.now(timezone.utc) - VENTANA, limite=limite
    )


def _seguidos(eventos: list, nombre: str, origen: str | None = None) -> int:
    fallos = 0
    for evento in eventos:  # del más reciente al más antiguo
        if evento.usuario != nombre:
            continue
        if evento.accion == INGRESO:
            break
        if origen is None or evento.detalle.get("origen") == origen:
            fallos += 1
    return fallos


def nombre_para_bitacora(usuarios: Usuarios, nombre: str) -> str:
    """El nombre de una cuenta que existe; si no existe, una huella: lo escrito en el campo del
    usuario puede ser una contraseña tecleada en el campo equivocado y no debe quedar anotado."""
    limpio = re.sub(r"[\x00-\x1f\x7f]", "", str(nombre or "")).strip().lower()[:64]
    if not limpio:
        return "(vacío)"
    cuenta = usuarios.obtener(limpio)
    if cuenta is not None:
        return cuenta.nombre
    return "desconocido-" + hashlib.sha256(limpio.encode("utf-8")).hexdigest()[:10]
