"""`python -m evaluacion`: evalúa el asistente con un conjunto de preguntas y escribe los informes.

    python -m evaluacion [--conjunto evaluacion/conjunto.jsonl ...] [--indice indice/] [--salida evaluacion/resultados/]
                         [--modo extractiva|redactada|ambos]

Responde cada pregunta con el mismo `Asistente` de la web y escribe resultados.json
(una fila por pregunta), resumen.md e informe.html; compara con la ejecución anterior
de la misma carpeta e incluye los últimos veredictos del personal. Con `--modo ambos` (y un
modelo en ASISTENTE_LLM_URL) escribe además modos.md y modos.json: la respuesta citada y la
redactada lado a lado, con las oraciones que descartó la verificación.
Estado de salida: 0, o 1 con --exigir si no se cumplen los umbrales de calidad.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from asistente.respuesta.asistente import Asistente
from asistente.calidad import conjunto
from asistente.cli import ayuda  # noqa: F401  (la ayuda de argparse en español)
from asistente.configuracion import Configuracion
from asistente.indexado.abierto import IndiceNoDisponible
from asistente.personal.validaciones import almacen_predeterminado

from . import informe
from .comparacion import comparar
from .ejecucion import evaluar, por_modulo
from .umbrales import incumplidos

SALIDA_PREDETERMINADA = Path(__file__).resolve().parent / "resultados"


def ejecutar(asistente: Asistente, ruta_conjunto: Path | list[Path], salida: Path, validaciones=None, al_avanzar=None, modo: str = "extractiva") -> dict:
    """Evalúa, compara con la ejecución anterior, cruza con las validaciones y escribe los informes.
    `ruta_conjunto`: un archivo de preguntas o varios, que se evalúan juntos."""
    rutas = list(ruta_conjunto) if isinstance(ruta_conjunto, (list, tuple)) else [ruta_conjunto]
    preguntas = conjunto.cargar(*rutas)
    filas = evaluar(asistente, preguntas, al_avanzar=al_avanzar, modo=modo)
    if validaciones is not None:
        ultimas = validaciones.ultimas()
        for fila in filas:
            validacion = ultimas.get(fila["id"])
            if validacion:
                fila["validacion"] = {
                    "veredicto": validacion.veredicto,
                    "revisor": validacion.revisor,
                    "fecha": validacion.fecha,
                    "comentario": validacion.comentario,
                    "cambio": validacion.respuesta_cambio(fila["respuesta"]),
                }
    metricas = por_modulo(filas)
    anterior = informe.leer_anterior(salida)
    resultado = {
        "meta": {
            "fecha": datetime.now().astimezone().isoformat(timespec="seconds"),
            "conjunto": " + ".join(str(r) for r in rutas),
            "preguntas": len(preguntas),
            "version_indice": asistente.version_indice,
            "modelo": asistente.indice().manifiesto.modelo,
            "modo": modo,
        },
        "metricas": metricas,
        "umbrales_incumplidos": incumplidos(metricas["Global"]),
        "comparacion": comparar(filas, anterior["filas"]) if anterior else {"empeoraron": [], "mejoraron": []},
        "filas": filas,
    }
    resultado["archivos"] = {k: str(v) for k, v in informe.escribir(salida, resultado).items()}
    return resultado


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluacion", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--conjunto", metavar="ARCHIVO", action="append",
        help="preguntas JSONL (por omisión evaluacion/conjunto.jsonl); se repite para evaluar varios juntos, p. ej. "
        "con la biblioteca ampliada: --conjunto evaluacion/conjunto.jsonl --conjunto evaluacion/ampliacion/conjunto.jsonl",
    )
    parser.add_argument("--indice", metavar="CARPETA", help="carpeta del índice (por omisión indice/ o ASISTENTE_INDICE)")
    parser.add_argument("--salida", metavar="CARPETA", default=str(SALIDA_PREDETERMINADA), help="carpeta de informes (por omisión evaluacion/resultados/)")
    parser.add_argument("--exigir", action="store_true", help="sale con 1 si no se cumplen los umbrales de calidad")
    parser.add_argument(
        "--modo", choices=("extractiva", "redactada", "ambos"), default="extractiva",
        help="extractiva (por omisión), redactada por el modelo de ASISTENTE_LLM_URL, o ambos lado a lado (modos.md)",
    )
    args = parser.parse_args(argv)
    rutas = [Path(r) for r in (args.conjunto or [conjunto.EVALUACION])]
    try:
        configuracion = Configuracion.desde_entorno(indice=args.indice)
        if args.modo != "extractiva" and not configuracion.redaccion_configurada:
            raise ValueError(f"--modo {args.modo} necesita un modelo de lenguaje: defina ASISTENTE_LLM_URL y ASISTENTE_LLM_MODELO.")
        asistente = Asistente(configuracion).preparar()
    except (IndiceNoDisponible, ValueError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    try:
        modo = "redactada" if args.modo == "redactada" else "extractiva"
        resultado = ejecutar(asistente, rutas, Path(args.salida), almacen_predeterminado(configuracion.datos), modo=modo)
        if args.modo == "ambos":
            from . import modos

            lado_a_lado = modos.evaluar_modos(asistente, conjunto.cargar(*rutas))
            archivos = modos.escribir(Path(args.salida), lado_a_lado)
            r = lado_a_lado["resumen"]
            print(
                f"Modos: hechos citada {r['extractiva']['hechos']} · redactada {r['redactada']['hechos']} · "
                f"redactadas {r['respuestas_redactadas']}/{r['consultas_al_modelo']} · oraciones descartadas "
                f"{r['oraciones_descartadas']}/{r['oraciones_redactadas']} · fallos {r['fallos_del_modelo'] or 'ninguno'}"
            )
            print(f"Lado a lado: {archivos['resumen_modos']}")
    except conjunto.ConjuntoInvalido as error:
        print(f"Error: el conjunto no es válido: {error}", file=sys.stderr)
        return 1
    g = resultado["metricas"]["Global"]
    print(f"{resultado['meta']['preguntas']} preguntas · acierto@1 {g['acierto@1']} · acierto@5 {g['acierto@5']} · MRR@10 {g['mrr@10']} · hechos {g['hechos']}")
    print(f"primera fuente {g['primera_fuente']} · hechos en la directa {g['hechos_directa']} · cuerpo: mediana {g['cuerpo_mediana']} caracteres, p90 {g['cuerpo_p90']}")
    print(f"abstención: precisión {g['abstencion_precision']} · exhaustividad {g['abstencion_exhaustividad']} · latencia p50 {g['latencia_p50_ms']} ms · p95 {g['latencia_p95_ms']} ms")
    for r in resultado["comparacion"]["empeoraron"]:
        print(f"EMPEORÓ {r['id']}: {r['antes']} → {r['ahora']} · {r['pregunta']}")
    for falla in resultado["umbrales_incumplidos"]:
        print(f"UMBRAL NO CUMPLIDO: {falla}")
    print(f"Informes: {resultado['archivos']['informe']} · {resultado['archivos']['resumen']}")
    return 1 if args.exigir and resultado["umbrales_incumplidos"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
