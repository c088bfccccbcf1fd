"""Lo que se dibuja: mensajes del chat, panel de fuentes y la conversación en Markdown.

Todo texto que viene de fuera (preguntas, normas, la guía) se escapa aquí antes de
llegar al navegador: una pregunta puede traer HTML o <script>, y un artículo puede
traer asteriscos o corchetes que el Markdown del chat interpretaría.
"""
from __future__ import annotations

import html
import re
from datetime import datetime

from ..modelos import ESTADO_ANTERIOR, ESTADO_INEXEQUIBLE, Fragmento
from ..respuesta.redaccion import Cita
from .conversacion import Turno

# Puntuación ASCII que el Markdown del chat podría interpretar; «&», «<» y «>» van como entidades HTML.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$])")
_MARCA_DE_CITA = re.compile(r"\\\[(\d{1,2})\\\]")
ESPERANDO = "Buscando en la guía y en las normas…"
# Redacción con IA (#12): la marca de una respuesta redactada y lo que se ve mientras llega.
REDACTADA = "Redactada con IA y verificada contra las fuentes"
REDACTANDO = "Redactando la respuesta con IA y verificándola contra las fuentes…"
CITADA = "Respuesta citada textualmente (la que reemplazó la redactada con IA)"


# --- texto seguro --------------------------------------------------------------------------
def escapar_markdown(texto: str) -> str:
    """Texto literal para el chat (Markdown): ni HTML ni marcas de formato surten efecto."""
    return _MARKDOWN.sub(r"\\\1", html.escape(str(texto), quote=False))


def escapar_html(texto) -> str:
    return html.escape(str(texto), quote=True)


_h = escapar_html


def etiqueta_sin_insignia(cita: Cita) -> str:
    """La etiqueta sin « — derogado»: el estado se muestra aparte, como insignia."""
    return cita.etiqueta.split(" — ")[0]


def insignia(fragmento: Fragmento) -> tuple[str, str] | None:
    """(clase, texto) del distintivo de estado, o None si el texto está vigente."""
    if fragmento.estado == ESTADO_ANTERIOR:
        return "anterior", "Texto anterior, no vigente"
    if fragmento.estado == ESTADO_INEXEQUIBLE:
        return "inexequible", "Inexequible"
    if fragmento.derogado:
        return "derogado", "Derogado"
    return None


# --- mensajes del chat ---------------------------------------------------------------------
def mensaje_usuario(pregunta: str) -> dict:
    return {"role": "user", "content": escapar_markdown(pregunta)}


def mensaje_asistente(turno: Turno, parcial: str | None = None, redactando: bool = False) -> dict:
    """El mensaje de respuesta; con `parcial`, solo ese comienzo del cuerpo (mientras se escribe).

    `redactando`: `parcial` es lo ya verificado de la respuesta que redacta el modelo.
    """
    if redactando:
        texto = _con_marcas(escapar_markdown(parcial)) if parcial else f"_{escapar_markdown(REDACTANDO)}_"
        return {"role": "assistant", "content": f"_{escapar_markdown(REDACTADA)}_\n\n{texto}"}
    return {"role": "assistant", "content": _contenido(turno, parcial)}


def mensaje_esperando() -> dict:
    return {"role": "assistant", "content": f"_{escapar_markdown(ESPERANDO)}_"}


APOYO = "Lo que dicen las normas:"


def _contenido(turno: Turno, parcial: str | None) -> str:
    r = turno.vista
    if r is None or r.error:
        return "**Aviso:** " + escapar_markdown(turno.aviso or (r.error if r else ""))
    cuerpo = cuerpo_presentado(r.cuerpo if parcial is None else parcial, r.directa)
    if parcial is not None:
        return cuerpo
    cuerpo = _encabezado(turno) + cuerpo
    if r.abstencion:
        if r.sugerencias:
            cuerpo += "\n\n**Secciones cercanas que quizá le sirvan:**\n" + "\n".join(f"- {escapar_markdown(s)}" for s in r.sugerencias)
        return cuerpo
    usadas = r.citas_usadas
    if usadas:
        cuerpo += "\n\n**Fuentes:**\n" + "\n".join(f"**\\[{c.numero}\\]** {escapar_markdown(c.etiqueta)}" for c in usadas)
    return cuerpo


