"""Los formatos de archivo que acepta el asistente: una sola lista para el indexador
(`cargadores`), las cargas del personal (`cargas`) y el selector de archivos de la página.

    LECTOR[".pdf"]       # «pdf»: qué cargador lo lee (markdown, texto, pdf, docx)
    CONTENIDO[".md"]     # «texto»: qué debe haber dentro (lo comprueban las cargas)
    EXTENSIONES          # (".pdf", ".docx", ".md", ".markdown", ".txt")
    FORMATOS_LEGIBLES    # «PDF, DOCX, Markdown (.md) o texto (.txt)», para los mensajes
"""
from __future__ import annotations

# extensión → (cargador que lo lee, contenido que debe tener)
_FORMATOS = {
    ".pdf": ("pdf", "pdf"),
    ".docx": ("docx", "docx"),
    ".md": ("markdown", "texto"),
    ".markdown": ("markdown", "texto"),
    ".txt": ("texto", "texto"),
}
EXTENSIONES = tuple(_FORMATOS)
LECTOR = {extension: lector for extension, (lector, _) in _FORMATOS.items()}
CONTENIDO = {extension: contenido for extension, (_, contenido) in _FORMATOS.items()}
FORMATOS_LEGIBLES = "PDF, DOCX, Markdown (.md) o texto (.txt)"
