"""Fragmentación por títulos: cada sección lleva sus migas de pan (módulo › sección).

Sirve para la guía (Markdown, PDF o DOCX) y, sin módulos, para cualquier
documento que no sea una norma.
"""
from __future__ import annotations

from ..catalogo import Catalogo
from ...modelos import TIPO_GUIA, Documento, Fragmento
from ...texto import limpiar_invisibles, quitar_marcado, tipo_oracion
from .partes import agrupar

SECCION_SIN_TITULO = "Presentación"


def fragmentar_por_titulos(documento: Documento, catalogo: Catalogo) -> list[Fragmento]:
    es_guia = documento.tipo == TIPO_GUIA
    bloques = documento.bloques
    niveles = sorted({b.nivel for b in bloques if b.nivel})
    nivel_base = niveles[0] if niveles else 1
    # Un único título del nivel más alto al comienzo es el nombre del documento, no una sección.
    if len(niveles) > 1 and bloques and bloques[0].nivel == nivel_base and sum(b.nivel == nivel_base for b in bloques) == 1:
        nivel_base = niveles[1]

    fragmentos: list[Fragmento] = []
    ruta: list[str] = []
    parrafos: list[tuple[str, int]] = []

    def cerrar():
        if parrafos:
            fragmentos.extend(_fragmentos_de_seccion(documento, catalogo, list(ruta), list(parrafos), es_guia, len(fragmentos)))
            parrafos.clear()

    for bloque in bloques:
        texto = quitar_marcado(limpiar_invisibles(bloque.texto.replace("\n", " "))) if bloque.nivel else _limpiar_parrafo(bloque.texto)
        if not texto:
            continue
        if bloque.nivel:
            cerrar()
            if bloque.nivel < nivel_base:
                continue
            profundidad = bloque.nivel - nivel_base
            ruta[:] = ruta[:profundidad] + [tipo_oracion(texto.rstrip(":"))]
        else:
            parrafos.append((texto, bloque.pagina or 0))
    cerrar()
    return fragmentos


def _limpiar_parrafo(texto: str) -> str:
    lineas = [quitar_marcado(limpiar_invisibles(l)) for l in texto.split("\n")]
    return "\n".join(l for l in lineas if l)


def _fragmentos_de_seccion(documento, catalogo, ruta, parrafos, es_guia, orden_inicial) -> list[Fragmento]:
    modulo = ""
    if es_guia:
        for titulo in reversed(ruta):
            encontrado = catalogo.modulo_de_titulo(titulo)
            if encontrado:
                modulo = encontrado.nombre
                break
    seccion = ruta[0] if ruta else SECCION_SIN_TITULO
    migas = " › ".join(ruta) if ruta else SECCION_SIN_TITULO
    grupos = agrupar(parrafos)
    fragmentos = []
    for i, grupo in enumerate(grupos, start=1):
        fragmentos.append(
            Fragmento(
                id=f"{documento.doc_id}:{orden_inicial + i:05d}",
                texto=migas + "\n" + "\n".join(t for t, _ in grupo),
                doc_id=documento.doc_id,
                titulo=documento.titulo,
                tipo=documento.tipo,
                fuente=documento.fuente,
                archivo=documento.archivo,
                modulo=modulo,
                seccion=seccion,
                ruta=migas,
                encabezado=migas,
                pagina=grupo[0][1],
                parte=i,
                partes=len(grupos),
                orden=orden_inicial + i,
                contexto=documento.titulo,
            )
        )
    return fragmentos