def cuerpo_presentado(texto: str, directa: str) -> str:
    """El cuerpo (o el comienzo que ya se escribió) para el chat: la respuesta directa aparte,
    como bloque citado, y debajo «Lo que dicen las normas» con su título en negrita."""
    if not directa or not directa.startswith(texto[: len(directa)]):
        return _con_marcas(escapar_markdown(texto))
    cabeza, resto = texto[: len(directa)], texto[len(directa) :]
    salida = "> " + _con_marcas(escapar_markdown(cabeza))
    if resto.strip():
        titulo = escapar_markdown(APOYO)
        salida += "\n\n" + _con_marcas(escapar_markdown(resto.strip("\n"))).replace(titulo, f"**{APOYO}**")
    return salida


def _encabezado(turno: Turno) -> str:
    """La marca de la redactada, la de la citada que se pidió ver, o el aviso de por qué no hubo redactada."""
    r = turno.respuesta
    if r is None:
        return ""
    if r.modo == "redactada":
        return f"_{escapar_markdown(CITADA if turno.ver_citada else REDACTADA)}_\n\n"
    aviso = (r.verificacion or {}).get("aviso")
    return f"_{escapar_markdown(aviso)}_\n\n" if aviso else ""


def _con_marcas(texto_escapado: str) -> str:
    """Las marcas [n] en negrita, para que se vean como citas."""
    return _MARCA_DE_CITA.sub(r"**\\[\1\\]**", texto_escapado)


def mensajes(turnos: list[Turno]) -> list[dict]:
    salida: list[dict] = []
    for turno in turnos:
        salida += [mensaje_usuario(turno.pregunta), mensaje_asistente(turno)]
    return salida


# --- panel de fuentes ----------------------------------------------------------------------
PANEL_VACIO = (
    '<div class="fuentes-vacio"><p>Aquí aparecerán los pasajes citados en cada respuesta, '
    "con las oraciones usadas resaltadas.</p></div>"
)


def panel_de_fuentes(turno: Turno | None) -> str:
    """Cada fuente se despliega (<details>) en el pasaje completo con las oraciones citadas resaltadas."""
    if turno is None:
        return PANEL_VACIO
    r = turno.vista
    if r is None or not r.citas:
        return (
            f'<div class="fuentes"><p class="fuentes-pregunta">Respuesta a «{_h(recortar(turno.pregunta, 140))}»</p>'
            '<p class="fuentes-vacio">Esta respuesta no cita fuentes: no se encontró un pasaje que la respalde.</p></div>'
        )
    usadas = r.citas_usadas
    otras = [c for c in r.citas if not c.oraciones]
    partes = [f'<p class="fuentes-pregunta">Respuesta a «{_h(recortar(turno.pregunta, 140))}»</p>']
    if usadas:
        partes.append('<ul class="fuentes-lista" aria-label="Fuentes citadas">')
        partes += [f"<li>{_fuente(c, abierta=i == 0)}</li>" for i, c in enumerate(usadas)]
        partes.append("</ul>")
    if otras:
        titulo = "Otros pasajes relacionados" if usadas else "Pasajes más cercanos (no responden la pregunta)"
        partes.append(f'<p class="fuentes-subtitulo">{titulo}</p><ul class="fuentes-lista" aria-label="{titulo}">')
        partes += [f"<li>{_fuente(c, abierta=False)}</li>" for c in otras]
        partes.append("</ul>")
    return '<div class="fuentes">' + "".join(partes) + "</div>"


