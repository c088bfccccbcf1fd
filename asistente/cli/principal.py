"""`python -m asistente ORDEN …`: punto de entrada de las órdenes del paquete."""
from __future__ import annotations

import argparse
import sys

from .. import __version__


def construir_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m asistente", description="Asistente de la Guía DSEGPP.")
    parser.add_argument("--version", action="version", version=f"asistente {__version__}")
    subordenes = parser.add_subparsers(dest="orden", metavar="ORDEN")
    from . import personal, preguntar

    preguntar.registrar(subordenes)
    personal.registrar(subordenes)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = construir_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "funcion", None):
        parser.print_help()
        return 2
    try:
        return args.funcion(args)
    except KeyboardInterrupt:
        print("Interrumpido.", file=sys.stderr)
        return 1
