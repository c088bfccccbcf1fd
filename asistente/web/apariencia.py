"""Aspecto común de las páginas: tema con fuentes del sistema, estilos y página en español.

Nada se pide fuera del servidor: los temas de Gradio traen por omisión fuentes web
(descargadas de Google o servidas aparte); este usa solo las que ya tiene el equipo.
"""
from __future__ import annotations

import gradio as gr

_FUENTES = (
    "system-ui",
    "-apple-system",
    gr.themes.Font("Segoe UI"),
    "Roboto",
    gr.themes.Font("Helvetica Neue"),
    "Arial",
    gr.themes.Font("Noto Sans"),
    gr.themes.Font("DejaVu Sans"),
    "sans-serif",
)
_FUENTES_MONO = ("ui-monospace", "Consolas", gr.themes.Font("DejaVu Sans Mono"), "monospace")


def tema() -> gr.themes.Base:
    # Verde institucional (Antioquia); contraste suficiente para texto sobre blanco.
    return gr.themes.Base(
        primary_hue=gr.themes.colors.green,
        secondary_hue=gr.themes.colors.amber,
        neutral_hue=gr.themes.colors.slate,
        font=_FUENTES,
        font_mono=_FUENTES_MONO,
    )


CSS = """
.encabezado h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.encabezado p { margin: 0; color: var(--body-text-color-subdued); }
.estado { border: 1px solid var(--border-color-primary); border-radius: var(--radius-md); padding: .75rem 1rem; background: var(--background-fill-secondary); }
.estado p { margin: 0 0 .5rem; }
.estado progress { width: 100%; height: .9rem; }
.estado-error { border-color: #b91c1c; background: #fef2f2; color: #7f1d1d; }
.fuentes-titulo { font-size: 1.1rem; margin: 0 0 .5rem; }
.fuentes-pregunta { font-weight: 600; margin: 0 0 .5rem; }
.fuentes-subtitulo { margin: .75rem 0 .25rem; color: var(--body-text-color-subdued); font-size: .95rem; }
.fuentes-lista { list-style: none; padding: 0; margin: 0; }
.fuentes-lista li { margin: 0 0 .5rem; }
.fuentes-vacio { color: var(--body-text-color-subdued); }
details.fuente { border: 1px solid var(--border-color-primary); border-radius: var(--radius-md); background: var(--background-fill-primary); }
details.fuente > summary { cursor: pointer; padding: .5rem .75rem; list-style-position: outside; margin-left: 1rem; }
details.fuente > summary:focus-visible { outline: 2px solid var(--color-accent); outline-offset: 2px; }
.fuente-numero { font-weight: 700; }
.pasaje { padding: 0 .75rem .75rem; max-height: 24rem; overflow-y: auto; line-height: 1.5; }
.pasaje p { margin: 0 0 .5rem; }
.pasaje-encabezado { font-weight: 600; }
.pasaje mark { background: #fde68a; color: #111827; padding: 0 .1em; border-radius: 2px; }
.fuente-vigencia { font-style: italic; color: var(--body-text-color-subdued); }
.insignia { display: inline-block; font-size: .75rem; font-weight: 700; text-transform: uppercase; letter-spacing: .02em; padding: .05rem .4rem; border-radius: 999px; margin-left: .25rem; vertical-align: middle; }
.insignia-derogado { background: #fee2e2; color: #991b1b; }
.insignia-inexequible { background: #ede9fe; color: #5b21b6; }
.insignia-anterior { background: #e5e7eb; color: #374151; }
.ejemplos-modulo { font-weight: 600; margin: .5rem 0 .25rem; }
#acciones button { min-width: 0; }
#caja-opinion { border: 1px solid var(--border-color-primary); border-radius: var(--radius-md); padding: .5rem; }
@media (max-width: 640px) {
  .encabezado h1 { font-size: 1.2rem; }
  .pasaje { max-height: 18rem; }
}
"""

