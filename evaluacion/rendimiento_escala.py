"""Banco de escala con las 10.354 leyes de ../shared/escala (imprime cifras; no es una prueba).

    python -m evaluacion.rendimiento_escala [--archivo ../shared/escala/leyes-co.tar.gz] [--muestras 100,400] [--json]
    python -m evaluacion.rendimiento_escala --completa [--minutos-semantica 10] [--leyes CARPETA] [--indice CARPETA]

Con --completa, la biblioteca entera desde nada (#15), con `indexar` en un proceso aparte:
tiempo hasta responder por palabras clave, latencia p50/p95 en ese estado (con el indexador
detenido: SIGSTOP), fragmentos/s de la fase semántica durante --minutos-semantica, un kill -9
en medio de ella y cuánto se perdió al reanudar, latencia con la búsqueda semántica parcial,
memoria máxima del indexador y del proceso que responde, disco; el tiempo hasta la búsqueda
híbrida completa se proyecta desde ese tramo (y lo dice).

1. Fragmentación de TODAS las leyes (sin embeber): leyes/s, fragmentos, omitidas, memoria.
2. Para cada tamaño de muestra (leyes elegidas al azar con semilla fija, más corpus/):
   construcción completa, fragmentos/s, actualización sin cambios y de un archivo,
   tamaño en disco y latencia p50/p95 de las preguntas de desarrollo (modelo caliente).
Embeber las 10.354 leyes tomaría horas en 2 núcleos (≈13 fragmentos/s); por eso se mide
por muestras y se informa cómo crece cada cifra.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from .rendimiento_indexacion import RAIZ, _indexar, _tamano_mb
from asistente.cli import ayuda  # noqa: F401  (la ayuda de argparse en español)


def _extraer(archivo: Path, destino: Path) -> list[Path]:
    with tarfile.open(archivo) as tar:
        miembros = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".md")]
        for miembro in miembros:
            miembro.name = Path(miembro.name).name  # sin carpetas: nada fuera del destino
            tar.extract(miembro, destino, filter="data")
    return sorted(destino.glob("*.md"))


def fragmentar_todo(leyes: list[Path]) -> dict:
    from asistente.corpus.cargadores import ErrorDeCarga, cargar
    from asistente.corpus.catalogo import catalogo_en
    from asistente.corpus.fragmentacion import fragmentar

    catalogo = catalogo_en()
    inicio = time.perf_counter()
    fragmentos = vigentes = omitidas = 0
    for ruta in leyes:
        try:
            partes = fragmentar(cargar(ruta, catalogo), catalogo)
        except ErrorDeCarga:
            omitidas += 1
            continue
        fragmentos += len(partes)
        vigentes += sum(1 for f in partes if f.vigente)
    segundos = time.perf_counter() - inicio
    return {
        "leyes": len(leyes),
        "omitidas": omitidas,
        "fragmentos": fragmentos,
        "fragmentos_vigentes": vigentes,
        "segundos": round(segundos, 1),
        "leyes_por_s": round(len(leyes) / segundos, 1),
        "memoria_maxima_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _latencias(indice: Path) -> tuple[float, float]:
    from asistente.respuesta.asistente import Asistente
    from asistente.calidad import conjunto
    from asistente.configuracion import Configuracion

    asistente = Asistente(Configuracion.desde_entorno(indice=str(indice))).preparar()
    preguntas = [p.pregunta for p in conjunto.cargar(conjunto.DESARROLLO)]
    for pregunta in preguntas[:5]:
        asistente.responder(pregunta)  # calentamiento
    tiempos = sorted(asistente.responder(p).latencia_ms for p in preguntas)
    return statistics.median(tiempos), tiempos[int(0.95 * (len(tiempos) - 1))]


def muestra(leyes: list[Path], n: int, semilla: int, temporal: Path) -> dict:
    carpeta = temporal / f"muestra-{n}"
    carpeta.mkdir()
    elegidas = random.Random(semilla).sample(leyes, min(n, len(leyes)))
    for ruta in elegidas:
        shutil.copy(ruta, carpeta / ruta.name)
    indice = temporal / f"indice-{n}"
    corpus = [RAIZ / "corpus", carpeta]
    completo, t_completo, memoria = _indexar(corpus, indice)
    _, t_sin_cambios, _ = _indexar(corpus, indice)
    cambiada = carpeta / elegidas[0].name
    cambiada.write_text(cambiada.read_text(encoding="utf-8") + "\n\n**Artículo 999.** Artículo agregado para medir.\n", encoding="utf-8")
    un_archivo, t_un_archivo, _ = _indexar(corpus, indice)
    p50, p95 = _latencias(indice)
    return {
        "leyes": n,
        "fragmentos": completo["fragmentos"],
        "construccion_s": round(t_completo, 1),
        "fragmentos_por_s": round(completo["embebidos"] / max(completo["segundos"], 1e-9), 2),
        "sin_cambios_s": round(t_sin_cambios, 2),
        "un_archivo_s": round(t_un_archivo, 2),
        "un_archivo_embebidos": un_archivo["embebidos"],
        "indice_mb": round(_tamano_mb(indice), 1),
        "memoria_maxima_mb": round(memoria, 1),
        "latencia_p50_ms": round(p50, 1),
        "latencia_p95_ms": round(p95, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluacion.rendimiento_escala", description=__doc__.split("\n\n")[0])
    parser.add_argument("--archivo", default=str(RAIZ.parent / "shared" / "escala" / "leyes-co.tar.gz"))
    parser.add_argument("--muestras", default="100,400", help="tamaños de muestra, separados por comas (0 = solo fragmentación)")
    parser.add_argument("--semilla", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--completa", action="store_true", help="la biblioteca entera desde nada (ver arriba)")
    parser.add_argument("--minutos-semantica", type=float, default=10.0, help="cuánto medir la fase semántica antes del kill -9")
    parser.add_argument("--minutos-reanudacion", type=float, default=2.0, help="cuánto dejarla correr tras reanudar")
    parser.add_argument("--leyes", help="carpeta con las leyes ya extraídas (si no, se extrae --archivo a una carpeta temporal)")
    parser.add_argument("--indice", help="carpeta del índice (por omisión, temporal; debe no existir o estar vacía)")
    parser.add_argument("--preguntas", type=int, default=120, help="preguntas de desarrollo para la latencia")
    parser.add_argument("--hijo", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", action="append", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.hijo:
        return _hijo(args.indice, args.corpus)
    if args.completa:
        from .escala_completa import completa

        return completa(args)
    if not Path(args.archivo).exists():
        print(f"No existe {args.archivo}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="banco-escala-") as temporal:
        temporal = Path(temporal)
        leyes = _extraer(Path(args.archivo), temporal / "leyes")
        cifras = {"fragmentacion": fragmentar_todo(leyes), "muestras": []}
        f = cifras["fragmentacion"]
        if not args.json:
            print(f"Fragmentación de {f['leyes']} leyes: {f['segundos']} s ({f['leyes_por_s']} leyes/s) · {f['fragmentos']} fragmentos "
                  f"({f['fragmentos_vigentes']} vigentes) · omitidas {f['omitidas']} · memoria {f['memoria_maxima_mb']} MB", flush=True)
        for n in [int(x) for x in args.muestras.split(",") if int(x) > 0]:
            m = muestra(leyes, n, args.semilla, temporal)
            cifras["muestras"].append(m)
            if not args.json:
                print(f"{m['leyes']} leyes: {m['fragmentos']} fragmentos · construcción {m['construccion_s']} s ({m['fragmentos_por_s']} fragm./s) · "
                      f"sin cambios {m['sin_cambios_s']} s · un archivo {m['un_archivo_s']} s · disco {m['indice_mb']} MB · "
                      f"memoria {m['memoria_maxima_mb']} MB · latencia p50 {m['latencia_p50_ms']} ms, p95 {m['latencia_p95_ms']} ms", flush=True)
    if args.json:
        print(json.dumps(cifras, ensure_ascii=False, indent=2))
    return 0


def _hijo(indice: str, corpus: list[str]) -> int:
    """El indexador del banco --completa: avance en líneas JSON con la hora, en la salida estándar."""
    import logging

    from asistente.configuracion import Configuracion
    from asistente.indexado.indexador import actualizar

    class _Lineas(logging.Handler):
        def emit(self, registro):
            print(json.dumps({"t": time.time(), "registro": registro.getMessage()}), flush=True)

    logging.getLogger("asistente.indexado.indexador").addHandler(_Lineas())
    logging.getLogger("asistente.indexado.indexador").setLevel(logging.INFO)

    def avance(etapa, hechos, total):
        print(json.dumps({"t": time.time(), "etapa": etapa, "hechos": hechos, "total": total}), flush=True)

    resumen = actualizar(Configuracion.desde_entorno(corpus=corpus, indice=indice), al_avanzar=avance)
    print(json.dumps({"t": time.time(), "etapa": "fin", "embebidos": resumen.embebidos}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
