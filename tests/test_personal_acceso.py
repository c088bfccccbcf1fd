"""Ingreso del personal: anota éxitos y fallos en la auditoría y frena los intentos repetidos."""
from __future__ import annotations

import pytest

from asistente.personal.acceso import (
    INGRESO_BLOQUEADO,
    MAXIMO_FALLOS,
    MAXIMO_FALLOS_POR_ORIGEN,
    IngresoRechazado,
    fallos_recientes,
    ingresar,
    nombre_para_bitacora,
)
from asistente.personal.auditoria import INGRESO, INGRESO_FALLIDO, Auditoria
from asistente.personal.usuarios import Usuarios

CLAVE = "Planeacion-segura-2025"


@pytest.fixture
def cuentas(tmp_path):
    usuarios = Usuarios(tmp_path / "config" / "usuarios.json")
    usuarios.agregar("ana", CLAVE)
    return usuarios, Auditoria(tmp_path / "datos" / "auditoria.sqlite3")


def test_ingreso_correcto_e_incorrecto_quedan_en_la_auditoria(cuentas):
    usuarios, auditoria = cuentas
    assert ingresar(usuarios, auditoria, " Ana ", CLAVE, origen="127.0.0.1").nombre == "ana"
    for nombre, clave in [("ana", "otra-clave-123"), ("nadie", CLAVE), ("ana\x00\n", CLAVE)]:
        with pytest.raises(IngresoRechazado) as error:
            ingresar(usuarios, auditoria, nombre, clave, origen="127.0.0.1")
        assert str(error.value) == "Usuario o contraseña incorrectos."  # no dice si la cuenta existe
    eventos = list(reversed(auditoria.listar()))
    assert [(e.usuario, e.accion) for e in eventos] == [
        ("ana", INGRESO), ("ana", INGRESO_FALLIDO), (nombre_para_bitacora(usuarios, "nadie"), INGRESO_FALLIDO), ("ana", INGRESO_FALLIDO)]
    assert eventos[2].usuario.startswith("desconocido-") and "nadie" not in auditoria.texto_csv()
    assert eventos[0].detalle == {"origen": "127.0.0.1", "rol": "personal"}
    assert CLAVE not in auditoria.texto_csv()  # nunca se anota una contraseña


def test_una_contrasena_escrita_en_el_campo_del_usuario_no_queda_en_la_bitacora(cuentas):
    usuarios, auditoria = cuentas
    for _ in range(2):
        with pytest.raises(IngresoRechazado):
            ingresar(usuarios, auditoria, CLAVE, CLAVE, origen="10.0.0.7")
    assert CLAVE.lower() not in auditoria.texto_csv().lower() and CLAVE not in auditoria.texto_csv()
    primero, segundo = auditoria.listar()
    assert primero.usuario == segundo.usuario and primero.usuario.startswith("desconocido-")  # la misma huella: se cuentan juntos


def test_el_freno_por_cuenta_es_por_direccion_y_hay_otro_por_direccion(cuentas):
    usuarios, auditoria = cuentas
    # Quien falla cinco veces con «ana» desde 10.0.0.66 la frena allí, no en el equipo de Ana.
    for _ in range(MAXIMO_FALLOS):
        with pytest.raises(IngresoRechazado, match="incorrectos"):
            ingresar(usuarios, auditoria, "ana", "otra-clave-123", origen="10.0.0.66")
    with pytest.raises(IngresoRechazado, match="con esta cuenta"):
        ingresar(usuarios, auditoria, "ana", CLAVE, origen="10.0.0.66")
    assert ingresar(usuarios, auditoria, "ana", CLAVE, origen="10.0.0.5").nombre == "ana"
    # Una dirección que prueba muchos nombres queda frenada para cualquiera de ellos.
    for n in range(MAXIMO_FALLOS_POR_ORIGEN - MAXIMO_FALLOS):
        with pytest.raises(IngresoRechazado, match="incorrectos"):
            ingresar(usuarios, auditoria, f"persona{n}", "x-clave-123", origen="10.0.0.66")
    with pytest.raises(IngresoRechazado, match="desde este equipo"):
        ingresar(usuarios, auditoria, "otra-persona", "x-clave-123", origen="10.0.0.66")
    assert ingresar(usuarios, auditoria, "ana", CLAVE, origen="10.0.0.5")  # las demás direcciones siguen
    assert [e.detalle["freno"] for e in auditoria.listar(accion=INGRESO_BLOQUEADO)] == ["direccion", "cuenta"]


def test_demasiados_fallos_frenan_la_cuenta_aun_con_la_clave_buena(cuentas):
    usuarios, auditoria = cuentas
    for _ in range(MAXIMO_FALLOS - 1):
        with pytest.raises(IngresoRechazado):
            ingresar(usuarios, auditoria, "ana", "otra-clave-123")
    assert ingresar(usuarios, auditoria, "ana", CLAVE)  # un ingreso correcto reinicia la cuenta
    assert fallos_recientes(auditoria, "ana") == 0
    for _ in range(MAXIMO_FALLOS):
        with pytest.raises(IngresoRechazado, match="incorrectos"):
            ingresar(usuarios, auditoria, "ana", "otra-clave-123")
    with pytest.raises(IngresoRechazado, match="Demasiados intentos fallidos"):
        ingresar(usuarios, auditoria, "ana", CLAVE)
    assert auditoria.listar(limite=1)[0].accion == INGRESO_BLOQUEADO
