"""PDF con pypdf: conserva el número de página y reconoce títulos por su tamaño de letra."""
from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass

from ...modelos import Bloque
from ...texto import limpiar_invisibles
from .base import ErrorDeCarga, Lectura

# Un título es una línea con letra al menos un 12 % mayor que la del cuerpo del texto.
_FACTOR_TITULO = 1.12
_MAX_NIVELES = 3


@dataclass
class _Linea:
    texto: str
    tamano: float
    y: float
    pagina: int


def cargar_pdf(datos: bytes) -> Lectura:
    import pypdf
    from pypdf.errors import DependencyError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # sus advertencias no ayudan al personal
    try:
        lector = pypdf.PdfReader(io.BytesIO(datos), strict=False)
        if lector.is_encrypted and not _descifrar(lector):
            raise ErrorDeCarga("el PDF está protegido con contraseña; entregue una copia sin protección")
        paginas = list(lector.pages)
    except ErrorDeCarga:
        raise
    except DependencyError as error:
        raise ErrorDeCarga("el PDF está cifrado y no se puede abrir sin su contraseña") from error
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as error:
        raise ErrorDeCarga(f"el PDF está dañado o incompleto ({_resumen(error)})") from error
    if not paginas:
        raise ErrorDeCarga("el PDF no tiene páginas")

    lineas: list[_Linea] = []
    avisos: list[str] = []
    for numero, pagina in enumerate(paginas, start=1):
        try:
            lineas.extend(_lineas_de_pagina(pagina, numero))
        except Exception as error:  # una página ilegible no debe tumbar el documento entero
            avisos.append(f"no se pudo leer la página {numero} ({_resumen(error)})")
    if not any(l.texto.strip() for l in lineas):
        raise ErrorDeCarga("el PDF no tiene texto extraíble (¿es un documento escaneado?)")
    metadatos = {}
    try:
        if lector.metadata and lector.metadata.title:
            metadatos["titulo"] = str(lector.metadata.title)
    except Exception:  # metadatos dañados: el título se deduce del nombre del archivo
        pass
    return Lectura(_bloques(lineas), metadatos, avisos)


def _descifrar(lector) -> bool:
    try:
        return bool(lector.decrypt(""))  # muchos PDF solo tienen contraseña de propietario
    except Exception:
        return False


def _resumen(error: Exception) -> str:
    texto = str(error).strip().split("\n")[0]
    return texto[:120] or type(error).__name__


def _lineas_de_pagina(pagina, numero: int) -> list[_Linea]:
    lineas: list[_Linea] = []
    actual: list[tuple[str, float]] = []
    y_actual: float | None = None

    def cerrar():
        nonlocal actual
        texto = limpiar_invisibles("".join(t for t, _ in actual)).strip()
        if texto:
            pesos = Counter()
            for t, tamano in actual:
                pesos[round(tamano, 1)] += len(t.strip())
            lineas.append(_Linea(texto, pesos.most_common(1)[0][0], y_actual or 0.0, numero))
        actual = []

    def visitante(texto, cm, tm, fuente, tamano):
        nonlocal y_actual
        escala = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0
        y = tm[5] * cm[3] + cm[5]
        partes = texto.split("\n")
        for i, parte in enumerate(partes):
            if i > 0:
                cerrar()
            if not parte:
                continue
            if actual and y_actual is not None and abs(y - y_actual) > 1.0:
                cerrar()
            if not actual:
                y_actual = y
            actual.append((parte, float(tamano or 0) * escala))

    pagina.extract_text(visitor_text=visitante)
    cerrar()
    return lineas


def _bloques(lineas: list[_Linea]) -> list[Bloque]:
    tamanos = Counter()
    for linea in lineas:
        tamanos[linea.tamano] += len(linea.texto)
    cuerpo = tamanos.most_common(1)[0][0] or 10.0
    mayores = sorted({t for t in tamanos if t >= cuerpo * _FACTOR_TITULO}, reverse=True)
    niveles = {t: min(i + 1, _MAX_NIVELES) for i, t in enumerate(mayores)}

    bloques: list[Bloque] = []
    anterior: _Linea | None = None
    for linea in lineas:
        nivel = niveles.get(linea.tamano, 0)
        ultimo = bloques[-1] if bloques else None
        mismo_parrafo = (
            ultimo is not None
            and anterior is not None
            and ultimo.nivel == nivel
            and anterior.pagina == linea.pagina
            and 0 < anterior.y - linea.y <= linea.tamano * (1.9 if nivel else 1.6)
        )
        if mismo_parrafo:
            ultimo.texto += "\n" + linea.texto
        else:
            bloques.append(Bloque(linea.texto, pagina=linea.pagina, nivel=nivel))
        anterior = linea
    for bloque in bloques:
        if bloque.nivel:
            bloque.texto = unir_lineas(bloque.texto)
    return bloques


def unir_lineas(texto: str) -> str:
    """Une las líneas cortadas por el ancho de la página, deshaciendo la división silábica."""
    texto = re.sub(r"(\w)-\n(\w)", r"\1\2", texto)
    return re.sub(r"\s*\n\s*", " ", texto).strip()


