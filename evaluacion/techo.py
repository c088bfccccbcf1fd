"""Techo de la elección de la fuente principal con las señales que hay, en el conjunto de DESARROLLO.

    python -m evaluacion.techo --indice indice/ [--conjunto D ...] [--candidatos 20] [--pliegues 10]

Para las preguntas respondibles que no nombran un artículo, imprime: cuántas tienen la fuente
esperada entre los N candidatos de la búsqueda y entre los 5 primeros (lo más que podría lograr
cualquier reordenamiento), los aciertos del orden de la búsqueda y de la elección actual, y los de
un ordenador lineal aprendido sobre las señales de cada pasaje (regresión logística por pares),
con validación cruzada por preguntas y también ajustado sobre todas ellas (el mejor caso de una
combinación lineal de esas señales). Nunca usa el conjunto de evaluación.
"""
from __future__ import annotations

import argparse
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from asistente.calidad import conjunto
from asistente.cli import ayuda  # noqa: F401  (la ayuda de argparse en español)
from asistente.configuracion import Configuracion
from asistente.modelos import TIPO_GUIA, TIPO_NORMA
from asistente.respuesta.asistente import Asistente, consultas_previas
from asistente.respuesta.consulta import analizar
from asistente.respuesta.eleccion import afinidad, elegir_principal
from asistente.respuesta.recuperacion import Recuperador
from asistente.respuesta.redaccion import valor_por_pasaje

from .ajuste import rango_en

# Señales de cada pasaje candidato, todas relativas a los demás candidatos de su pregunta.
SENALES = (
    "puesto",  # log(1 + puesto en la búsqueda híbrida)
    "puntaje",  # puntaje de la fusión ÷ el mejor
    "similitud",  # coseno e5 − el mejor coseno
    "lexico",  # BM25 ÷ el mejor
    "puesto_denso",  # log(1 + puesto por coseno e5 entre los candidatos)
    "puesto_lexico",  # log(1 + puesto por BM25 entre los candidatos)
    "oracion",  # valor de su mejor oración (redacción) ÷ el mejor
    "concepto",  # +1 regula el concepto preguntado, −1 uno con el que se confunde
    "guia",  # es una sección de la guía
    "no_ley",  # decreto, decreto ley o acto legislativo
    "largo",  # log(1 + caracteres)
    "partes",  # log(1 + partes de su artículo)
)


@dataclass
class Pregunta:
    id: str
    rasgos: np.ndarray  # candidatos × señales, en el orden de la búsqueda
    esperada: np.ndarray  # bool por candidato
    elegida: int  # índice del candidato que la elección actual pone primero
    claves: list[str] = field(default_factory=list)  # «doc_id:artículo» o «doc_id:sección» de cada candidato


def rasgos(analisis, resultados, catalogo, parametros) -> np.ndarray:
    """Las SENALES de cada resultado, en su orden."""
    valores = valor_por_pasaje(analisis, resultados, catalogo, parametros)
    similitudes = [r.similitud for r in resultados]
    lexicos = [r.lexico for r in resultados]
    puesto_denso = {i: n for n, i in enumerate(sorted(range(len(resultados)), key=lambda i: -similitudes[i]))}
    puesto_lexico = {i: n for n, i in enumerate(sorted(range(len(resultados)), key=lambda i: -lexicos[i]))}
    tope_puntaje = max(r.puntaje for r in resultados) or 1.0
    tope_valor = max(valores) or 1.0
    tope_similitud = max(similitudes)
    filas = []
    for i, r in enumerate(resultados):
        f = r.fragmento
        filas.append([
            math.log1p(i), r.puntaje / tope_puntaje, r.similitud - tope_similitud, r.lexico,
            math.log1p(puesto_denso[i]), math.log1p(puesto_lexico[i]), valores[i] / tope_valor,
            afinidad(analisis, r, catalogo), float(f.tipo == TIPO_GUIA),
            float(f.tipo == TIPO_NORMA and not f.doc_id.startswith("LEY-")),
            math.log1p(len(f.texto)), math.log1p(len(r.partes)),
        ])
    return np.array(filas, dtype=float)


def recoger(asistente: Asistente, preguntas, candidatos: int) -> list[Pregunta]:
    """Las respondibles sin artículo nombrado, con las señales de sus `candidatos` primeros pasajes."""
    recuperador = Recuperador(asistente.indice(), asistente.modelo, asistente.parametros, asistente.catalogo)
    salida, historial = [], []
    for pregunta in preguntas:
        historial = historial if pregunta.previa else []
        if pregunta.responde:
            analisis = asistente.analizar(analizar(pregunta.pregunta), consultas_previas(historial))
            resultados = recuperador.buscar(analisis, k=candidatos).resultados
            if resultados and not any(r.directo for r in resultados):
                primera = elegir_principal(analisis, resultados, asistente.catalogo, asistente.parametros).resultados[0]
                salida.append(Pregunta(
                    pregunta.id, rasgos(analisis, resultados, asistente.catalogo, asistente.parametros),
                    np.array([rango_en([r], pregunta) == 1 for r in resultados]),
                    next(i for i, r in enumerate(resultados) if r is primera),
                    [clave(r.fragmento) for r in resultados],
                ))
        historial = historial + [pregunta.pregunta]
    return salida


