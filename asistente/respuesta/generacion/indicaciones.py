"""Los mensajes que recibe el modelo, armados desde la plantilla `instrucciones.txt` (datos, no código).

Los pasajes van numerados como las citas de la respuesta y delimitados con
<pasaje numero="n">…</pasaje>; si un documento trae esas marcas, se neutralizan para
que un texto no pueda cerrar su pasaje y hacerse pasar por instrucciones.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from string import Template

PLANTILLA = Path(__file__).with_name("instrucciones.txt")
# Un pasaje muy largo (un artículo con tablas) no necesita ir entero: la verificación solo
# acepta lo que está en el texto enviado.
LARGO_MAXIMO_PASAJE = 3000
_MARCA_DE_PASAJE = re.compile(r"</?\s*pasaje", re.IGNORECASE)


@lru_cache(maxsize=4)
def _secciones(ruta: Path = PLANTILLA) -> dict[str, Template]:
    secciones: dict[str, list[str]] = {}
    actual = None
    for linea in ruta.read_text(encoding="utf-8").splitlines():
        encabezado = re.fullmatch(r"===\s*(\w+)\s*===", linea.strip())
        if encabezado:
            actual = encabezado[1]
            secciones[actual] = []
        elif actual is not None and not linea.startswith("#"):
            secciones[actual].append(linea)
        elif actual is None and linea.strip() and not linea.startswith("#"):
            raise ValueError(f"{ruta}: texto antes de «=== sistema ===»: {linea[:60]!r}")
    faltan = {"sistema", "usuario"} - set(secciones)
    if faltan:
        raise ValueError(f"{ruta}: faltan las secciones {', '.join(sorted(faltan))}")
    return {nombre: Template("\n".join(lineas).strip()) for nombre, lineas in secciones.items()}


def texto_de_pasaje(texto: str) -> str:
    """El texto de un documento tal como se envía: recortado y sin marcas de pasaje propias."""
    texto = _MARCA_DE_PASAJE.sub(lambda m: m[0].replace("<", "‹"), texto.strip())
    if len(texto) > LARGO_MAXIMO_PASAJE:
        texto = texto[:LARGO_MAXIMO_PASAJE].rsplit(" ", 1)[0] + " […]"
    return texto


def _atributo(valor: str) -> str:
    return valor.replace('"', "'").replace("<", "‹").replace(">", "›")


def mensajes(pregunta: str, pasajes: list[tuple[int, str, str]], previas: list[str] | None = None, plantilla: Path = PLANTILLA) -> list[tuple[str, str]]:
    """[(«system», texto), («user», texto)]: `pasajes` son (número, etiqueta de la fuente, texto)."""
    secciones = _secciones(plantilla)
    bloques = "\n\n".join(
        f'<pasaje numero="{numero}" fuente="{_atributo(etiqueta)}">\n{texto_de_pasaje(texto)}\n</pasaje>'
        for numero, etiqueta, texto in pasajes
    )
    conversacion = "\n".join(f"- {p}" for p in previas or []) or "(ninguna: es la primera pregunta)"
    valores = {"pregunta": pregunta.strip(), "conversacion": conversacion, "pasajes": bloques}
    return [("system", secciones["sistema"].safe_substitute(valores)), ("user", secciones["usuario"].safe_substitute(valores))]
