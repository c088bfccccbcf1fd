"""`asistente ORDEN …` (o `python -m asistente ORDEN …`): el único punto de entrada de las órdenes.

    asistente indexar [--corpus CARPETA …] [--estado] [--json] [--completo]    # también: python indexar.py
    asistente preguntar "¿…?" [--json] [--lote ARCHIVO.jsonl]
    asistente servir [--host …] [--puerto …] [--corpus CARPETA …]              # también: python app.py
    asistente personal agregar|listar|eliminar|cambiar-contrasena|auditoria|migrar
    asistente evaluar [--conjunto …] [--indice …] [--salida …]                # = python -m evaluacion

Cada orden vive en su módulo de `asistente.cli` con `AYUDA`, `DESCRIPCION`, `configurar(parser)`
y `ejecutar(args) -> int`; `evaluar` pasa sus argumentos tal cual a `python -m evaluacion`.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from .ayuda import VERSION_AYUDA

ORDENES = ("indexar", "preguntar", "servir", "personal", "evaluar")
DELEGADAS = ("evaluar",)  # sus argumentos, incluso --help, los interpreta otro programa


def _modulo(orden: str):
    return importlib.import_module(f".{orden}", __package__)


def construir_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="asistente", description="Asistente de la Guía DSEGPP: órdenes de la terminal.")
    parser.add_argument("--version", action="version", version=f"asistente {__version__}", help=VERSION_AYUDA)
    subordenes = parser.add_subparsers(dest="orden", metavar="ORDEN", title="órdenes")
    for orden in ORDENES:
        modulo = _modulo(orden)
        sub = subordenes.add_parser(orden, help=modulo.AYUDA, description=modulo.DESCRIPCION, epilog=getattr(modulo, "EPILOGO", None))
        if orden not in DELEGADAS:
            modulo.configurar(sub)
            sub.set_defaults(funcion=modulo.ejecutar)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in DELEGADAS:
        return _modulo(argv[0]).ejecutar_con(argv[1:])
    parser = construir_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "funcion", None):
        parser.print_help()
        return 2
    return _correr(args)


def lanzar(orden: str, prog: str) -> int:
    """Una sola orden con su propio nombre (`python app.py` = `asistente servir`, `python indexar.py` = `asistente indexar`)."""
    modulo = _modulo(orden)
    parser = argparse.ArgumentParser(prog=prog, description=modulo.DESCRIPCION, epilog=getattr(modulo, "EPILOGO", None))
    modulo.configurar(parser)
    return _correr(parser.parse_args(sys.argv[1:]), modulo.ejecutar)


def _correr(args, funcion=None) -> int:
    try:
        return (funcion or args.funcion)(args)
    except KeyboardInterrupt:
        print("Interrumpido.", file=sys.stderr)
        return 1
