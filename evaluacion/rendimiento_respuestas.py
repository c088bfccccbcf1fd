"""Banco de pruebas de respuestas (imprime cifras; no es una prueba cronometrada).

    python -m evaluacion.rendimiento_respuestas [--indice indice/] [--conjunto evaluacion/desarrollo.jsonl] [--json]

Acierto@1, acierto@5 y MRR sobre el conjunto de desarrollo, primera fuente correcta, hechos
en la respuesta directa y en toda la respuesta, largo del cuerpo (mediana y p90) y latencia
mediana y p95 por pregunta (modo extractivo, modelo e índice ya cargados). Metas: acierto@5
≥ 0,95, acierto@1 ≥ 0,8, primera fuente ≥ 0,85, hechos en la directa ≥ 0,85, cuerpo mediano
≤ 700 caracteres y p95 ≤ 300 ms con las 21 leyes indexadas.
"""
from __future__ import annotations

import argparse
import json

from asistente.respuesta.asistente import Asistente
from asistente.calidad import conjunto
from asistente.configuracion import Configuracion

from .ejecucion import evaluar
from .metricas import resumir
from asistente.cli import ayuda  # noqa: F401  (la ayuda de argparse en español)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluacion.rendimiento_respuestas", description=__doc__.split("\n\n")[0])
    parser.add_argument("--indice", help="carpeta del índice")
    parser.add_argument("--conjunto", default=str(conjunto.DESARROLLO))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    asistente = Asistente(Configuracion.desde_entorno(indice=args.indice)).preparar()
    preguntas = conjunto.cargar(args.conjunto)
    evaluar(asistente, preguntas[:10])  # calentamiento: cachés del sistema y de Chroma
    cifras = resumir(evaluar(asistente, preguntas))
    cifras["indice"] = asistente.version_indice
    cifras["fragmentos"] = asistente.indice().manifiesto.fragmentos
    if args.json:
        print(json.dumps(cifras, ensure_ascii=False, indent=2))
        return 0
    print(f"Conjunto: {args.conjunto} ({cifras['preguntas']} preguntas) · índice {cifras['indice']} con {cifras['fragmentos']} fragmentos")
    print(f"acierto@1 = {cifras['acierto@1']:.3f} (meta ≥ 0,80) · acierto@5 = {cifras['acierto@5']:.3f} (meta ≥ 0,95) · MRR@10 = {cifras['mrr@10']:.3f}")
    print(f"latencia mediana = {cifras['latencia_p50_ms']:.0f} ms · p95 = {cifras['latencia_p95_ms']:.0f} ms (meta ≤ 300 ms)")
    print(f"primera fuente = {cifras['primera_fuente']:.3f} (meta ≥ 0,85) · hechos en la directa = {cifras['hechos_directa']:.3f} (meta ≥ 0,85)")
    print(f"cuerpo: mediana {cifras['cuerpo_mediana']} caracteres (meta ≤ 700) · p90 {cifras['cuerpo_p90']}")
    print(f"hechos = {cifras['hechos']:.3f} · abstención: precisión {cifras['abstencion_precision']} · exhaustividad {cifras['abstencion_exhaustividad']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
