"""La página pública del chat: `construir_chat(asistente, opiniones) -> gr.Blocks`.

Solo arma la página y sus eventos; el servidor (FastAPI, montaje, puerto, indexación
al arrancar) está en `servidor.py`, para montar junto a ella las páginas del personal.
"""
from __future__ import annotations

import logging

import gradio as gr

from ..respuesta.asistente import Asistente
from ..personal.opiniones import NEGATIVO, POSITIVO, Opiniones, OpinionInvalida
from ..parametros import WEB
from .conversacion import Turno, atender_en_vivo
from .en_el_navegador import COPIAR_CONVERSACION, DESCARGAR_CONVERSACION
from ..indexado.estado import linea_semantica
from .preparacion import Preparacion
from .presentacion import (
    PANEL_VACIO,
    conversacion_en_markdown,
    escapar_html,
    escapar_markdown,
    mensaje_asistente,
    mensaje_esperando,
    mensaje_usuario,
    mensajes,
    panel_de_fuentes,
    recortar,
)

registro = logging.getLogger("asistente.web")
TITULO = "Asistente de la Guía de Asesoría y Asistencia Técnica"
EJEMPLOS: dict[int, tuple[str, ...]] = {
    1: (
        "¿Qué es una política pública?",
        "¿Cómo se constituye una veeduría ciudadana?",
    ),
    2: (
        "¿Cuánto tiempo tiene el alcalde para llevar el plan de desarrollo al concejo?",
        "¿De qué partes se compone un plan de desarrollo municipal?",
    ),
    3: (
        "¿Qué es el MIPG?",
        "¿Quién es el responsable del sistema de control interno en la alcaldía?",
    ),
}
NO_LISTO = "El asistente todavía se está preparando. {estado} Intente de nuevo en un momento."
NO_GUARDADA = "No se pudo guardar su opinión en este momento. Intente de nuevo; si el problema continúa, avise al personal de la DSEGPP."
SIN_OPINION = "Solo se puede opinar sobre respuestas del asistente (no sobre avisos de error)."
VER_CITADA = "Ver la respuesta citada textualmente"
VER_REDACTADA = "Ver la respuesta redactada con IA"

