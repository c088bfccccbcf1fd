"""La página del personal («/personal»): pestañas «Índice» y «Validación», detrás del ingreso.

    crear_aplicacion(servicio, paginas={"/personal": construir_personal})

La protección no está aquí sino delante (middleware `proteccion.ExigirIngreso` y
`auth_dependency` de Gradio): esta página nunca se sirve a quien no ingresó.
"""
from __future__ import annotations

import gradio as gr

from . import pestana_indice, pestana_validacion
from .proteccion import RUTA_SALIDA
from .subidas import LIMPIEZA_DE_SUBIDAS

TITULO = "Asistente DSEGPP · Personal"


def construir_personal(servicio) -> gr.Blocks:
    indice = pestana_indice.PestanaIndice(servicio)
    validacion = pestana_validacion.PestanaValidacion(servicio.revision)
    with gr.Blocks(title=TITULO, analytics_enabled=False, fill_width=True, delete_cache=LIMPIEZA_DE_SUBIDAS) as pagina:
        with gr.Row(elem_id="encabezado-personal", equal_height=True):
            gr.HTML(
                f'<header class="encabezado"><h1>{TITULO}</h1>'
                "<p>Gestión del índice y validación de respuestas. Todo lo que haga aquí queda en la bitácora de auditoría.</p></header>",
                padding=False,
            )
            sesion = gr.HTML("", elem_id="sesion", padding=False)
        with gr.Tabs():
            with gr.Tab("Índice", id="indice", elem_id="pestana-indice"):
                pestana_indice.componer(indice, pagina)
            with gr.Tab("Validación", id="validacion", elem_id="pestana-validacion"):
                pestana_validacion.componer(validacion, pagina)

        def quien(request: gr.Request):
            from .presentacion import escapar_html

            usuario = escapar_html(getattr(request, "username", "") or "")
            # Un formulario POST de verdad: «salir» no se dispara con un enlace de otro sitio.
            return (
                f'<form method="post" action="{RUTA_SALIDA}" class="p-sesion">'
                f'<span>Sesión: <strong id="usuario-actual">{usuario}</strong></span> '
                '<button type="submit" id="salir">Salir</button></form>'
            )

        pagina.load(quien, None, [sesion], queue=False, api_visibility="private")
    return pagina
