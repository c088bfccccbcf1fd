"""Banco de pruebas de indexación (imprime cifras; no es una prueba cronometrada).

    python -m evaluacion.rendimiento_indexacion [--normativa ../shared/normativa] [--json]

Con corpus/ + las normas: fragmentos, construcción completa, fragmentos/s,
actualización sin cambios, actualización de un archivo, tamaño en disco y memoria
máxima. Cada fase ejecuta `indexar.py` como lo haría el personal.
Metas: sin cambios < 5 s; un archivo < 30 s; las 21 leyes < 10 min en 2 núcleos.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from asistente.cli import ayuda  # noqa: F401  (la ayuda de argparse en español)

RAIZ = Path(__file__).resolve().parent.parent


def _indexar(corpus: list[Path], indice: Path) -> tuple[dict, float, float]:
    """Ejecuta indexar.py; devuelve (resumen, segundos de reloj, MB de memoria máxima del proceso)."""
    argumentos = [sys.executable, str(RAIZ / "indexar.py"), "--indice", str(indice), "--json"]
    for carpeta in corpus:
        argumentos += ["--corpus", str(carpeta)]
    inicio = time.perf_counter()
    antes = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proceso = subprocess.run(argumentos, capture_output=True, text=True, cwd=RAIZ)
    segundos = time.perf_counter() - inicio
    if proceso.returncode not in (0, 2):
        raise SystemExit(f"indexar.py falló ({proceso.returncode}): {proceso.stderr[-2000:]}")
    memoria = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, antes) / 1024
    return json.loads(proceso.stdout), segundos, memoria


def _tamano_mb(carpeta: Path) -> float:
    return sum(f.stat().st_size for f in carpeta.rglob("*") if f.is_file()) / 1024 / 1024


def medir(normativa: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="banco-indexacion-") as temporal:
        temporal = Path(temporal)
        leyes = temporal / "normativa"
        shutil.copytree(normativa, leyes)  # copia temporal: se modifica una ley sin tocar ../shared
        corpus = [RAIZ / "corpus", leyes]
        indice = temporal / "indice"

        completo, t_completo, mem_completo = _indexar(corpus, indice)
        sin_cambios, t_sin_cambios, _ = _indexar(corpus, indice)
        ley = leyes / "LEY-152-1994.md"
        ley.write_text(ley.read_text(encoding="utf-8").replace("dentro de los primeros cuatro (4) meses", "dentro de los primeros tres (3) meses", 1), encoding="utf-8")
        un_archivo, t_un_archivo, mem_un_archivo = _indexar(corpus, indice)
        return {
            "documentos": completo["nuevos"],
            "fragmentos": completo["fragmentos"],
            "fragmentos_embebidos": completo["embebidos"],
            "construccion_completa_s": round(t_completo, 1),
            "fragmentos_por_s": round(completo["embebidos"] / completo["segundos"], 2),
            "sin_cambios_s": round(t_sin_cambios, 2),
            "un_archivo_s": round(t_un_archivo, 2),
            "un_archivo_embebidos": un_archivo["embebidos"],
            "indice_mb": round(_tamano_mb(indice), 1),
            "memoria_maxima_mb": round(max(mem_completo, mem_un_archivo), 1),
            "sin_cambios_ok": sin_cambios["embebidos"] == 0,
            "nucleos": os.cpu_count(),
        }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluacion.rendimiento_indexacion", description=__doc__.split("\n\n")[0])
    parser.add_argument("--normativa", default=str(RAIZ.parent / "shared" / "normativa"), help="carpeta con las normas")
    parser.add_argument("--json", action="store_true", help="imprime JSON")
    args = parser.parse_args(argv)
    if not Path(args.normativa).is_dir():
        print(f"No existe {args.normativa}", file=sys.stderr)
        return 1
    cifras = medir(Path(args.normativa))
    if args.json:
        print(json.dumps(cifras, ensure_ascii=False, indent=2))
    else:
        print(f"Documentos: {cifras['documentos']} · fragmentos: {cifras['fragmentos']} (embebidos {cifras['fragmentos_embebidos']})")
        print(f"Construcción completa: {cifras['construccion_completa_s']} s · {cifras['fragmentos_por_s']} fragmentos/s (meta < 600 s)")
        print(f"Actualización sin cambios: {cifras['sin_cambios_s']} s (meta < 5 s)")
        print(f"Actualización de un archivo: {cifras['un_archivo_s']} s, {cifras['un_archivo_embebidos']} fragmentos embebidos (meta < 30 s)")
        print(f"Índice en disco: {cifras['indice_mb']} MB · memoria máxima: {cifras['memoria_maxima_mb']} MB · núcleos: {cifras['nucleos']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
