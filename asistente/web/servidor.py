"""El servidor web: una aplicación FastAPI con el chat en «/» y las páginas del personal.

    servicio = crear_servicio(configuracion)
    app = crear_aplicacion(servicio, paginas={"/personal": construir_personal})

Lo arranca `asistente servir` (o `python app.py`; ver cli/servir.py). Las páginas del personal
se montan en sus propias rutas (p. ej. «/personal»): cada constructor recibe el `Servicio` ya creado. Toda página de `paginas` exige ingresar
con una cuenta del personal («/ingresar»); el chat también, con ASISTENTE_CHAT_CON_INGRESO=1.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .. import entorno  # noqa: F401  (antes que Gradio: sin analítica ni descargas)
from ..respuesta.asistente import Asistente
from ..configuracion import Configuracion
from ..personal.opiniones import Opiniones
from ..personal.actualizacion import Actualizacion
from ..personal.auditoria import Auditoria
from ..personal.revision import Revision
from ..personal.usuarios import Usuarios
from ..registros import BaseDeRegistros
from ..personal.validaciones import AlmacenValidaciones
from .preparacion import Preparacion
from .sesiones import Sesiones


@dataclass
class Servicio:
    """Lo que comparten todas las páginas de un proceso: un solo modelo e índice en memoria."""

    configuracion: Configuracion
    asistente: Asistente
    opiniones: Opiniones
    preparacion: Preparacion
    usuarios: Usuarios
    auditoria: Auditoria
    sesiones: Sesiones
    actualizacion: Actualizacion
    revision: Revision


def crear_servicio(configuracion: Configuracion, indexar_si_falta: bool = True) -> Servicio:
    # La carpeta de cargas es parte del corpus de la web: al arrancar sin índice y al
    # actualizar desde la página se indexa junto con el resto.
    configuracion = configuracion.con_cargas(crear=configuracion.gestiona_indice)
    asistente = Asistente(configuracion)
    # Una base para los registros de las personas (SQLite en --datos, o ASISTENTE_BD_URL compartida).
    registros = BaseDeRegistros.en(configuracion)
    opiniones, usuarios, auditoria = Opiniones(registros), Usuarios(registros), Auditoria(registros)
    preparacion = Preparacion(asistente, indexar_si_falta)
    return Servicio(
        configuracion, asistente, opiniones, preparacion, usuarios, auditoria, Sesiones(usuarios),
        Actualizacion(configuracion, auditoria, al_terminar=lambda _informe: preparacion.revisar()),
        Revision(asistente, AlmacenValidaciones(registros), opiniones, auditoria),
    )


def crear_aplicacion(servicio: Servicio, paginas: Mapping[str, Callable[[Servicio], object]] | None = None):
    """La aplicación ASGI. No arranca la preparación: eso lo decide quien la sirve (`main`)."""
    from fastapi import FastAPI

    from .apariencia import CSS_PERSONAL, PaginaEnEspanol
    from .blindaje import Blindaje, silenciar_errores_de_validacion
    from .chat import construir_chat
    from .ingreso import rutas_de_ingreso
    from .proteccion import ExigirIngreso

    paginas = dict(paginas or {})
    chat_con_ingreso = servicio.configuracion.chat_con_ingreso
    app = FastAPI(title="Asistente DSEGPP", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(PaginaEnEspanol)
    protegidas = ["/"] if chat_con_ingreso else list(paginas)
    if protegidas:
        app.add_middleware(ExigirIngreso, sesiones=servicio.sesiones, prefijos=protegidas)
    # El último agregado es el más externo: también las respuestas 401 llevan sus cabeceras.
    bloques: dict = {}  # montaje → gr.Blocks, para que Blindaje conozca los eventos de cada página
    app.add_middleware(Blindaje, paginas_con_archivos=list(paginas), maximo=servicio.configuracion.carga_maxima, bloques=bloques)
    silenciar_errores_de_validacion()
    app.include_router(rutas_de_ingreso(servicio.sesiones, servicio.usuarios, servicio.auditoria, chat_publico=not chat_con_ingreso))

    def usuario(request) -> str | None:
        # Segunda barrera, dentro de Gradio: sin sesión, sus rutas responden 401.
        from .sesiones import COOKIE

        return servicio.sesiones.usuario(request.cookies.get(COOKIE))

    @app.get("/estado", include_in_schema=False)
    def estado() -> dict:
        """Para monitoreo y pruebas: ¿ya responde?, ¿qué versión del índice?"""
        p = servicio.preparacion
        p.revisar()
        return {
            "listo": p.listo,
            "error": p.error or None,
            "descripcion": p.descripcion(),
            "version_indice": servicio.asistente.version_indice if p.listo else "",
        }

    # Starlette prueba las rutas en orden y «/» lo atrapa todo: las demás páginas van antes.
    for ruta, construir in paginas.items():
        bloques[ruta.rstrip("/")] = pagina = construir(servicio)
        montar(app, pagina, ruta, auth_dependency=usuario, css_extra=CSS_PERSONAL,
               max_file_size=servicio.configuracion.carga_maxima)
    bloques[""] = chat = construir_chat(servicio.asistente, servicio.opiniones, servicio.preparacion)
    montar(app, chat, "/", auth_dependency=usuario if chat_con_ingreso else None, max_file_size=0)
    return app


def montar(app, pagina, ruta: str, auth_dependency=None, css_extra: str = "", max_file_size: int | None = None):
    """Monta una página de Gradio con el aspecto común y sin nada que salga del servidor."""
    import gradio as gr

    from .apariencia import CSS, tema

    montada = gr.mount_gradio_app(
        app,
        pagina,
        path=ruta,
        auth_dependency=auth_dependency,
        max_file_size=max_file_size,
        theme=tema(),
        css=CSS + css_extra,
        footer_links=[],  # sin enlaces a gradio.app ni a la API
        run_history=False,  # nada de historial en el navegador ni en servicios externos
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        enable_monitoring=False,
        show_error=False,  # los errores internos van al registro, no a la página
    )
    # Gradio solo comprueba que un archivo de entrada esté en su carpeta de subidas si la
    # página «se lanzó» (launch); montada en FastAPI no lo hace: se le pide aquí.
    pagina.has_launched = True
    return montada


# --- línea de órdenes ------------------------------------------------------------------------
