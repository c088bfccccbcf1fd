"""Fronteras entre paquetes: el producto no depende de la evaluación."""
from __future__ import annotations

import ast
import re
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


def _texto(ruta: str) -> str:
    return (RAIZ / ruta).read_text(encoding="utf-8")


def test_cada_cosa_en_su_lugar():
    # La sintaxis de consulta de Chroma (`where`, la colección) no sale del índice.
    recuperacion = _texto("asistente/respuesta/recuperacion.py")
    assert "coleccion" not in recuperacion and "$in" not in recuperacion and "where" not in recuperacion
    # La pestaña del índice lee el estado con `estado.py`, no con el almacén.
    assert "almacen" not in _importados(RAIZ / "asistente/web/pestana_indice.py") | {
        n.module for n in ast.walk(ast.parse(_texto("asistente/web/pestana_indice.py"))) if isinstance(n, ast.ImportFrom) and n.module
    }
    # Los formatos admitidos se escriben una sola vez.
    con_formatos = [a.relative_to(RAIZ).as_posix() for a in (RAIZ / "asistente").rglob("*.py") if '".markdown"' in a.read_text(encoding="utf-8")]
    assert con_formatos == ["asistente/corpus/formatos.py"]
    # Las etapas del indexado se nombran con `etapas.Etapa`: ningún otro módulo las compara ni las usa
    # de clave como texto suelto (el indexador aún las escribe literales al informar el avance).
    etapa_suelta = re.compile(r'(==\s*|in \(|\{\s*)"(leyendo|cargando|copiando|embebiendo|activando)"|"(leyendo|cargando|copiando|embebiendo|activando)"\s*:')
    sueltas = [
        a.relative_to(RAIZ).as_posix() for a in (RAIZ / "asistente").rglob("*.py")
        if a.name not in ("etapas.py", "indexador.py") and etapa_suelta.search(a.read_text(encoding="utf-8"))
    ]
    assert sueltas == []


def _arbol_del_readme() -> dict[str, set[str]]:
    """Las entradas del bloque de «## Arquitectura» del README, por carpeta: {"asistente": {...}, "asistente/corpus": {...}}."""
    texto = _texto("README.md")
    bloque = texto.split("## Arquitectura", 1)[1].split("```", 2)[1]
    arbol: dict[str, set[str]] = {}
    pila: list[tuple[int, str]] = []
    for linea in bloque.splitlines():
        m = re.match(r"^( *)([\w.]+/|[\w.]+\.py)(?:\s|$)", linea)
        if not m:
            continue
        sangria, nombre = len(m.group(1)), m.group(2)
        while pila and pila[-1][0] >= sangria:
            pila.pop()
        if pila:
            arbol.setdefault(pila[-1][1], set()).add(nombre)
        if nombre.endswith("/"):
            pila.append((sangria, (pila[-1][1] + "/" if pila else "") + nombre.rstrip("/")))
    return arbol


def test_la_arquitectura_del_readme_sigue_el_arbol():
    arbol = _arbol_del_readme()
    assert {"asistente", "asistente/corpus", "asistente/indexado", "asistente/respuesta"} <= set(arbol)
    for carpeta, nombres in arbol.items():
        if carpeta == "evaluacion" or not carpeta.startswith("asistente"):
            continue
        reales = {
            p.name + ("/" if p.is_dir() else "")
            for p in (RAIZ / carpeta).iterdir()
            if p.name not in ("__init__.py", "__main__.py", "__pycache__") and (p.is_dir() or p.suffix == ".py")
        }
        assert nombres == reales, carpeta
