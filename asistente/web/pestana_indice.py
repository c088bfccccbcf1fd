"""Pestaña «Índice» del personal: estado, cargas, retiros, actualización con avance e informe.

`PestanaIndice` tiene la lógica (métodos que reciben el usuario y devuelven lo que se
muestra: se prueban sin navegador); `componer` la dibuja con Gradio y conecta los eventos.
"""
from __future__ import annotations

import logging

import gradio as gr

from ..personal.cargas import RECHAZADO, ResultadoCarga
from ..indexado.estado import estado_del_indice, manifiesto_activo
from ..corpus.formatos import EXTENSIONES, FORMATOS_LEGIBLES
from ..personal.actualizacion import ultimo_informe
from ..personal.documentos import cargar_documento, documentos_cargados, en_cargas, rechazar_carga, retirar_documento
from .presentacion import escapar_html
from .sesiones import usuario_de
from .subidas import descartar, subidas
from .vistas_indice import html_auditoria, html_avance, html_estado, html_informe, html_resultados

registro = logging.getLogger("asistente.web")
SOLO_CONSULTA = (
    "Este servidor solo consulta el índice (ASISTENTE_GESTIONA_INDICE=0): las cargas, los retiros y la "
    "actualización se hacen en el servidor que tiene el corpus en su disco."
)
CONSTRUYENDO = "El índice se está construyendo por primera vez al arrancar el servidor; espere a que termine."
EVENTOS_VISIBLES = 25


class PestanaIndice:
    def __init__(self, servicio) -> None:
        self.servicio = servicio
        self.configuracion = servicio.configuracion
        self.auditoria = servicio.auditoria
        self.actualizacion = servicio.actualizacion

    @property
    def gestiona(self) -> bool:
        return self.configuracion.gestiona_indice

    # --- lo que se ve -------------------------------------------------------------------------
    def estado(self) -> str:
        try:
            estado = estado_del_indice(self.configuracion)
        except Exception as error:  # noqa: BLE001  (p. ej. servidor de Chroma caído: la pestaña sigue)
            registro.exception("No se pudo leer el estado del índice")
            return html_estado({}, error=f"No se pudo leer el estado del índice: {error}")
        return html_estado(estado, lambda archivo: en_cargas(self.configuracion, archivo))

    def avance(self) -> str:
        return html_avance(self.actualizacion)

    def informe(self) -> str:
        informe = self.actualizacion.ultimo
        if informe is None:
            try:
                informe = ultimo_informe(self.auditoria)
            except Exception:  # noqa: BLE001
                registro.exception("No se pudo leer el último informe de la auditoría")
        return html_informe(informe)

    def bitacora(self) -> str:
        return html_auditoria(self.auditoria.listar(limite=EVENTOS_VISIBLES))

    def cargados(self) -> list[str]:
        return [c.nombre for c in documentos_cargados(self.configuracion)]

    # --- acciones -----------------------------------------------------------------------------
    def cargar(self, archivos, usuario: str) -> str:
        """`archivos`: el valor crudo del componente de carga (dicts de Gradio o rutas).

        Solo se lee lo que está en la carpeta de subidas de Gradio (`subidas.py`); cualquier
        otra ruta se rechaza y se anota, sin leerla. La copia temporal se borra al terminar.
        """
        if not self.gestiona:
            return _aviso(SOLO_CONSULTA)
        conocidos = self._manifiesto()
        version = conocidos.etiqueta if conocidos else ""
        resultados = []
        for subida in subidas(archivos):
            if subida.motivo:
                resultados.append(rechazar_carga(self.auditoria, usuario, subida.nombre, subida.motivo, version))
                continue
            try:
                datos = subida.ruta.read_bytes()
            except OSError as error:
                resultados.append(ResultadoCarga(RECHAZADO, f"No se pudo leer «{subida.nombre}» ({error.strerror or error}).", nombre=subida.nombre))
                continue
            finally:
                descartar(subida)
            resultados.append(cargar_documento(self.configuracion, self.auditoria, usuario, subida.nombre, datos, conocidos, version))
        return html_resultados(resultados)

    def retirar(self, nombre: str | None, usuario: str) -> str:
        if not self.gestiona:
            return _aviso(SOLO_CONSULTA)
        if not nombre:
            return '<p class="p-tenue">Elija el documento cargado que quiere retirar.</p>'
        manifiesto = self._manifiesto()
        resultado = retirar_documento(self.configuracion, self.auditoria, usuario, nombre, manifiesto.etiqueta if manifiesto else "")
        return html_resultados([resultado])

    def actualizar(self, usuario: str) -> tuple[bool, str]:
        """(iniciada, mensaje). No inicia si ya hay una en curso o si el arranque aún construye el índice."""
        if not self.gestiona:
            return False, SOLO_CONSULTA
        preparacion = self.servicio.preparacion
        if preparacion is not None and preparacion.indexando:
            return False, CONSTRUYENDO
        return self.actualizacion.iniciar(usuario)

    def _manifiesto(self):
        try:
            return manifiesto_activo(self.configuracion)
        except Exception:  # noqa: BLE001  (sin índice no hay duplicados que buscar fuera de la carpeta)
            return None


