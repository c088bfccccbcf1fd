"""Identidad de las normas: identificadores de SUIN de toda clase, títulos legibles y artículo gramatical."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import COMPARTIDO, sin_compartido

from asistente.corpus.cargadores import cargar
from asistente.corpus.identidad import con_articulo, identificar, titulo_de_norma


@pytest.mark.parametrize("identificador, titulo, articulo", [
    ("LEY-152-1994", "Ley 152 de 1994", "la"),
    ("DECRETO-111-1996", "Decreto 111 de 1996", "el"),
    ("DECRETO-LEY-19-2012", "Decreto Ley 19 de 2012", "el"),
    ("ACTO LEGISLATIVO-5-2011", "Acto Legislativo 5 de 2011", "el"),
    ("ACTO-LEGISLATIVO-5-2011", "Acto Legislativo 5 de 2011", "el"),
    ("RESOLUCION-1519-2020", "Resolución 1519 de 2020", "la"),
    ("ordenanza-32-2019", "Ordenanza 32 de 2019", "la"),
    ("CONPES-3918", "Documento CONPES 3918", "el"),
    ("CONSTITUCION-1991", "Constitución Política de 1991", "la"),
])
def test_toda_clase_de_norma_tiene_titulo_y_articulo(identificador, titulo, articulo):
    assert titulo_de_norma(identificador) == titulo
    assert con_articulo(titulo) == f"{articulo} {titulo}"
    assert identificar(identificador).articulo == articulo


@pytest.mark.parametrize("texto", ["LEY-152", "DECRETO", "informe-2020", "LEY-152-94", "plan-de-desarrollo-2024"])
def test_lo_que_no_es_un_identificador_completo_no_se_toma_por_norma(texto):
    assert identificar(texto) is None and titulo_de_norma(texto) is None


def test_otros_documentos_llevan_su_articulo():
    assert con_articulo("Guía de Asesoría y Asistencia Técnica") == "la Guía de Asesoría y Asistencia Técnica"
    assert con_articulo("Informe de gestión 2025") == "el documento Informe de gestión 2025"


def test_las_siete_normas_de_la_ampliacion_se_titulan_bien(catalogo):
    carpeta = COMPARTIDO / "ampliacion"
    if not carpeta.is_dir():
        sin_compartido(f"no está {carpeta}")
    titulos = {cargar(Path(r), catalogo).titulo for r in sorted(carpeta.glob("*.md"))}
    assert titulos == {
        "Acto Legislativo 5 de 2011", "Decreto 111 de 1996", "Decreto 19 de 2012", "Decreto 2482 de 2012",
        "Decreto 2641 de 2012", "Decreto 28 de 2008", "Decreto 943 de 2014",
    }


def test_la_contraccion_del_articulo_para_textos_anteriores():
    from asistente.corpus.identidad import de_con_articulo

    assert de_con_articulo("Decreto 19 de 2012, art. 40") == "del Decreto 19 de 2012, art. 40"
    assert de_con_articulo("Ley 136 de 1994, art. 6") == "de la Ley 136 de 1994, art. 6"


@pytest.mark.lento
def test_la_respuesta_cita_un_decreto_con_su_articulo(tmp_path):
    """«Según el Decreto 111 de 1996, art. 8», no «Según la Decreto…» (índice real pequeño)."""
    from asistente import Asistente
    from asistente.configuracion import Configuracion
    from asistente.indexado.indexador import actualizar

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "DECRETO-7111-1996.md").write_text(
        "---\nidentificador: DECRETO-7111-1996\n---\n\n"
        "**Artículo 8°.** *Plan operativo*. El Plan Operativo Anual de Inversiones señalará los proyectos de inversión "
        "clasificados por sectores, órganos y programas.\n\n"
        "**Artículo 9°.** *Banco de proyectos*. El banco de programas y proyectos de inversión nacional es un "
        "instrumento para la planeación.\n", encoding="utf-8")
    configuracion = Configuracion(corpus=(corpus,), indice=tmp_path / "indice", datos=tmp_path / "datos")
    actualizar(configuracion)
    respuesta = Asistente(configuracion).responder("¿Qué señala el plan operativo anual de inversiones según el decreto 7111 de 1996?")
    assert not respuesta.abstencion, respuesta.respuesta
    assert "Según el Decreto 7111 de 1996, art. 8" in respuesta.respuesta and "Según la Decreto" not in respuesta.respuesta