def clave(fragmento) -> str:
    return f"{fragmento.doc_id}:{fragmento.articulo or fragmento.seccion}"


def aprender(preguntas: list[Pregunta], regularizacion: float = 1.0, pasos: int = 300) -> np.ndarray:
    """Pesos w tales que w·rasgos ordena la esperada antes que las demás (logística por pares)."""
    diferencias = [
        p.rasgos[i] - p.rasgos[j]
        for p in preguntas for i in np.flatnonzero(p.esperada) for j in np.flatnonzero(~p.esperada)
    ]
    if not diferencias:
        return np.zeros(preguntas[0].rasgos.shape[1] if preguntas else len(SENALES))
    d = np.array(diferencias)
    w = np.zeros(d.shape[1])
    for _ in range(pasos):  # descenso por gradiente; el problema es convexo
        gradiente = -(d * (1.0 / (1.0 + np.exp(d @ w)))[:, None]).mean(axis=0) + regularizacion * w / len(preguntas)
        w -= 0.5 * gradiente
    return w


def aciertos(preguntas: list[Pregunta], puntuar) -> tuple[int, int]:
    """(acierto@1, acierto@5) ordenando cada pregunta por `puntuar(p)` (mayor primero)."""
    uno = cinco = 0
    for p in preguntas:
        orden = np.argsort(-puntuar(p), kind="stable")
        uno += bool(p.esperada[orden[0]])
        cinco += bool(p.esperada[orden[:5]].any())
    return uno, cinco


def validacion_cruzada(preguntas: list[Pregunta], pliegues: int, semilla: int) -> tuple[int, int]:
    """Aciertos de un ordenador aprendido sin ver la pregunta que ordena."""
    indices = list(range(len(preguntas)))
    random.Random(semilla).shuffle(indices)
    uno = cinco = 0
    for k in range(pliegues):
        prueba = set(indices[k::pliegues])
        w = aprender([p for i, p in enumerate(preguntas) if i not in prueba])
        a, b = aciertos([preguntas[i] for i in sorted(prueba)], lambda p: p.rasgos @ w)
        uno, cinco = uno + a, cinco + b
    return uno, cinco


def informe(preguntas: list[Pregunta], pliegues: int = 10, repeticiones: int = 3) -> list[str]:
    n = len(preguntas)
    orden_busqueda = aciertos(preguntas, lambda p: -np.arange(len(p.esperada), dtype=float))
    eleccion = sum(bool(p.esperada[p.elegida]) for p in preguntas)
    w = aprender(preguntas)
    lineas = [
        f"{n} preguntas respondibles sin artículo nombrado",
        f"la esperada entre los {preguntas[0].rasgos.shape[0] if preguntas else 0} candidatos: {sum(bool(p.esperada.any()) for p in preguntas)}"
        f" · entre los 5 primeros: {orden_busqueda[1]} (techo de elegir entre 5)",
        f"orden de la búsqueda: acierto@1 {orden_busqueda[0]} · acierto@5 {orden_busqueda[1]}",
        f"elección actual (elegir_principal): acierto@1 {eleccion}",
    ]
    for semilla in range(repeticiones):
        uno, cinco = validacion_cruzada(preguntas, pliegues, semilla)
        lineas.append(f"ordenador lineal aprendido, validación cruzada en {pliegues} pliegues (semilla {semilla}): acierto@1 {uno} · acierto@5 {cinco}")
    uno, cinco = aciertos(preguntas, lambda p: p.rasgos @ w)
    lineas.append(f"ordenador lineal ajustado sobre todas (en la muestra): acierto@1 {uno} · acierto@5 {cinco}")
    lineas.append("pesos: " + ", ".join(f"{s} {v:+.2f}" for s, v in zip(SENALES, w)))
    return lineas


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluacion.techo", description=__doc__.split("\n\n")[0])
    parser.add_argument("--indice", help="carpeta del índice")
    parser.add_argument("--conjunto", action="append", help="conjunto de desarrollo (se puede repetir); por omisión, evaluacion/desarrollo.jsonl")
    parser.add_argument("--candidatos", type=int, default=20, help="pasajes de la búsqueda que se reordenan (20)")
    parser.add_argument("--pliegues", type=int, default=10, help="pliegues de la validación cruzada (10)")
    args = parser.parse_args(argv)
    rutas = [Path(r) for r in (args.conjunto or [conjunto.DESARROLLO])]
    evaluacion = [r for r in rutas if r.name == conjunto.EVALUACION.name]
    if evaluacion:  # evaluacion/conjunto.jsonl, evaluacion/ampliacion/conjunto.jsonl
        parser.error(f"{evaluacion[0]} es un conjunto de evaluación: el techo se mide solo con los de desarrollo.")
    asistente = Asistente(Configuracion.desde_entorno(indice=args.indice)).preparar()
    preguntas = conjunto.cargar(*rutas)
    for linea in informe(recoger(asistente, preguntas, args.candidatos), args.pliegues):
        print(linea)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
