"""`asistente servir` (o `python app.py`): sirve el chat y las páginas del personal.

    asistente servir [--host 0.0.0.0] [--puerto 7860] [--indice CARPETA] [--corpus CARPETA ...]
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from ..configuracion import Configuracion

HOST_PREDETERMINADO = "127.0.0.1"
PUERTO_PREDETERMINADO = 7860
registro = logging.getLogger("asistente.web")

AYUDA = "sirve el chat (y las páginas del personal) en el navegador"
DESCRIPCION = "Sirve el chat del asistente. Si no hay índice, lo construye desde el corpus mostrando el avance en la página."
EPILOGO = (
    "Páginas: el chat en «/» (abierto; con ASISTENTE_CHAT_CON_INGRESO=1 pide cuenta) y la del personal en «/personal» "
    "(índice y validación; pide cuenta: créela con «python -m asistente personal agregar USUARIO»). "
    "Con varios servidores sobre un mismo Chroma, ASISTENTE_GESTIONA_INDICE=0 en los que no tienen el corpus."
)


def configurar(parser) -> None:
    parser.add_argument("--host", default=os.environ.get("ASISTENTE_HOST") or HOST_PREDETERMINADO,
                        help=f"dirección donde escuchar (ASISTENTE_HOST; por omisión {HOST_PREDETERMINADO}; 0.0.0.0 = toda la red de la oficina)")
    parser.add_argument("--puerto", type=int, default=None,
                        help=f"puerto (ASISTENTE_PUERTO; por omisión {PUERTO_PREDETERMINADO})")
    parser.add_argument("--indice", metavar="CARPETA", help="carpeta del índice (ASISTENTE_INDICE; por omisión indice/)")
    parser.add_argument("--corpus", metavar="CARPETA", action="append",
                        help="carpeta del corpus; se puede repetir (ASISTENTE_CORPUS; por omisión corpus/)")
    parser.add_argument("--datos", metavar="CARPETA", help="carpeta de opiniones y demás datos (ASISTENTE_DATOS; por omisión datos/)")
    parser.add_argument("--cargas", metavar="CARPETA",
                        help="carpeta donde el personal sube documentos; se indexa con el corpus (ASISTENTE_CARGAS; por omisión DATOS/cargas)")
    parser.add_argument("--no-indexar", action="store_true", help="si no hay índice, no construirlo (la página lo avisará)")


def _puerto_del_entorno() -> int:
    valor = os.environ.get("ASISTENTE_PUERTO")
    if not valor:
        return PUERTO_PREDETERMINADO
    try:
        return int(valor)
    except ValueError:
        raise ValueError(f"ASISTENTE_PUERTO debe ser un número de puerto, no «{valor}».") from None


def ejecutar(args) -> int:
    if args.puerto is None:
        try:
            args.puerto = _puerto_del_entorno()
        except ValueError as error:
            print(f"Error: {error}", file=sys.stderr)
            return 1
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
    _entorno_del_servidor()
    from ..registros import ErrorDeRegistros
    from ..web.servidor import crear_aplicacion, crear_servicio

    try:
        servicio = crear_servicio(configuracion, indexar_si_falta=not args.no_indexar)
    except ErrorDeRegistros as error:  # p. ej. PostgreSQL no responde: el mensaje no lleva la contraseña
        print(f"Error: {error}", file=sys.stderr)
        return 1
    from ..web.personal import construir_personal

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


def _entorno_del_servidor() -> None:
    """Antes de crear la cola de Gradio (ver docs/decisiones.md, «Carga»): Gradio rehace, tras cada
    evento, un resumen de sus últimos 10.000 eventos con pandas (para un tablero de monitoreo que
    aquí no se usa); con pocos eventos recordados y sin rehacerlo, ese trabajo no crece con las
    horas de servicio."""
    os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "50")
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", str(10**9))