# Solo en la página del personal: tablas del estado, informe de cambios, bitácora y revisión.
CSS_PERSONAL = """
.p-h2 { font-size: 1.1rem; margin: 1rem 0 .25rem; }
.p-tenue { color: var(--body-text-color-subdued); font-size: .9rem; }
.p-resumen { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: 0 0 .75rem; }
.p-resumen dt { font-size: .8rem; color: var(--body-text-color-subdued); }
.p-resumen dd { margin: 0; font-weight: 600; }
.p-desplazable { overflow-x: auto; max-height: 28rem; overflow-y: auto; }
.p-tabla { border-collapse: collapse; width: 100%; font-size: .9rem; border: 1px solid var(--border-color-primary) !important; }
.p-tabla caption { text-align: left; font-weight: 600; padding: .25rem 0; }
/* Gradio dibuja bordes verticales oscuros en filas y celdas de toda tabla de un gr.HTML: aquí solo líneas entre filas. */
.p-tabla tr { border: 0 !important; }
.p-tabla th, .p-tabla td { border: 0 !important; border-bottom: 1px solid var(--border-color-primary) !important; padding: .35rem .5rem; text-align: left; vertical-align: top; }
.p-tabla th { background: var(--background-fill-secondary); position: sticky; top: 0; }
.p-num { text-align: right; white-space: nowrap; }
.p-titulo { font-weight: 600; }
.insignia-carga { background: #dcfce7; color: #166534; }
.p-omitidos, .p-aviso { border: 1px solid #d97706; background: #fffbeb; color: #78350f; border-radius: var(--radius-md); padding: .5rem .75rem; }
.p-resultados { list-style: none; padding: 0; margin: .5rem 0; }
.p-resultado { margin: .25rem 0; }
.p-rechazado { color: #991b1b; }
.p-nota { font-size: .9rem; }
.p-informe { border: 1px solid var(--border-color-primary); border-radius: var(--radius-md); padding: .75rem 1rem; margin-top: .75rem; }
.p-informe h3 { margin: 0 0 .25rem; font-size: 1.05rem; }
.p-sesion { display: flex; gap: .75rem; align-items: center; justify-content: flex-end; }
.p-sesion button { border: 1px solid var(--border-color-primary); border-radius: var(--radius-md); padding: .3rem .8rem; background: var(--background-fill-secondary); cursor: pointer; }
.p-revision { border: 1px solid var(--border-color-primary); border-radius: var(--radius-md); padding: .75rem 1rem; }
.p-revision h4 { margin: .75rem 0 .25rem; font-size: .95rem; }
.p-pregunta { font-size: 1.1rem; margin: .25rem 0 .5rem; }
.p-respuesta, .p-respuesta-vieja { line-height: 1.5; }
.p-respuesta p, .p-respuesta-vieja p { margin: 0 0 .5rem; }
.p-hechos { list-style: none; padding-left: 0; }
.p-si { color: #166534; }
.p-no { color: #b91c1c; }
.p-pendiente { color: var(--body-text-color-subdued); font-style: italic; }
.p-cambio { background: #fef3c7; color: #78350f; border-radius: var(--radius-md); padding: .4rem .6rem; font-weight: 600; }
.p-previas ol { margin: 0 0 .5rem; }
"""

# Gradio escribe <html lang="en"> y elige el idioma de sus propios textos según el
# navegador. Esta página es en español para todos: lectores de pantalla incluidos.
_FIJAR_IDIOMA = (
    "<script>/* Página en español: Gradio toma su idioma de navigator.language. */"
    "try{Object.defineProperty(navigator,'language',{get:function(){return 'es'}});"
    "Object.defineProperty(navigator,'languages',{get:function(){return ['es']}});}catch(e){}</script>"
)


class PaginaEnEspanol:
    """Middleware ASGI: en las páginas HTML pone lang="es" y fija el idioma antes de que cargue Gradio."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].endswith("/"):
            return await self.app(scope, receive, send)
        # Sin compresión para poder reescribir el HTML (la página pesa pocos KB).
        scope = dict(scope, headers=[(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"])
        inicio: dict = {}
        cuerpo: list[bytes] = []

        async def enviar(mensaje):
            if mensaje["type"] == "http.response.start":
                cabeceras = dict((k.lower(), v) for k, v in mensaje.get("headers", []))
                if not cabeceras.get(b"content-type", b"").startswith(b"text/html") or b"content-encoding" in cabeceras:
                    inicio["pasar"] = True
                    return await send(mensaje)
                inicio.update(mensaje)
                return None
            if inicio.get("pasar") or mensaje["type"] != "http.response.body":
                return await send(mensaje)
            cuerpo.append(mensaje.get("body", b""))
            if mensaje.get("more_body"):
                return None
            html = _en_espanol(b"".join(cuerpo))
            cabeceras = [(k, v) for k, v in inicio.get("headers", []) if k.lower() != b"content-length"]
            cabeceras.append((b"content-length", str(len(html)).encode()))
            await send({**inicio, "headers": cabeceras})
            await send({"type": "http.response.body", "body": html})

        return await self.app(scope, receive, enviar)


def _en_espanol(html: bytes) -> bytes:
    texto = html.decode("utf-8")
    texto = texto.replace('lang="en"', 'lang="es"', 1)
    if "<head>" in texto:
        texto = texto.replace("<head>", "<head>" + _FIJAR_IDIOMA, 1)
    return texto.encode("utf-8")
