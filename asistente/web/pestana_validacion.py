"""Pestaña «Validación» del personal (issue 5): recorrer respuestas y darles un veredicto.

`PestanaValidacion` tiene la lógica (se prueba sin navegador): el estado de la revisión
es un dict serializable (origen, filtro, claves y posición) que Gradio guarda por sesión.
`componer` la dibuja y conecta los eventos.
"""
from __future__ import annotations

import logging
import tempfile
from datetime import datetime
from pathlib import Path

import gradio as gr

from ..personal.revision import CAMBIADAS, EVALUACION, OPINIONES, PENDIENTES, TODAS, VALIDADAS, Revision, SinRespuesta
from ..personal.validaciones import VEREDICTOS, ValidacionInvalida, huella
from .sesiones import usuario_de
from .vistas_validacion import VACIO, html_elemento

registro = logging.getLogger("asistente.web")
ORIGENES = [("Preguntas de evaluación", EVALUACION), ("Respuestas marcadas «no me gusta» por los funcionarios", OPINIONES)]
FILTROS = [("Todas", TODAS), ("Pendientes", PENDIENTES), ("Validadas", VALIDADAS), ("Cambiaron desde su validación", CAMBIADAS)]
SIN_VEREDICTO = "Elija un veredicto: correcta, parcial o incorrecta."
CAMBIO_AL_GUARDAR = "La respuesta cambió mientras la revisaba (se activó otra versión del índice). Revise la respuesta nueva y vuelva a guardar."


class PestanaValidacion:
    def __init__(self, revision: Revision) -> None:
        self.revision = revision
        self._carpeta_csv: Path | None = None

    # --- recorrido ----------------------------------------------------------------------------
    def listar(self, origen: str = EVALUACION, filtro: str = TODAS) -> dict:
        """Un estado nuevo con las claves que cumplen el filtro, en la primera posición."""
        elementos = self.revision.filtrar(self.revision.elementos(origen), filtro)
        return {"origen": origen, "filtro": filtro, "claves": [e.clave for e in elementos], "posicion": 0, "huella": ""}

    def mostrar(self, estado: dict) -> tuple[dict, str]:
        """El elemento de la posición actual con su respuesta de hoy (calculada ahora si hace falta)."""
        estado = dict(estado)
        elemento = self._elemento(estado)
        if elemento is None:
            estado["huella"] = ""
            return estado, VACIO
        respuesta, error = None, ""
        try:
            respuesta = self.revision.responder(elemento)
        except SinRespuesta as motivo:
            error = str(motivo)
        except Exception:  # noqa: BLE001  (la pestaña sigue; el detalle va al registro)
            registro.exception("Error al responder %r para validar", elemento.pregunta[:200])
            error = "Ocurrió un error interno al responder esta pregunta; el detalle quedó en el registro del servidor."
        estado["huella"] = huella(respuesta.respuesta) if respuesta else ""
        html = html_elemento(elemento, respuesta, self.revision.validacion(elemento), estado["posicion"] + 1, len(estado["claves"]), error)
        return estado, html

    def mover(self, estado: dict, paso: int) -> tuple[dict, str]:
        total = len(estado.get("claves", []))
        estado = dict(estado, posicion=max(0, min(total - 1, estado.get("posicion", 0) + paso)) if total else 0)
        return self.mostrar(estado)

    # --- veredicto ----------------------------------------------------------------------------
    def guardar(self, estado: dict, veredicto: str | None, comentario: str, usuario: str) -> tuple[dict, str, str]:
        """(estado, html, mensaje). Guarda el veredicto sobre la respuesta que se estaba viendo.

        `html` es None cuando no hay nada nuevo que dibujar (p. ej. faltó el veredicto).
        """
        elemento = self._elemento(estado)
        if elemento is None:
            return estado, VACIO, "No hay una respuesta seleccionada."
        if veredicto not in VEREDICTOS:
            return estado, None, SIN_VEREDICTO
        try:
            respuesta = self.revision.responder(elemento)
        except SinRespuesta as motivo:
            return estado, None, str(motivo)
        if estado.get("huella") and huella(respuesta.respuesta) != estado["huella"]:
            nuevo, html = self.mostrar(estado)
            return nuevo, html, CAMBIO_AL_GUARDAR
        try:
            self.revision.validar(elemento, respuesta, veredicto, usuario, comentario or "")
        except ValidacionInvalida as error:
            return estado, None, str(error)
        nuevo, html = self.mostrar(estado)
        return nuevo, html, f"Validación guardada: {elemento.clave if elemento.origen == EVALUACION else 'opinión'} → {veredicto}."

    def exportar(self) -> Path:
        """Un CSV (UTF-8 con BOM, para Excel) con todas las validaciones, listo para descargar."""
        if self._carpeta_csv is None:
            self._carpeta_csv = Path(tempfile.mkdtemp(prefix="asistente-validaciones-"))
        ruta = self._carpeta_csv / f"validaciones-{datetime.now():%Y%m%d-%H%M%S}.csv"
        ruta.write_text("\ufeff" + self.revision.exportar_csv(), encoding="utf-8", newline="")
        return ruta

    def _elemento(self, estado: dict):
        claves = estado.get("claves", [])
        if not claves:
            return None
        clave = claves[max(0, min(len(claves) - 1, estado.get("posicion", 0)))]
        return next((e for e in self.revision.elementos(estado.get("origen", EVALUACION)) if e.clave == clave), None)


