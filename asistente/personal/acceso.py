"""Ingreso del personal: verifica la contraseña, lo anota en la auditoría y frena los intentos repetidos.

    usuario = ingresar(Usuarios.en(cfg), Auditoria.en(cfg), "ana", contrasena, origen="10.1.2.3")
    # → Usuario; o IngresoRechazado con el mensaje que se le muestra a quien intentó entrar

Los intentos se cuentan en la bitácora de auditoría (compartida por todos los procesos
de la web), así que el freno vale aunque cada intento llegue a un trabajador distinto.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from .auditoria import INGRESO, INGRESO_FALLIDO, Auditoria
from .usuarios import Usuario, Usuarios

INGRESO_BLOQUEADO = "ingreso-bloqueado"
MAXIMO_FALLOS = 5
VENTANA = timedelta(minutes=15)


class IngresoRechazado(Exception):
    """`str(error)` es el mensaje para la persona; nunca dice si la cuenta existe."""


def ingresar(usuarios: Usuarios, auditoria: Auditoria, nombre: str, contrasena: str, origen: str = "") -> Usuario:
    quien = _nombre_para_bitacora(nombre)
    if fallos_recientes(auditoria, quien) >= MAXIMO_FALLOS:
        auditoria.registrar(quien, INGRESO_BLOQUEADO, {"origen": origen})
        minutos = int(VENTANA.total_seconds() // 60)
        raise IngresoRechazado(f"Demasiados intentos fallidos con esta cuenta. Espere {minutos} minutos e intente de nuevo.")
    usuario = usuarios.verificar(nombre, contrasena)
    if usuario is None:
        auditoria.registrar(quien, INGRESO_FALLIDO, {"origen": origen})
        raise IngresoRechazado("Usuario o contraseña incorrectos.")
    auditoria.registrar(usuario.nombre, INGRESO, {"origen": origen, "rol": usuario.rol})
    return usuario


def fallos_recientes(auditoria: Auditoria, nombre: str, ventana: timedelta = VENTANA) -> int:
    """Ingresos fallidos seguidos (desde el último correcto) dentro de la ventana."""
    eventos = auditoria.listar(
        usuario=nombre, accion=(INGRESO, INGRESO_FALLIDO), desde=datetime.now(timezone.utc) - ventana, limite=MAXIMO_FALLOS
    )
    fallos = 0
    for evento in eventos:  # del más reciente al más antiguo
        if evento.accion == INGRESO:
            break
        fallos += 1
    return fallos


def _nombre_para_bitacora(nombre: str) -> str:
    # Lo escrito en el formulario puede ser cualquier cosa: sin controles y con largo acotado.
    limpio = re.sub(r"[\x00-\x1f\x7f]", "", str(nombre or "")).strip().lower()[:64]
    return limpio or "(vacío)"
