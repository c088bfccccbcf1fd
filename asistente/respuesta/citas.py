"""Etiquetas legibles de las fuentes: «Ley 152 de 1994, art. 40 (Plan de Desarrollo Territorial)»."""
from __future__ import annotations

from ..corpus.catalogo import Catalogo
from ..modelos import (
    ESTADO_ANTERIOR,
    ESTADO_INEXEQUIBLE,
    TIPO_GUIA,
    TIPO_NORMA,
    Fragmento,
)


def etiqueta(fragmento: Fragmento, catalogo: Catalogo) -> str:
    if fragmento.tipo == TIPO_GUIA:
        modulo = catalogo.modulo_por_nombre(fragmento.modulo) if fragmento.modulo else None
        base = f"Guía · {modulo.etiqueta} › {fragmento.seccion}" if modulo else f"Guía › {fragmento.ruta or fragmento.seccion}"
        return base + (f", pág. {fragmento.pagina}" if fragmento.pagina else "")
    if fragmento.tipo == TIPO_NORMA:
        if fragmento.articulo:
            base = f"{fragmento.titulo}, art. {fragmento.articulo}"
            if fragmento.modifica:  # «art. 2, que modifica el art. 361 de la Constitución»
                base += f", que modifica {fragmento.modifica}"
        else:
            base = f"{fragmento.titulo}, {fragmento.seccion.lower() or 'texto'}"
        if fragmento.modulo:
            base += f" ({fragmento.modulo})"
    else:
        base = f"{fragmento.titulo} › {fragmento.ruta or fragmento.seccion}"
    if fragmento.pagina:
        base += f", pág. {fragmento.pagina}"
    return base + insignia(fragmento)


def insignia(fragmento: Fragmento) -> str:
    """Lo que la interfaz muestra como distintivo: derogado, inexequible, texto anterior."""
    if fragmento.estado == ESTADO_ANTERIOR:
        return " — texto anterior, no vigente"
    if fragmento.estado == ESTADO_INEXEQUIBLE:
        return " — declarado inexequible"
    if fragmento.derogado:
        return " — derogado"
    return ""
