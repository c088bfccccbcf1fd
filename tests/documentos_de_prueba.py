"""Generadores de documentos reales para las pruebas: PDF (fpdf2) y DOCX (python-docx)."""
from __future__ import annotations

import re
from pathlib import Path

from asistente.corpus.cargadores.markdown import cargar_markdown
from asistente.texto import quitar_marcado

# Tamaños de letra por nivel de título, como los de una guía maquetada.
_TAMANOS = {1: 20, 2: 15, 3: 12.5}
_CUERPO = 10.5


def _latin1(texto: str) -> str:
    # Las fuentes básicas de PDF solo cubren Latin-1; basta para el español.
    reemplazos = {"›": ">", "–": "-", "—": "-", "“": '"', "”": '"', "’": "'", "…": "..."}
    for origen, destino in reemplazos.items():
        texto = texto.replace(origen, destino)
    return texto.encode("latin-1", "replace").decode("latin-1")


def bloques_de_markdown(ruta: Path):
    return cargar_markdown(ruta.read_bytes()).bloques


def pdf_desde_markdown(origen: Path, destino: Path, lineas_por_pagina: int | None = None) -> Path:
    """Maqueta un Markdown como PDF: títulos más grandes y en negrita, varias páginas."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    for bloque in bloques_de_markdown(origen):
        texto = _latin1(quitar_marcado(bloque.texto.replace("\n", " ")) if bloque.nivel else "\n".join(quitar_marcado(l) for l in bloque.texto.split("\n")))
        if not texto:
            continue
        if bloque.nivel:
            pdf.set_font("helvetica", "B", _TAMANOS.get(bloque.nivel, 12))
            pdf.ln(3)
            pdf.multi_cell(0, _TAMANOS.get(bloque.nivel, 12) * 0.55, texto, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        else:
            pdf.set_font("helvetica", "", _CUERPO)
            pdf.multi_cell(0, 5.2, texto, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2.5)
    pdf.output(str(destino))
    return destino


def pdf_de_norma(destino: Path, titulo: str, articulos: list[tuple[str, str]]) -> Path:
    """Un PDF con forma de ley: título y artículos «ARTÍCULO n. …» en párrafos de varias líneas."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 14)
    pdf.multi_cell(0, 8, _latin1(titulo), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", "", 10.5)
    for numero, texto in articulos:
        pdf.ln(2)
        pdf.multi_cell(0, 5.2, _latin1(f"ARTÍCULO {numero}. {texto}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.output(str(destino))
    return destino


def docx_desde_markdown(origen: Path, destino: Path) -> Path:
    import docx

    documento = docx.Document()
    for bloque in bloques_de_markdown(origen):
        if bloque.nivel:
            documento.add_heading(quitar_marcado(bloque.texto), level=min(bloque.nivel, 3))
        else:
            for linea in bloque.texto.split("\n"):
                documento.add_paragraph(quitar_marcado(linea))
    documento.save(str(destino))
    return destino


def texto_plano(texto: str) -> str:
    return re.sub(r"\s+", " ", texto).strip()
