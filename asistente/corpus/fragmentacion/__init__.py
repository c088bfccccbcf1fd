"""Un fragmentador por clase de documento: normas por artículo, guía y demás por títulos."""
from __future__ import annotations

from ..catalogo import Catalogo
from ...modelos import TIPO_NORMA, Documento, Fragmento
from .guia import fragmentar_por_titulos
from .normas import fragmentar_norma, parece_norma

__all__ = ["fragmentar", "parece_norma"]


def fragmentar(documento: Documento, catalogo: Catalogo) -> list[Fragmento]:
    if documento.tipo == TIPO_NORMA:
        fragmentos = fragmentar_norma(documento, catalogo)
        if any(f.articulo for f in fragmentos):
            return fragmentos
        # Declarada norma pero sin artículos reconocibles: mejor por títulos que perderla.
    return fragmentar_por_titulos(documento, catalogo)
