"""Fronteras entre paquetes: el producto no depende de la evaluación."""
from __future__ import annotations

import ast
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]


def _importados(archivo: Path) -> set[str]:
    nombres = set()
    for nodo in ast.walk(ast.parse(archivo.read_text(encoding="utf-8"))):
        if isinstance(nodo, ast.Import):
            nombres.update(a.name for a in nodo.names)
        elif isinstance(nodo, ast.ImportFrom) and nodo.level == 0 and nodo.module:
            nombres.add(nodo.module)
    return nombres


def test_el_producto_no_importa_la_evaluacion():
    archivos = [*sorted((RAIZ / "asistente").rglob("*.py")), RAIZ / "app.py", RAIZ / "indexar.py"]
    culpables = [
        f"{a.relative_to(RAIZ)}: {n}" for a in archivos for n in sorted(_importados(a)) if n == "evaluacion" or n.startswith("evaluacion.")
    ]
    assert culpables == []


def test_las_ordenes_no_importan_el_punto_de_entrada():
    """Solo `asistente/__main__.py` y las envolturas llaman a `cli.principal`: sin círculos entre órdenes."""
    for archivo in sorted((RAIZ / "asistente" / "cli").glob("*.py")):
        if archivo.name == "principal.py":
            continue
        texto = archivo.read_text(encoding="utf-8")
        assert "principal" not in {n.module for n in ast.walk(ast.parse(texto)) if isinstance(n, ast.ImportFrom) and n.level}, archivo.name
