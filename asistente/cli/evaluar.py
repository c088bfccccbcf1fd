"""`asistente evaluar …`: lo mismo que `python -m evaluacion …` (solo en una copia del repositorio).

El paquete `evaluacion/` es un cliente del producto y el producto no lo importa: esta orden lo
ejecuta en otro proceso con los mismos argumentos (también `--help`) y devuelve su estado de salida.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys

AYUDA = "evalúa el asistente con un conjunto de preguntas (python -m evaluacion; «asistente evaluar --help» para sus opciones)"
DESCRIPCION = "Evalúa el asistente con un conjunto de preguntas y escribe los informes (python -m evaluacion)."


def ejecutar_con(argumentos: list[str]) -> int:
    if importlib.util.find_spec("evaluacion") is None:
        print("Error: la evaluación no está instalada; ejecute la orden desde una copia del repositorio.", file=sys.stderr)
        return 1
    return subprocess.run([sys.executable, "-m", "evaluacion", *argumentos]).returncode