def construir_chat(
    asistente: Asistente,
    opiniones: Opiniones,
    preparacion: Preparacion | None = None,
    ejemplos: dict[int, tuple[str, ...]] = EJEMPLOS,
) -> gr.Blocks:
    """La página pública. `preparacion`: si se da, el chat se activa cuando el índice esté listo."""
    modulos = {m.numero: m for m in asistente.catalogo.modulos}

    def listo() -> bool:
        return preparacion is None or preparacion.terminado

    # --- eventos -------------------------------------------------------------------------
    # Salidas de `responder`: pregunta, chat, fuentes, markdown, turnos y los botones que envían.
    cantidad_de_botones = 1 + sum(len(p) for p in ejemplos.values())

    def salida(pregunta=None, chat=None, fuentes=None, markdown=None, turnos=None, activos: bool | None = None):
        # Mientras se escribe una respuesta los botones de envío se desactivan: un segundo envío
        # simultáneo partiría de la conversación sin la respuesta en curso.
        botones = [gr.skip() if activos is None else gr.Button(interactive=activos)] * cantidad_de_botones
        valores = [pregunta, chat, fuentes, markdown, turnos]
        return (*[gr.skip() if v is None else v for v in valores], *botones)

    def responder(texto: str, modulo: str, turnos: list[Turno]):
        texto = texto or ""
        if not texto.strip():
            yield salida()
            return
        turnos = list(turnos or [])
        if not listo():
            turnos.append(Turno(texto, aviso=NO_LISTO.format(estado=preparacion.descripcion())))
            yield salida("", mensajes(turnos), markdown=conversacion_en_markdown(turnos), turnos=turnos)
            return
        previos = mensajes(turnos) + [mensaje_usuario(texto)]
        yield salida("", previos + [mensaje_esperando()], activos=False)
        # La respuesta citada se calcula entera (≈0,1 s) y se envía apenas está lista, de una vez;
        # la redactada por un modelo de lenguaje llega por partes ya verificadas, a su ritmo.
        for turno, parcial in atender_en_vivo(asistente, texto, turnos, modulo or None):
            if parcial is not None:
                yield salida(chat=previos + [mensaje_asistente(turno, parcial, redactando=True)])
        turnos.append(turno)
        yield salida(None, mensajes(turnos), panel_de_fuentes(turno), conversacion_en_markdown(turnos), turnos, activos=True)

    def votar(turnos: list[Turno], votos: dict, datos: gr.LikeData):
        indice = (datos.index[0] if isinstance(datos.index, (list, tuple)) else datos.index) // 2
        if not 0 <= indice < len(turnos or []) or turnos[indice].fallido:
            gr.Info(SIN_OPINION, duration=6, title="Aviso")
            return votos, gr.skip(), gr.skip(), gr.skip(), gr.skip()
        turno, votos = turnos[indice], dict(votos or {})
        try:
            if datos.liked is None or datos.liked == "":  # retiró su voto
                if indice in votos:
                    opiniones.eliminar(votos.pop(indice))
                return votos, None, gr.Group(visible=False), gr.skip(), gr.skip()
            voto = POSITIVO if datos.liked is True else NEGATIVO
            if indice in votos and opiniones.actualizar(votos[indice], voto=voto):
                id_ = votos[indice]
            else:
                r = turno.respuesta
                id_ = opiniones.registrar(
                    turno.pregunta, r.respuesta, [c.a_dict() for c in r.citas], voto,
                    version_indice=r.version_indice, modulo=turno.modulo, abstencion=r.abstencion,
                    contexto=[t.pregunta for t in turnos[:indice] if not t.fallido][-3:],
                )
        except Exception:  # noqa: BLE001  (p. ej. disco lleno: se avisa y la página sigue)
            registro.exception("No se pudo guardar una opinión")
            gr.Warning(NO_GUARDADA, title="Aviso")
            return votos, gr.skip(), gr.skip(), gr.skip(), gr.skip()
        votos[indice] = id_
        invitacion = f"Gracias por su opinión sobre la respuesta a «{escapar_markdown(recortar(turno.pregunta, 90))}». " + (
            "¿Qué faltó o qué está mal? (opcional)" if voto == NEGATIVO else "¿Quiere agregar un comentario? (opcional)"
        )
        return votos, id_, gr.Group(visible=True), invitacion, gr.Textbox(value="")

    def comentar(id_, comentario: str):
        if id_ is None:
            return gr.skip(), gr.skip()
        try:
            opiniones.actualizar(id_, comentario=comentario)
        except OpinionInvalida as error:
            gr.Warning(str(error), title="Aviso")
            return gr.skip(), gr.skip()
        except Exception:  # noqa: BLE001
            registro.exception("No se pudo guardar un comentario")
            gr.Warning(NO_GUARDADA, title="Aviso")
            return gr.skip(), gr.skip()
        gr.Info("Comentario guardado. ¡Gracias!", duration=4, title="Gracias")
        return gr.Group(visible=False), gr.Textbox(value="")

    def mostrar_fuentes(turnos: list[Turno], datos: gr.SelectData):
        indice = (datos.index[0] if isinstance(datos.index, (list, tuple)) else datos.index) // 2
        return panel_de_fuentes(turnos[indice]) if 0 <= indice < len(turnos or []) else gr.skip()

    def boton_alternar(turnos: list[Turno]):
        """«Ver la respuesta citada» solo si la última respuesta fue redactada con IA."""
        ultimo = (turnos or [None])[-1]
        redactada = ultimo is not None and ultimo.respuesta is not None and ultimo.respuesta.modo == "redactada"
        texto = VER_REDACTADA if redactada and ultimo.ver_citada else VER_CITADA
        return gr.Button(value=texto, visible=redactada)

    def alternar(turnos: list[Turno]):
        """Cambia la última respuesta entre la redactada con IA y la citada textualmente."""
        turnos = list(turnos or [])
        if not turnos or turnos[-1].respuesta is None or turnos[-1].respuesta.modo != "redactada":
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        turnos[-1].ver_citada = not turnos[-1].ver_citada
        return turnos, mensajes(turnos), panel_de_fuentes(turnos[-1]), conversacion_en_markdown(turnos), boton_alternar(turnos)

    def nueva_conversacion():
        return [], [], {}, PANEL_VACIO, "", gr.Group(visible=False), None, ""

    def estado_de_preparacion():
        if preparacion is not None:
            preparacion.revisar()
        activo = listo()
        texto_listo = "Escriba su pregunta sobre la guía o las normas…"
        aviso = _aviso_de_estado(preparacion, asistente)
        return (
            gr.HTML(aviso, visible=bool(aviso)),
            gr.Textbox(interactive=activo, placeholder=texto_listo if activo else "El chat se activará cuando el índice esté listo…"),
            gr.Timer(active=not activo or bool(aviso)),
            *[gr.Button(interactive=activo)] * cantidad_de_botones,
        )

    # --- página --------------------------------------------------------------------------------
    with gr.Blocks(title=TITULO, analytics_enabled=False, fill_width=False) as pagina:
        turnos = gr.State([])
        votos = gr.State({})  # índice del turno → id de su opinión
        opinion = gr.State(None)  # id de la opinión que se puede comentar
        gr.HTML(
            f'<header class="encabezado"><h1>{TITULO}</h1>'
            "<p>Responde preguntas sobre la guía de la DSEGPP y las normas que la sustentan, "
            "citando textualmente cada fuente.</p></header>",
            padding=False,
        )
        aviso_inicial = _aviso_de_estado(preparacion, asistente)
        aviso = gr.HTML(aviso_inicial, elem_id="estado-asistente", padding=False, visible=bool(aviso_inicial))
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=300):
                filtro = gr.Radio(
                    [("Todos", "")] + [(f"{m.numero} · {m.nombre}", str(m.numero)) for m in modulos.values()],
                    value="", label="Buscar en el módulo", elem_id="filtro-modulo",
                )
                chat = gr.Chatbot(
                    label="Conversación", elem_id="chat", height="min(62vh, 640px)", min_height=260,
                    buttons=[], latex_delimiters=[], feedback_options=("Like", "Dislike"), layout="bubble",
                    placeholder="**Pregunte lo que necesite** sobre la guía o las normas. "
                    "Cada respuesta cita su fuente; califíquela con los pulgares para decirnos si le sirvió.",
                )
                with gr.Group(visible=False, elem_id="caja-opinion") as caja_opinion:
                    invitacion = gr.Markdown("", elem_id="invitacion-opinion")
                    comentario = gr.Textbox(label="Comentario (opcional)", lines=2, max_lines=6, elem_id="comentario-opinion")
                    with gr.Row():
                        enviar_comentario = gr.Button("Enviar comentario", variant="primary", size="sm", elem_id="enviar-comentario")
                        cerrar_comentario = gr.Button("Cerrar", size="sm", elem_id="cerrar-comentario")
                with gr.Row(equal_height=True):
                    pregunta = gr.Textbox(
                        label="Su pregunta", placeholder="Escriba su pregunta sobre la guía o las normas…",
                        lines=1, max_lines=6, scale=5, min_width=200, elem_id="pregunta",
                        html_attributes=gr.InputHTMLAttributes(lang="es", enterkeyhint="send", autocomplete="off"),
                    )
                    enviar = gr.Button("Enviar", variant="primary", scale=1, min_width=90, elem_id="enviar")
                alternar_boton = gr.Button(VER_CITADA, size="sm", visible=False, elem_id="alternar-respuesta")
                with gr.Row(elem_id="acciones"):
                    nueva = gr.Button("Nueva conversación", size="sm", elem_id="nueva")
                    copiar = gr.Button("Copiar conversación", size="sm", elem_id="copiar")
                    descargar = gr.Button("Descargar (.md)", size="sm", elem_id="descargar")
                markdown = gr.Textbox(visible=False, elem_id="conversacion-markdown")
            with gr.Column(scale=2, min_width=280):
                gr.HTML('<h2 class="fuentes-titulo" id="titulo-fuentes">Fuentes</h2>', padding=False)
                fuentes = gr.HTML(PANEL_VACIO, elem_id="fuentes", padding=False)
        # Debajo de todo: en el teléfono, las fuentes quedan justo después de la respuesta.
        with gr.Accordion("Preguntas de ejemplo", open=True, elem_id="ejemplos"):
            botones_ejemplo = []
            with gr.Row():
                for numero, preguntas in ejemplos.items():
                    with gr.Column(min_width=240):
                        nombre = modulos[numero].etiqueta if numero in modulos else f"Módulo {numero}"
                        gr.HTML(f'<p class="ejemplos-modulo">{escapar_html(nombre)}</p>', padding=False)
                        botones_ejemplo += [gr.Button(p, size="sm", elem_classes=["ejemplo"]) for p in preguntas]
        temporizador = gr.Timer(1.0, active=False)

        salidas = [pregunta, chat, fuentes, markdown, turnos, enviar, *botones_ejemplo]
        comun = dict(outputs=salidas, concurrency_limit=WEB.respuestas_simultaneas(), concurrency_id="responder",
                     api_visibility="private", show_progress="hidden")
        visibilidad = dict(fn=boton_alternar, inputs=[turnos], outputs=[alternar_boton], api_visibility="private", queue=False, show_progress="hidden")
        gr.on([pregunta.submit, enviar.click], responder, inputs=[pregunta, filtro, turnos], **comun).then(**visibilidad)
        for boton in botones_ejemplo:
            boton.click(responder, inputs=[boton, filtro, turnos], **comun).then(**visibilidad)
        alternar_boton.click(alternar, [turnos], [turnos, chat, fuentes, markdown, alternar_boton], api_visibility="private", queue=False, show_progress="hidden")
        chat.like(votar, [turnos, votos], [votos, opinion, caja_opinion, invitacion, comentario], api_visibility="private")
        chat.select(mostrar_fuentes, [turnos], [fuentes], api_visibility="private", show_progress="hidden")
        gr.on([enviar_comentario.click, comentario.submit], comentar, [opinion, comentario], [caja_opinion, comentario], api_visibility="private")
        cerrar_comentario.click(lambda: gr.Group(visible=False), None, [caja_opinion], api_visibility="private", queue=False)
        # «Nueva conversación» y la papelera del propio chat olvidan también el contexto y los votos.
        reinicio = [turnos, chat, votos, fuentes, markdown, caja_opinion, opinion, pregunta]
        gr.on([nueva.click, chat.clear], nueva_conversacion, None, reinicio, api_visibility="private", queue=False).then(**visibilidad)
        copiar.click(None, [markdown], None, js=COPIAR_CONVERSACION)
        descargar.click(None, [markdown], None, js=DESCARGAR_CONVERSACION)
        listos = [aviso, pregunta, temporizador, enviar, *botones_ejemplo]
        pagina.load(estado_de_preparacion, None, listos, api_visibility="private", queue=False)
        temporizador.tick(estado_de_preparacion, None, listos, api_visibility="private", queue=False, show_progress="hidden")
    # La cola de la página: los votos y comentarios (cortos) no esperan uno tras otro, y la espera
    # tiene un tope: pasado, la página avisa que está llena en vez de acumular sin fin.
    pagina.queue(default_concurrency_limit=WEB.eventos_simultaneos, max_size=WEB.cola_maxima)
    return pagina


