"""La ayuda y los errores de argparse en español.

argparse escribe en inglés sus textos fijos («usage:», «options», «show this help message and
exit», «the following arguments are required»…) y los pasa por `gettext`; Python no trae
catálogo en español, así que se traducen aquí. Basta importar este módulo antes de crear los
analizadores (lo hacen las órdenes de `asistente.cli` y las de `evaluacion`).
"""
from __future__ import annotations

import argparse
import gettext

_TEXTOS = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "subcommands": "órdenes",
    "show this help message and exit": "muestra esta ayuda y termina",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "one of the arguments %s is required": "hace falta uno de estos argumentos: %s",
    "unrecognized arguments: %s": "argumentos desconocidos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "valor no admitido: %(value)r (elija entre %(choices)s)",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "expected one argument": "falta el valor",
    "expected at most one argument": "admite un valor como mucho",
    "expected at least one argument": "falta al menos un valor",
    "not allowed with argument %s": "no se admite junto con %s",
    "ignored explicit argument %r": "se ignoró el valor %r",
    "ambiguous option: %(option)s could match %(matches)s": "opción ambigua: %(option)s puede ser %(matches)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "orden desconocida %(parser_name)r (elija entre %(choices)s)",
    "can't open '%(filename)s': %(error)s": "no se pudo abrir «%(filename)s»: %(error)s",
}


def _traducir(texto: str) -> str:
    return _TEXTOS.get(texto) or gettext.gettext(texto)


argparse._ = _traducir
VERSION_AYUDA = "muestra la versión y termina"
