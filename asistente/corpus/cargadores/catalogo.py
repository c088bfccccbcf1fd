"""El catálogo (corpus/catalogo.yaml) como documento de la guía: el «Marco normativo» de cada módulo."""
from __future__ import annotations

from pathlib import Path

from ..catalogo import Catalogo
from ...modelos import TIPO_GUIA, Bloque, Documento

ID_MARCO_NORMATIVO = "guia-marco-normativo"


def documento_del_catalogo(ruta: Path, catalogo_general: Catalogo) -> Documento:
    from ..catalogo import ErrorDeCatalogo
    from .base import ErrorDeCarga

    try:
        catalogo = Catalogo.cargar(ruta)
    except ErrorDeCatalogo as error:
        raise ErrorDeCarga(str(error)) from error
    bloques = [Bloque("Marco normativo de la guía", nivel=1), Bloque("Marco normativo", nivel=2)]
    for modulo in catalogo.modulos:
        normas = catalogo.normas_del_modulo(modulo.numero)
        if not normas:
            continue
        lista = "; ".join(f"{n.titulo} ({n.tema})" if n.tema else n.titulo for n in normas)
        bloques.append(Bloque(modulo.etiqueta, nivel=3))
        bloques.append(
            Bloque(f"Normas que sustentan el módulo {modulo.nombre_largo} según el catálogo de la guía: {lista}.")
        )
    return Documento(
        doc_id=ID_MARCO_NORMATIVO,
        titulo="Guía de Asesoría y Asistencia Técnica",
        tipo=TIPO_GUIA,
        bloques=bloques,
        archivo=str(ruta),
        fuente=str(ruta),
        metadatos={"tipo": TIPO_GUIA},
    )
