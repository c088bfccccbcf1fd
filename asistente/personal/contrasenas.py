"""Contraseñas del personal: hash scrypt con sal aleatoria por cuenta y reglas mínimas de fortaleza.

Se guarda «scrypt$n$r$p$sal$hash» (sal y hash en base64): los parámetros viajan con
el hash, así que se pueden endurecer más adelante sin invalidar las cuentas que existen.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from ..texto import plegar

# n=2^15, r=8: ~0,1 s y 32 MiB por intento; caro para quien prueba millones, barato para ingresar.
N, R, P = 2**15, 8, 1
LARGO_SAL = 16
LARGO_HASH = 32
LARGO_MINIMO = 12
LARGO_MAXIMO = 256
_MEMORIA_MAXIMA = 128 * 1024 * 1024
# Palabras que cualquiera probaría primero; se comparan sin números ni símbolos («Antioquia2024!»).
_COMUNES = {
    "contrasena", "contrasenas", "password", "passw", "clave", "secreto", "qwerty", "qwertyuiop", "asdfgh",
    "abc", "abcd", "abcdef", "admin", "administrador", "usuario", "personal", "asistente", "dsegpp",
    "gobernacion", "gobernaciondeantioquia", "antioquia", "medellin", "colombia", "planeacion", "bienvenido",
}


class ContrasenaDebil(ValueError):
    """La contraseña no cumple las reglas; `str(error)` lo explica en español."""


def problemas_de_fortaleza(contrasena: str, usuario: str = "") -> list[str]:
    """Lo que le falta a una contraseña (lista vacía si sirve)."""
    problemas = []
    if len(contrasena) < LARGO_MINIMO:
        problemas.append(f"debe tener al menos {LARGO_MINIMO} caracteres (tiene {len(contrasena)})")
    if len(contrasena) > LARGO_MAXIMO:
        problemas.append(f"no puede tener más de {LARGO_MAXIMO} caracteres")
    if any(ord(c) < 32 or ord(c) == 127 for c in contrasena):
        problemas.append("no puede tener caracteres de control (tabuladores, saltos de línea…)")
    clases = [any(c.isalpha() for c in contrasena), any(c.isdigit() for c in contrasena),
              any(not c.isalnum() for c in contrasena)]
    if sum(clases) < 2:
        problemas.append("debe combinar letras con números o símbolos")
    if len(set(contrasena)) < 5:
        problemas.append("repite demasiado los mismos caracteres")
    if usuario and len(usuario) >= 3 and plegar(usuario) in plegar(contrasena):
        problemas.append("no puede contener el nombre de usuario")
    letras = re.sub(r"[^a-z]", "", plegar(contrasena))
    if letras in _COMUNES or (not letras and len(set(contrasena)) < 8):
        problemas.append("es demasiado común o fácil de adivinar")
    return problemas


def validar_fortaleza(contrasena: str, usuario: str = "") -> None:
    problemas = problemas_de_fortaleza(contrasena, usuario)
    if problemas:
        raise ContrasenaDebil("La contraseña " + "; ".join(problemas) + ".")


def cifrar(contrasena: str) -> str:
    """Hash para guardar (nunca se guarda la contraseña). Cada llamada usa una sal nueva."""
    sal = os.urandom(LARGO_SAL)
    return "$".join(["scrypt", str(N), str(R), str(P), _b64(sal), _b64(_scrypt(contrasena, sal, N, R, P, LARGO_HASH))])


def verificar(contrasena: str, guardado: str) -> bool:
    """¿Corresponde la contraseña al hash guardado? Comparación en tiempo constante."""
    try:
        algoritmo, n, r, p, sal, esperado = guardado.split("$")
        if algoritmo != "scrypt":
            return False
        esperado_bytes = base64.b64decode(esperado, validate=True)
        calculado = _scrypt(contrasena, base64.b64decode(sal, validate=True), int(n), int(r), int(p), len(esperado_bytes))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(calculado, esperado_bytes)


def verificar_sin_cuenta(contrasena: str) -> bool:
    """Gasta lo mismo que `verificar` y devuelve False: un usuario inexistente no se distingue por el tiempo."""
    verificar(contrasena, _HASH_FICTICIO)
    return False


def _scrypt(contrasena: str, sal: bytes, n: int, r: int, p: int, largo: int) -> bytes:
    return hashlib.scrypt(contrasena.encode("utf-8"), salt=sal, n=n, r=r, p=p, maxmem=_MEMORIA_MAXIMA, dklen=largo)


def _b64(datos: bytes) -> str:
    return base64.b64encode(datos).decode("ascii")


_HASH_FICTICIO = "$".join(["scrypt", str(N), str(R), str(P), _b64(b"\0" * LARGO_SAL), _b64(b"\0" * LARGO_HASH)])
