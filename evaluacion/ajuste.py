"""Ajuste de la fusión y del umbral de abstención con el conjunto de DESARROLLO.

    python -m evaluacion.ajuste --indice indice/ [--rejilla]

Imprime acierto@1, acierto@5 y MRR de la búsqueda densa sola, la léxica sola y la
fusión; con --rejilla recorre pesos y k de la fusión; al final, la distribución de
similitudes de preguntas respondibles y no respondibles para fijar el umbral.
Nunca usa el conjunto de evaluación.
"""
from __future__ import annotations

import argparse
import dataclasses
import statistics
from functools import lru_cache

from asistente.respuesta.asistente import Asistente, consultas_previas
from asistente.calidad import conjunto
from asistente.calidad.cotejo import coincide
from asistente.configuracion import Configuracion
from asistente.respuesta.consulta import analizar
from asistente.parametros import PREDETERMINADOS
from asistente.respuesta.analisis import analizar_pregunta
from asistente.respuesta.recuperacion import Recuperador
from asistente.cli import ayuda  # noqa: F401  (la ayuda de argparse en español)


class _ModeloConMemoria:
    """Evita volver a embeber la misma pregunta en cada punto de la rejilla."""

    def __init__(self, modelo) -> None:
        self._modelo = modelo
        self.consulta = lru_cache(maxsize=None)(modelo.consulta)


def rango_en(resultados, pregunta) -> int | None:
    for posicion, r in enumerate(resultados, start=1):
        cita = {"doc_id": r.fragmento.doc_id, "articulo": r.fragmento.articulo, "seccion": r.fragmento.seccion}
        if any(coincide(cita, e) for e in pregunta.esperadas):
            return posicion
    return None


def evaluar_busqueda(asistente: Asistente, preguntas, parametros, modo: str = "hibrida") -> dict:
    """Acierto de la búsqueda (sin redacción ni abstención) para unos parámetros."""
    if modo == "densa":
        parametros = dataclasses.replace(parametros, peso_lexico=0.0)
    elif modo == "lexica":
        parametros = dataclasses.replace(parametros, peso_denso=0.0)
    recuperador = Recuperador(asistente.indice(), _MODELO, parametros, asistente.catalogo)
    rangos, historial = {}, []
    for pregunta in preguntas:
        historial = historial if pregunta.previa else []
        if pregunta.responde:
            busqueda = recuperador.buscar(analisis_para(asistente, pregunta.pregunta, historial, parametros), k=10)
            rangos[pregunta.id] = rango_en(busqueda.resultados, pregunta)
        historial = historial + [pregunta.pregunta]
    n = len(rangos)
    return {
        "acierto@1": sum(r == 1 for r in rangos.values()) / n,
        "acierto@5": sum(bool(r and r <= 5) for r in rangos.values()) / n,
        "mrr": sum(1 / r for r in rangos.values() if r) / n,
        "fallos": sorted(i for i, r in rangos.items() if not r or r > 5),
    }


def similitudes(asistente: Asistente, preguntas) -> tuple[list, list]:
    recuperador = Recuperador(asistente.indice(), _MODELO, asistente.parametros, asistente.catalogo)
    si, no, historial = [], [], []
    for pregunta in preguntas:
        historial = historial if pregunta.previa else []
        busqueda = recuperador.buscar(analisis_para(asistente, pregunta.pregunta, historial, asistente.parametros), k=5)
        (si if pregunta.responde else no).append((round(busqueda.similitud_maxima, 4), pregunta.id, pregunta.pregunta))
        historial = historial + [pregunta.pregunta]
    return sorted(si), sorted(no, reverse=True)


_MODELO = None


def analisis_para(asistente: Asistente, pregunta: str, historial: list[str], parametros):
    """La pregunta analizada como la analiza el `Asistente`, con los parámetros que se prueban."""
    indice = asistente.indice()
    return analizar_pregunta(
        analizar(pregunta), consultas_previas(historial), asistente.catalogo, documentos=indice.documentos(), conoce=indice.conoce,
        peso_contexto=parametros.peso_contexto, peso_sola_en_seguimiento=parametros.peso_sola_en_seguimiento, sinonimos_en=parametros.sinonimos_en,
    )


def main(argv=None) -> int:
    global _MODELO
    parser = argparse.ArgumentParser(prog="python -m evaluacion.ajuste", description=__doc__.split("\n\n")[0])
    parser.add_argument("--indice", help="carpeta del índice")
    parser.add_argument("--conjunto", default=str(conjunto.DESARROLLO), help="conjunto de desarrollo")
    parser.add_argument("--rejilla", action="store_true", help="recorre pesos y k de la fusión")
    args = parser.parse_args(argv)
    asistente = Asistente(Configuracion.desde_entorno(indice=args.indice))
    _MODELO = _ModeloConMemoria(asistente.modelo)
    preguntas = conjunto.cargar(args.conjunto)
    for modo in ("densa", "lexica", "hibrida"):
        r = evaluar_busqueda(asistente, preguntas, PREDETERMINADOS, modo)
        print(f"{modo:8} acierto@1={r['acierto@1']:.3f} acierto@5={r['acierto@5']:.3f} mrr={r['mrr']:.3f} fallos={r['fallos']}")
    if args.rejilla:
        filas = []
        puntos = [("rrf", peso, k) for peso in (0.1, 0.2, 0.3, 0.5, 0.7, 1.0) for k in (10, 30, 60)]
        puntos += [("lineal", peso, 0) for peso in (0.1, 0.2, 0.3, 0.4, 0.5, 0.7)]
        for sinonimos in ("ninguna", "lexica", "ambas"):
            r = evaluar_busqueda(asistente, preguntas, dataclasses.replace(PREDETERMINADOS, sinonimos_en=sinonimos))
            print(f"sinónimos en {sinonimos:8} acierto@1={r['acierto@1']:.3f} acierto@5={r['acierto@5']:.3f} mrr={r['mrr']:.3f}")
        for fusion, peso, k in puntos:
            p = dataclasses.replace(PREDETERMINADOS, fusion=fusion, peso_lexico=peso, k_rrf=k or PREDETERMINADOS.k_rrf)
            r = evaluar_busqueda(asistente, preguntas, p)
            filas.append((r["mrr"], r["acierto@5"], r["acierto@1"], fusion, peso, k))
            print(f"{fusion:6} peso_lexico={peso:.1f} k={k:3d} acierto@1={r['acierto@1']:.3f} acierto@5={r['acierto@5']:.3f} mrr={r['mrr']:.3f}")
        mejor = max(filas)
        print(f"mejor (MRR): {mejor[3]} peso_lexico={mejor[4]} k={mejor[5]} acierto@5={mejor[1]:.3f} acierto@1={mejor[2]:.3f} mrr={mejor[0]:.3f}")
    si, no = similitudes(asistente, preguntas)
    print("\nSimilitud máxima, respondibles (las 8 más bajas):")
    for s, i, q in si[:8]:
        print(f"  {s:.4f} {i} {q[:80]}")
    print("No respondibles (las 8 más altas):")
    for s, i, q in no[:8]:
        print(f"  {s:.4f} {i} {q[:80]}")
    if si and no:
        print(f"mediana respondibles={statistics.median(x[0] for x in si):.4f} · mediana no respondibles={statistics.median(x[0] for x in no):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
