"""Elegir la fuente principal: la que encabeza la respuesta y de la que sale la respuesta directa.

La búsqueda ordena por parecido con la pregunta; la fuente principal debe además *responder*:
tener una oración con lo que se pide (el plazo de la acción preguntada, la cifra, la
definición) y tratar del concepto que la pregunta nombra, no de otro que comparte palabras
(el plan de desarrollo y el de ordenamiento territorial; el plan nacional y el territorial).
Qué norma o artículo trata de qué concepto lo dice el catálogo (`conceptos`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .analisis import Analisis, modulo_de_la_guia, seccion_de_la_guia
from ..corpus.catalogo import Catalogo, Concepto
from ..parametros import Parametros
from .recuperacion import Resultado
from .redaccion import valor_por_pasaje


@dataclass
class Eleccion:
    resultados: list[Resultado]  # la fuente principal primero; las demás en el orden de la búsqueda
    # Si la pregunta usa una palabra ambigua («el plan») y responden fuentes de los dos
    # conceptos: (concepto, posición en `resultados`) de cada uno, para decir «Depende del plan: …».
    alternativas: list[tuple[Concepto, int]] = field(default_factory=list)


def elegir_principal(analisis: Analisis, resultados: list[Resultado], catalogo: Catalogo, parametros: Parametros) -> Eleccion:
    if not resultados or any(r.directo for r in resultados):
        return Eleccion(list(resultados))  # el artículo nombrado en la pregunta encabeza
    n = min(parametros.candidatos_a_principal, len(resultados))
    primeros = resultados[:n]
    valores = valor_por_pasaje(analisis, primeros, catalogo, parametros)
    tope_valor = max(valores) or 1.0
    tope_puntaje = max(r.puntaje for r in primeros) or 1.0
    puntajes = []
    for resultado, valor in zip(primeros, valores):
        puntaje = resultado.puntaje / tope_puntaje + parametros.peso_oracion_principal * valor / tope_valor
        puntaje += parametros.peso_concepto * afinidad(analisis, resultado, catalogo)
        puntajes.append(puntaje)
    orden = sorted(range(n), key=lambda i: (-puntajes[i], i))
    elegidos = [primeros[i] for i in orden[:1]] + [r for i, r in enumerate(primeros) if i != orden[0]] + resultados[n:]
    return Eleccion(elegidos, _alternativas(analisis, elegidos[:n], valores_en_orden(valores, orden, n), catalogo, parametros))


def valores_en_orden(valores: list[float], orden: list[int], n: int) -> list[float]:
    """Los valores de los pasajes en el orden de `elegidos` (el principal primero, luego los demás)."""
    return [valores[orden[0]]] + [v for i, v in enumerate(valores[:n]) if i != orden[0]]


def afinidad(analisis: Analisis, resultado: Resultado, catalogo: Catalogo) -> float:
    return analisis.afinidad(resultado.fragmento, catalogo)


def _alternativas(analisis: Analisis, resultados: list[Resultado], valores: list[float], catalogo: Catalogo, parametros: Parametros) -> list[tuple[Concepto, int]]:
    """Con una palabra ambigua, la mejor fuente de cada concepto, si las dos responden de verdad."""
    if analisis.ambiguedad is None or not valores:
        return []
    tope = max(valores) or 1.0
    salida = []
    for id_ in analisis.ambiguedad.conceptos:
        concepto = catalogo.conceptos.get(id_)
        if concepto is None:
            return []
        posiciones = [
            i for i, r in enumerate(resultados)
            if concepto.abarca(r.fragmento.doc_id, r.fragmento.articulo, modulo_de_la_guia(r.fragmento, catalogo), seccion_de_la_guia(r.fragmento))
            and valores[i] >= parametros.umbral_alternativa * tope
        ]
        if not posiciones:
            return []
        salida.append((concepto, posiciones[0]))
    # Solo si la fuente principal es de uno de ellos (si no, la pregunta trata de otro plan).
    posiciones = {i for _, i in salida}
    return salida if len(posiciones) == len(salida) and 0 in posiciones else []