def _aviso_de_estado(preparacion: Preparacion | None, asistente=None) -> str:
    if preparacion is None or preparacion.listo:
        return _aviso_semantico(asistente)
    texto = escapar_html(preparacion.descripcion())
    if preparacion.error:
        return (
            f'<div class="estado estado-error" role="alert"><p>{texto}</p>'
            "<p>Las preguntas recibirán un aviso hasta que el personal corrija el problema.</p></div>"
        )
    porcentaje = preparacion.porcentaje
    barra = (
        f'<progress max="100" value="{porcentaje}" aria-label="Avance de la preparación">{porcentaje} %</progress>'
        if porcentaje is not None
        else '<progress aria-label="Avance de la preparación"></progress>'
    )
    return f'<div class="estado" role="status" aria-live="polite"><p>{texto}</p>{barra}</div>'



def _aviso_semantico(asistente) -> str:
    """Con la búsqueda semántica en preparación (#15), una línea que lo dice y cuánto falta."""
    if asistente is None or getattr(asistente, "_indice", None) is None:
        return ""  # el índice aún no se abrió: no se abre aquí
    try:
        indice = asistente.indice()
        linea = linea_semantica(indice.vectores, indice.fragmentos_total)
    except Exception:  # noqa: BLE001  (el aviso nunca debe romper la página)
        return ""
    if not linea:
        return ""
    texto = escapar_html(f"{linea[:1].upper()}{linea[1:]}. Mientras tanto, las respuestas salen de la búsqueda por palabras clave.")
    return f'<div class="estado" role="status" aria-live="polite"><p>{texto}</p></div>'