def _fuente(cita: Cita, abierta: bool) -> str:
    distintivo = insignia(cita.fragmento)
    marca = f' <span class="insignia insignia-{distintivo[0]}">{_h(distintivo[1])}</span>' if distintivo else ""
    detalle = ""
    if cita.fragmento.vigencia:
        detalle = f'<p class="fuente-vigencia">{_h(cita.fragmento.vigencia)}</p>'
    return (
        f'<details class="fuente" data-numero="{cita.numero}"{" open" if abierta else ""}>'
        f'<summary><span class="fuente-numero">[{cita.numero}]</span> '
        f'<span class="fuente-etiqueta">{_h(etiqueta_sin_insignia(cita))}</span>{marca}</summary>'
        f'<div class="pasaje">{detalle}{resaltar(cita.texto, cita.oraciones)}</div></details>'
    )


def resaltar(texto: str, oraciones: list[str]) -> str:
    """El pasaje escapado, con <mark> en las oraciones citadas y un párrafo por línea."""
    tramos = sorted(t for t in (_ubicar(texto, o) for o in oraciones) if t)
    unidos: list[list[int]] = []
    for inicio, fin in tramos:
        # Oraciones seguidas (solo espacios entre ellas) se resaltan como un solo tramo.
        if unidos and (inicio <= unidos[-1][1] or not texto[unidos[-1][1] : inicio].strip()):
            unidos[-1][1] = max(unidos[-1][1], fin)
        else:
            unidos.append([inicio, fin])
    marcado, previo = "", 0
    for inicio, fin in unidos:
        # Una marca no cruza saltos de línea: se cierra y se reabre en cada párrafo.
        resaltado = "</mark>\n<mark>".join(_h(linea) for linea in texto[inicio:fin].split("\n"))
        marcado += _h(texto[previo:inicio]) + f"<mark>{resaltado}</mark>"
        previo = fin
    marcado += _h(texto[previo:])
    lineas = [linea for linea in marcado.split("\n") if linea.strip()]
    if not lineas:
        return ""
    # La primera línea es el encabezado del artículo o las migas de la sección.
    return f'<p class="pasaje-encabezado">{lineas[0]}</p>' + "".join(f"<p>{linea}</p>" for linea in lineas[1:])


def _ubicar(texto: str, oracion: str) -> tuple[int, int] | None:
    """Dónde está la oración en el pasaje, tolerando diferencias de espacios."""
    palabras = oracion.split()
    if not palabras:
        return None
    hallazgo = re.search(r"\s+".join(map(re.escape, palabras)), texto)
    return (hallazgo.start(), hallazgo.end()) if hallazgo else None


def recortar(texto: str, largo: int) -> str:
    texto = " ".join(str(texto).split())
    return texto if len(texto) <= largo else texto[: largo - 1].rstrip() + "…"


# --- conversación para copiar o descargar ------------------------------------------------------
def conversacion_en_markdown(turnos: list[Turno], ahora: datetime | None = None) -> str:
    if not turnos:
        return ""
    ahora = ahora or datetime.now().astimezone()
    versiones = sorted({t.respuesta.version_indice for t in turnos if t.respuesta and t.respuesta.version_indice})
    cabecera = f"# Conversación con el asistente de la Guía DSEGPP\n\nFecha: {ahora:%Y-%m-%d %H:%M}"
    if versiones:
        cabecera += f" · Índice {', '.join(versiones)}"
    partes = [cabecera]
    for numero, turno in enumerate(turnos, start=1):
        partes.append(f"## {numero}. {_literal(turno.pregunta)}")
        r = turno.respuesta
        if r is None or r.error:
            partes.append(_literal(turno.aviso or (r.error if r else "")))
            continue
        if r.modo == "redactada":
            partes.append(f"_{REDACTADA}_")
        partes.append(_literal(r.cuerpo))
        if r.abstencion and r.sugerencias:
            partes.append("Secciones cercanas:\n" + "\n".join(f"- {_literal(s)}" for s in r.sugerencias))
        if r.citas_usadas:
            partes.append("Fuentes:\n" + "\n".join(f"- [{c.numero}] {_literal(c.etiqueta)}" for c in r.citas_usadas))
    return "\n\n".join(partes) + "\n"


def _literal(texto: str) -> str:
    """Sin HTML activo en el archivo (se leerá en visores de Markdown), legible como texto plano."""
    return html.escape(str(texto), quote=False)