# --- Gradio ------------------------------------------------------------------------------------
def componer(pestana: PestanaValidacion, pagina: gr.Blocks) -> None:
    estado = gr.State(None)
    with gr.Row():
        origen = gr.Radio(ORIGENES, value=EVALUACION, label="Qué revisar", elem_id="validacion-origen", scale=3)
        filtro = gr.Radio(FILTROS, value=TODAS, label="Mostrar", elem_id="validacion-filtro", scale=3)
    with gr.Row():
        anterior = gr.Button("◀ Anterior", size="sm", elem_id="validacion-anterior")
        siguiente = gr.Button("Siguiente ▶", size="sm", elem_id="validacion-siguiente")
    elemento = gr.HTML('<p class="p-tenue">Cargando…</p>', elem_id="validacion-elemento", padding=False)
    with gr.Group(elem_id="validacion-formulario"):
        veredicto = gr.Radio([("Correcta", "correcta"), ("Parcial", "parcial"), ("Incorrecta", "incorrecta")],
                             value=None, label="Veredicto", elem_id="validacion-veredicto")
        comentario = gr.Textbox(label="Comentario (qué falta o qué está mal)", lines=2, max_lines=6, elem_id="validacion-comentario")
        guardar = gr.Button("Guardar validación", variant="primary", elem_id="validacion-guardar")
    mensaje = gr.Markdown("", elem_id="validacion-mensaje")
    with gr.Row():
        exportar = gr.Button("Exportar validaciones (CSV)", size="sm", elem_id="validacion-exportar")
        descarga = gr.File(label="CSV de validaciones", visible=False, elem_id="validacion-csv", interactive=False)

    def listar(origen_, filtro_):
        nuevo, html = pestana.mostrar(pestana.listar(origen_, filtro_))
        return nuevo, html, None, "", ""

    def mover(estado_, paso):
        nuevo, html = pestana.mover(estado_ or pestana.listar(), paso)
        return nuevo, html, None, "", ""

    def al_guardar(estado_, veredicto_, comentario_, request: gr.Request):
        nuevo, html, texto = pestana.guardar(estado_ or pestana.listar(), veredicto_, comentario_, usuario_de(request))
        guardada = texto.startswith("Validación guardada")
        return (nuevo, gr.skip() if html is None else html, None if guardada else gr.skip(),
                "" if guardada else gr.skip(), texto)

    def al_exportar():
        return gr.File(value=str(pestana.exportar()), visible=True)

    privado = dict(api_visibility="private")
    salidas = [estado, elemento, veredicto, comentario, mensaje]
    gr.on([origen.change, filtro.change], listar, [origen, filtro], salidas, **privado)
    anterior.click(lambda e: mover(e, -1), [estado], salidas, **privado)
    siguiente.click(lambda e: mover(e, +1), [estado], salidas, **privado)
    guardar.click(al_guardar, [estado, veredicto, comentario], salidas, concurrency_limit=4, **privado)
    exportar.click(al_exportar, None, [descarga], **privado)
    pagina.load(listar, [origen, filtro], salidas, **privado)
