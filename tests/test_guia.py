"""La guía: migas de pan (módulo › sección) desde Markdown, PDF y DOCX, y el marco normativo."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, GUIA
from documentos_de_prueba import docx_desde_markdown, pdf_desde_markdown

from asistente.corpus.cargadores import cargar
from asistente.respuesta.citas import etiqueta
from asistente.corpus.fragmentacion import fragmentar

ESPERADAS = {
    ("", "Introducción"),
    ("", "Marco conceptual"),
    ("Política pública", "Marco conceptual"),
    ("Plan de Desarrollo Territorial", "Marco conceptual"),
    ("MIPG", "Marco conceptual"),
    ("", "Objetivos"),
    ("", "¿Por qué la asesoría y asistencia técnica en DSEGPP?"),
    ("", "Ejes de la asesoría y asistencia técnica en DSEGPP"),
    ("Política pública", "Ejes de la asesoría y asistencia técnica en DSEGPP"),
    ("Plan de Desarrollo Territorial", "Ejes de la asesoría y asistencia técnica en DSEGPP"),
    ("MIPG", "Ejes de la asesoría y asistencia técnica en DSEGPP"),
    ("", "ABC de la guía"),
}


def _migas(fragmentos):
    return {(f.modulo, f.seccion) for f in fragmentos}


def test_guia_markdown_con_migas_de_pan(catalogo):
    documento = cargar(GUIA, catalogo)
    assert documento.doc_id.startswith("guia") and documento.tipo == "guia"
    fragmentos = fragmentar(documento, catalogo)
    assert ESPERADAS <= _migas(fragmentos)
    mipg = next(f for f in fragmentos if f.modulo == "MIPG" and f.seccion == "Marco conceptual")
    assert mipg.ruta == "Marco conceptual › Modelo Integrado de Planeación y Gestión (MIPG)"
    assert "mejora continua" in mipg.texto
    assert etiqueta(mipg, catalogo) == "Guía · Módulo 3 · MIPG › Marco conceptual"
    introduccion = next(f for f in fragmentos if f.seccion == "Introducción")
    assert etiqueta(introduccion, catalogo) == "Guía › Introducción"


def test_catalogo_como_marco_normativo_de_cada_modulo(catalogo):
    fragmentos = fragmentar(cargar(CORPUS / "catalogo.yaml", catalogo), catalogo)
    por_modulo = {f.modulo: f for f in fragmentos if f.parte == 1}
    texto = {m: " ".join(f.texto for f in fragmentos if f.modulo == m) for m in por_modulo}  # un módulo largo va en partes
    assert set(por_modulo) == {"Política pública", "Plan de Desarrollo Territorial", "MIPG"}
    assert all(f.seccion == "Marco normativo" for f in fragmentos)
    assert "Ley 152 de 1994" in texto["Plan de Desarrollo Territorial"] and "Decreto 111 de 1996" in texto["Plan de Desarrollo Territorial"]
    assert "Ley 87 de 1993" in texto["MIPG"] and "Decreto 943 de 2014" in texto["MIPG"]
    assert etiqueta(por_modulo["Plan de Desarrollo Territorial"], catalogo) == "Guía · Módulo 2 · Plan de Desarrollo Territorial › Marco normativo"


def test_guia_en_pdf_toma_las_migas_de_sus_titulos(tmp_path, catalogo):
    pdf = pdf_desde_markdown(GUIA, tmp_path / "guia-completa.pdf")
    documento = cargar(pdf, catalogo)
    assert documento.tipo == "guia"
    fragmentos = fragmentar(documento, catalogo)
    assert ESPERADAS <= _migas(fragmentos)
    assert {f.pagina for f in fragmentos} >= {1, 2}  # páginas conservadas
    pdt = next(f for f in fragmentos if f.modulo == "Plan de Desarrollo Territorial" and f.seccion == "Marco conceptual")
    assert "concreción del programa de gobierno" in pdt.texto
    assert etiqueta(pdt, catalogo).startswith("Guía · Módulo 2 · Plan de Desarrollo Territorial › Marco conceptual, pág. ")


def test_guia_en_docx_toma_las_migas_de_sus_estilos(tmp_path, catalogo):
    documento = cargar(docx_desde_markdown(GUIA, tmp_path / "guia.docx"), catalogo)
    assert ESPERADAS <= _migas(fragmentar(documento, catalogo))


@pytest.mark.parametrize("nombre", ["manual-calidad.md", "circular.txt"])
def test_otros_documentos_se_fragmentan_por_titulos_sin_modulo(tmp_path, catalogo, nombre):
    ruta = tmp_path / nombre
    ruta.write_text("# MANUAL\n\n## ALCANCE\n\nAplica a todas las dependencias.\n\n## RESPONSABLES\n\nLa oficina de planeación.\n", encoding="utf-8")
    fragmentos = fragmentar(cargar(ruta, catalogo), catalogo)
    assert fragmentos and all(f.tipo == "documento" and f.modulo == "" for f in fragmentos)
    assert any(f.seccion == "Responsables" for f in fragmentos)


def test_guia_como_texto_plano_recibido(tmp_path, catalogo):
    # El texto tal como lo entregó la DSEGPP: títulos en mayúsculas.
    from conftest import COMPARTIDO, sin_compartido

    original = next((COMPARTIDO / "guia").glob("*.txt"), None)
    if original is None:
        sin_compartido("no está ../shared/guia")
    copia = tmp_path / "guia-recibida.txt"
    copia.write_bytes(Path(original).read_bytes())
    fragmentos = fragmentar(cargar(copia, catalogo), catalogo)
    secciones = {f.seccion for f in fragmentos}
    assert {"Introducción", "Marco conceptual", "Objetivo general", "ABC de la guía"} <= secciones
