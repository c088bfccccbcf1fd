"""El servidor web: una aplicación FastAPI con el chat en «/» y las páginas del personal.

    python app.py [--host 0.0.0.0] [--puerto 7860] [--indice CARPETA] [--corpus CARPETA ...]

Las páginas del personal se montan en sus propias rutas (p. ej. «/personal») con
`crear_aplicacion(servicio, paginas={"/personal": construir_personal})`: cada
constructor recibe el `Servicio` ya creado. Toda página de `paginas` exige ingresar
con una cuenta del personal («/ingresar»); el chat también, con ASISTENTE_CHAT_CON_INGRESO=1.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import entorno  # noqa: F401  (antes que Gradio: sin analítica ni descargas)
from ..asistente import Asistente
from ..configuracion import Configuracion
from ..opiniones import Opiniones
from ..personal.actualizacion import Actualizacion
from ..personal.auditoria import Auditoria
from ..personal.revision import Revision
from ..personal.usuarios import Usuarios
from ..registros import BaseDeRegistros
from ..validaciones import AlmacenValidaciones
from .preparacion import Preparacion
from .sesiones import Sesiones

HOST_PREDETERMINADO = "127.0.0.1"
PUERTO_PREDETERMINADO = 7860
registro = logging.getLogger("asistente.web")


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
def construir_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python app.py",
        description="Sirve el chat del asistente. Si no hay índice, lo construye desde el corpus mostrando el avance en la página.",
    )
    parser.add_argument("--host", default=os.environ.get("ASISTENTE_HOST") or HOST_PREDETERMINADO,
                        help=f"dirección donde escuchar (ASISTENTE_HOST; por omisión {HOST_PREDETERMINADO}; 0.0.0.0 = toda la red de la oficina)")
    parser.add_argument("--puerto", type=int, default=_puerto_del_entorno(),
                        help=f"puerto (ASISTENTE_PUERTO; por omisión {PUERTO_PREDETERMINADO})")
    parser.add_argument("--indice", metavar="CARPETA", help="carpeta del índice (ASISTENTE_INDICE; por omisión indice/)")
    parser.add_argument("--corpus", metavar="CARPETA", action="append",
                        help="carpeta del corpus; se puede repetir (ASISTENTE_CORPUS; por omisión corpus/)")
    parser.add_argument("--datos", metavar="CARPETA", help="carpeta de opiniones y demás datos (ASISTENTE_DATOS; por omisión datos/)")
    parser.add_argument("--cargas", metavar="CARPETA",
                        help="carpeta donde el personal sube documentos; se indexa con el corpus (ASISTENTE_CARGAS; por omisión DATOS/cargas)")
    parser.add_argument("--no-indexar", action="store_true", help="si no hay índice, no construirlo (la página lo avisará)")
    parser.epilog = (
        "Páginas: el chat en «/» (abierto; con ASISTENTE_CHAT_CON_INGRESO=1 pide cuenta) y la del personal en «/personal» "
        "(índice y validación; pide cuenta: créela con «python -m asistente personal agregar USUARIO»). "
        "Con varios servidores sobre un mismo Chroma, ASISTENTE_GESTIONA_INDICE=0 en los que no tienen el corpus."
    )
    return parser


def _puerto_del_entorno() -> int:
    valor = os.environ.get("ASISTENTE_PUERTO")
    if not valor:
        return PUERTO_PREDETERMINADO
    try:
        return int(valor)
    except ValueError:
        sys.exit(f"Error: ASISTENTE_PUERTO debe ser un número de puerto, no «{valor}».")


def main(argv: list[str] | None = None) -> int:
    args = construir_parser().parse_args(argv)
    if not 0 < args.puerto < 65536:
        print(f"Error: el puerto debe estar entre 1 y 65535 (se recibió {args.puerto}).", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        configuracion = Configuracion.desde_entorno(indice=args.indice, corpus=args.corpus, datos=args.datos, cargas=args.cargas)
    except ValueError as error:  # p. ej. ASISTENTE_GESTIONA_INDICE=tal vez
        print(f"Error: {error}", file=sys.stderr)
        return 2
    for carpeta in configuracion.corpus:
        if not Path(carpeta).is_dir():
            registro.warning("La carpeta del corpus no existe: %s", carpeta)
    from ..registros import ErrorDeRegistros

    try:
        servicio = crear_servicio(configuracion, indexar_si_falta=not args.no_indexar)
    except ErrorDeRegistros as error:  # p. ej. PostgreSQL no responde: el mensaje no lleva la contraseña
        print(f"Error: {error}", file=sys.stderr)
        return 1
    from .personal import construir_personal

    app = crear_aplicacion(servicio, paginas={"/personal": construir_personal})
    servicio.preparacion.iniciar()  # en segundo plano: la página responde mientras tanto

    import uvicorn

    visible = "localhost" if args.host in ("127.0.0.1", "0.0.0.0", "::") else args.host
    print(f"Asistente en http://{visible}:{args.puerto}/  (índice: {configuracion.indice}; datos: {configuracion.datos}; "
          f"registros: {configuracion.bd_visible}). Ctrl+C para detener.", flush=True)
    print(f"Personal: http://{visible}:{args.puerto}/personal/  (cargas: {servicio.configuracion.carpeta_cargas}"
          f"{'' if configuracion.gestiona_indice else '; este servidor no gestiona el índice'}).", flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.puerto, log_level="warning", access_log=False)
    except KeyboardInterrupt:
        pass
    return 0
