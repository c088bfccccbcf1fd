"""Cargadores: cada formato y cada entrada defectuosa con su mensaje en español."""
from __future__ import annotations

import pytest
from conftest import GUIA
from documentos_de_prueba import pdf_de_norma, pdf_desde_markdown

from asistente.corpus.cargadores import ErrorDeCarga, cargar
from asistente.corpus.fragmentacion import fragmentar


def test_markdown_con_encabezado_yaml_de_suin(tmp_path, catalogo):
    ruta = tmp_path / "LEY-152-1994.md"
    ruta.write_text('---\ntitulo: "LEY 152 DE 1994 - Orgánica"\nidentificador: "LEY-152-1994"\nfuente: "https://www.suin-juriscol.gov.co/x"\n---\n\n**Artículo 40.** Aprobación. Texto.\n', encoding="utf-8")
    documento = cargar(ruta, catalogo)
    assert (documento.doc_id, documento.titulo, documento.tipo) == ("LEY-152-1994", "Ley 152 de 1994", "norma")
    assert documento.fuente == "https://www.suin-juriscol.gov.co/x"


def test_el_identificador_sale_del_nombre_si_no_hay_yaml(tmp_path, catalogo):
    ruta = tmp_path / "DECRETO-1083-2015.md"
    ruta.write_text("**Artículo 1.** Objeto. Texto.\n\n**Artículo 2.** Otro.\n", encoding="utf-8")
    documento = cargar(ruta, catalogo)
    assert documento.doc_id == "DECRETO-1083-2015" and documento.titulo == "Decreto 1083 de 2015"


def test_pdf_de_norma_conserva_paginas_y_articulos(tmp_path, catalogo):
    largo = "Texto de relleno del artículo para ocupar varias líneas en la página. " * 12
    articulos = [(str(n), f"Título {n}. {largo}") for n in range(1, 16)]
    ruta = pdf_de_norma(tmp_path / "LEY-9999-2024.pdf", "LEY 9999 DE 2024", articulos)
    fragmentos = fragmentar(cargar(ruta, catalogo), catalogo)
    vigentes = {f.articulo: f for f in fragmentos if f.articulo and f.parte == 1}
    assert set(vigentes) == {str(n) for n in range(1, 16)}
    assert vigentes["1"].pagina == 1 and vigentes["15"].pagina > 1
    assert vigentes["7"].titulo_articulo == "Título 7"


def test_pdf_con_contrasena_de_propietario_se_abre(tmp_path, catalogo):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Circular abierta para lectura")
    pdf.set_encryption(owner_password="propietario")
    pdf.output(str(tmp_path / "circular.pdf"))
    assert "Circular abierta" in cargar(tmp_path / "circular.pdf", catalogo).bloques[0].texto


def _pdf_valido(tmp_path):
    return pdf_desde_markdown(GUIA, tmp_path / "valido.pdf").read_bytes()


@pytest.mark.parametrize(
    "nombre, contenido, motivo",
    [
        ("vacio.md", b"", "vacío"),
        ("espacios.txt", b"  \n\n  ", "vacío"),
        ("basura.md", bytes(range(256)) * 40, "no es un archivo de texto"),
        ("tabla.xlsx", b"PK\x03\x04 datos", "formato no admitido (.xlsx)"),
        ("danado.pdf", b"%PDF-1.7\n esto no es un pdf \x00\x01", "PDF está dañado"),
        ("danado.docx", b"no es un zip", "DOCX está dañado"),
        ("yaml-roto.md", "---\ntitulo: [sin cerrar\n---\nTexto\n".encode(), "encabezado YAML"),
    ],
)
def test_entradas_defectuosas_dan_un_motivo_claro(tmp_path, catalogo, nombre, contenido, motivo):
    ruta = tmp_path / nombre
    ruta.write_bytes(contenido)
    with pytest.raises(ErrorDeCarga) as error:
        cargar(ruta, catalogo)
    assert motivo in str(error.value)


def test_pdf_truncado(tmp_path, catalogo):
    datos = _pdf_valido(tmp_path)
    ruta = tmp_path / "truncado.pdf"
    ruta.write_bytes(datos[: len(datos) // 2])
    with pytest.raises(ErrorDeCarga, match="PDF está dañado o incompleto"):
        cargar(ruta, catalogo)


def test_pdf_cifrado_con_contrasena_de_usuario(tmp_path, catalogo):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Documento reservado")
    pdf.set_encryption(owner_password="propietario", user_password="secreta")
    pdf.output(str(tmp_path / "reservado.pdf"))
    with pytest.raises(ErrorDeCarga, match="protegido con contraseña"):
        cargar(tmp_path / "reservado.pdf", catalogo)


def test_pdf_escaneado_sin_texto(tmp_path, catalogo):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # solo una imagen/dibujo, sin capa de texto
    pdf.output(str(tmp_path / "escaneo.pdf"))
    with pytest.raises(ErrorDeCarga, match="no tiene texto extraíble"):
        cargar(tmp_path / "escaneo.pdf", catalogo)


def test_texto_en_windows_1252_se_lee_con_aviso(tmp_path, catalogo):
    ruta = tmp_path / "acuerdo.txt"
    ruta.write_bytes("ACUERDO MUNICIPAL\n\nEl Concejo aprobó la política de participación en el año 2024.\n".encode("cp1252"))
    documento = cargar(ruta, catalogo)
    assert "aprobó la política" in documento.bloques[-1].texto
    assert any("Windows-1252" in a for a in documento.avisos)


def test_archivo_que_desaparece(tmp_path, catalogo):
    ruta = tmp_path / "se-fue.md"
    with pytest.raises(ErrorDeCarga, match="desapareció"):
        cargar(ruta, catalogo)
