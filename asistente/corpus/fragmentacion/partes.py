"""Reparte un texto largo en partes de tamaño acotado sin cortar párrafos si se puede."""
from __future__ import annotations

from functools import lru_cache

# ~700 caracteres ≈ 170 tokens de e5: un pasaje corto da un vector más concreto y una cita más
# precisa (lo medido: docs/decisiones.md, «Parámetros»).
LIMITE_CARACTERES = 700


@lru_cache(maxsize=1)
def _divisor():
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        chunk_size=LIMITE_CARACTERES,
        chunk_overlap=0,
        separators=["\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
    )


def agrupar(parrafos: list[tuple[str, int]], limite: int = LIMITE_CARACTERES) -> list[list[tuple[str, int]]]:
    """Agrupa (párrafo, página) en partes de hasta `limite` caracteres.

    Un párrafo más largo que el límite se corta por oraciones; cada trozo
    conserva la página de su párrafo.
    """
    piezas: list[tuple[str, int]] = []
    for texto, pagina in parrafos:
        if len(texto) <= limite:
            piezas.append((texto, pagina))
        else:
            piezas.extend((trozo.strip(), pagina) for trozo in _divisor().split_text(texto) if trozo.strip())
    grupos: list[list[tuple[str, int]]] = []
    tamano = 0
    for pieza in piezas:
        if grupos and tamano + len(pieza[0]) + 1 <= limite:
            grupos[-1].append(pieza)
            tamano += len(pieza[0]) + 1
        else:
            grupos.append([pieza])
            tamano = len(pieza[0])
    return grupos