def _aviso(texto: str) -> str:
    return f'<p class="p-aviso" role="status">{escapar_html(texto)}</p>'


# --- Gradio ------------------------------------------------------------------------------------
def componer(pestana: PestanaIndice, pagina: gr.Blocks) -> None:
    """Dibuja la pestaña dentro de un `gr.Tab` abierto de `pagina` y conecta sus eventos."""
    cfg = pestana.configuracion
    gr.HTML("<h2 class=\"p-h2\">Estado del índice</h2>", padding=False)
    estado = gr.HTML(pestana.estado, elem_id="estado-indice", padding=False)
    avance = gr.HTML("", elem_id="avance", padding=False)
    temporizador = gr.Timer(1.0, active=False)

    if pestana.gestiona:
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=300):
                gr.HTML(
                    '<h2 class="p-h2">Cargar documentos</h2>'
                    f'<p class="p-tenue">{escapar_html(FORMATOS_LEGIBLES)}, hasta {cfg.carga_maxima // (1024 * 1024)} MB cada uno. '
                    "Un archivo con el mismo nombre que uno ya cargado lo reemplaza.</p>",
                    padding=False,
                )
                archivos = gr.File(label="Documentos", file_count="multiple", file_types=list(EXTENSIONES), type="filepath", elem_id="archivos")
                cargar = gr.Button("Cargar al corpus", variant="primary", elem_id="cargar")
                resultado_carga = gr.HTML("", elem_id="resultado-carga", padding=False)
            with gr.Column(scale=2, min_width=260):
                gr.HTML(
                    '<h2 class="p-h2">Retirar un documento cargado</h2>'
                    '<p class="p-tenue">Solo los que subió el personal (carpeta de cargas).</p>',
                    padding=False,
                )
                retirable = gr.Dropdown(choices=pestana.cargados(), value=None, label="Documento cargado", elem_id="retirable")
                retirar = gr.Button("Retirar del corpus", variant="stop", elem_id="retirar")
                resultado_retiro = gr.HTML("", elem_id="resultado-retiro", padding=False)
        gr.HTML(
            '<h2 class="p-h2">Actualizar el índice</h2>'
            '<p class="p-tenue">Incorpora al chat lo cargado y retirado. Corre en segundo plano: el chat sigue '
            "respondiendo con el índice actual y cambia solo cuando la versión nueva está completa.</p>",
            padding=False,
        )
        actualizar = gr.Button("Actualizar el índice", variant="primary", elem_id="actualizar")
    else:
        gr.HTML(_aviso(SOLO_CONSULTA), padding=False)
    informe = gr.HTML(pestana.informe, elem_id="informe", padding=False)
    gr.HTML('<h2 class="p-h2">Bitácora de auditoría</h2>', padding=False)
    bitacora = gr.HTML(pestana.bitacora, elem_id="bitacora", padding=False)

    def al_cargar(rutas, request: gr.Request):
        usuario = usuario_de(request)
        html = pestana.cargar(rutas, usuario)  # valida, lee y borra las copias temporales de Gradio
        return html, None, gr.Dropdown(choices=pestana.cargados(), value=None), pestana.bitacora()

    def al_retirar(nombre, request: gr.Request):
        html = pestana.retirar(nombre, usuario_de(request))
        return html, gr.Dropdown(choices=pestana.cargados(), value=None), pestana.bitacora()

    def al_actualizar(request: gr.Request):
        iniciada, mensaje = pestana.actualizar(usuario_de(request))
        if iniciada:
            gr.Info(mensaje, duration=6, title="Actualización")
        else:
            gr.Warning(mensaje, title="Aviso")
        en_curso = pestana.actualizacion.en_curso
        return pestana.avance(), gr.Timer(active=en_curso)

    def al_avanzar():
        if pestana.actualizacion.en_curso:
            return pestana.avance(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        return "", gr.Timer(active=False), pestana.informe(), pestana.estado(), pestana.bitacora()

    def al_abrir():
        # Otra persona (u otra pestaña) pudo dejar una actualización en curso: se sigue su avance.
        en_curso = pestana.actualizacion.en_curso
        return pestana.avance(), gr.Timer(active=en_curso)

    privado = dict(api_visibility="private")
    if pestana.gestiona:
        # Sin preprocesar: Gradio copiaría a su caché la ruta o URL que diga la petición (ver subidas.py).
        cargar.click(al_cargar, [archivos], [resultado_carga, archivos, retirable, bitacora], concurrency_limit=1,
                     preprocess=False, **privado)
        retirar.click(
            al_retirar, [retirable], [resultado_retiro, retirable, bitacora], concurrency_limit=1,
            js="(nombre) => (nombre && confirm('¿Retirar «' + nombre + '» del corpus? Saldrá del chat en la próxima actualización.')) ? nombre : null",
            **privado,
        )
        actualizar.click(al_actualizar, None, [avance, temporizador], concurrency_limit=1, show_progress="hidden", **privado)
    temporizador.tick(al_avanzar, None, [avance, temporizador, informe, estado, bitacora], show_progress="hidden", queue=False, **privado)
    pagina.load(al_abrir, None, [avance, temporizador], queue=False, **privado)
