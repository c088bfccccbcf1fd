"""Middleware ASGI de defensa: cabeceras de seguridad y rutas de archivos solo donde hacen falta.

- Toda respuesta lleva `X-Frame-Options: DENY` y una política de contenido (CSP) que solo
  admite lo servido por este mismo servidor: la página no se puede incrustar en otro sitio
  ni cargar nada de fuera.
- La página pública (todo lo que no está bajo una página del personal) no recibe archivos
  (`…/gradio_api/upload`) ni los sirve (`…/gradio_api/file=`): el chat no tiene ningún
  componente de archivos, y así lo que produce el personal (p. ej. el CSV de validaciones)
  no queda al alcance de quien adivine su ruta.
- En las páginas del personal, una subida que declara más bytes que el máximo se rechaza
  antes de leerla (Gradio vuelve a medir mientras la recibe).
- Nadie pide a este servidor que vaya a buscar una URL (`file=http…`, `proxy=`).
- Las llamadas a los eventos de Gradio (`…/gradio_api/queue/join` y demás POST) se leen
  antes de pasarlas (hasta `CUERPO_MAXIMO` bytes): un `fn_index` que la página no tiene o un
  archivo cuya ruta no está en la carpeta de subidas de Gradio (una ruta cualquiera del
  disco, una URL) recibe 400 con el motivo, sin traza en el registro. Gradio no comprueba
  esas rutas en las páginas montadas en FastAPI, y copiaría a su caché lo que se le diga.
"""
from __future__ import annotations

import json
import logging

from .subidas import en_la_carpeta_de_subidas

registro = logging.getLogger("asistente.web")

CSP = "; ".join([
    "default-src 'self'",
    # Gradio usa guiones en línea y `new Function` para los eventos con js=.
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
CABECERAS = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
SIN_ARCHIVOS = "Esta página no recibe ni entrega archivos."
MUY_GRANDE = "El archivo supera el tamaño máximo de {mb} MB."
SIN_URL = "Este servidor no trae archivos de otras direcciones."
NO_VALIDA = "Petición no válida: {motivo}."
# Una pregunta con su conversación ocupa pocos KB; 1 MB sobra y acota lo que se lee en memoria.
CUERPO_MAXIMO = 1024 * 1024


class Blindaje:
    """`paginas_con_archivos`: prefijos de las páginas del personal («/personal»); `maximo`: bytes por subida."""

    def __init__(self, app, paginas_con_archivos=(), maximo: int | None = None, bloques: dict | None = None) -> None:
        self.app = app
        self.paginas = tuple(p.rstrip("/") for p in paginas_con_archivos if p.rstrip("/"))
        self.maximo = maximo
        # Ruta de montaje («» para «/») → gr.Blocks; se llena al montar las páginas.
        self.bloques = bloques if bloques is not None else {}

    def de_personal(self, ruta: str) -> bool:
        return any(ruta == p or ruta.startswith(p + "/") for p in self.paginas)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        ruta = scope.get("path", "")
        cola = ruta.rsplit("/gradio_api/", 1)[-1] if "/gradio_api/" in ruta else ""
        if cola.startswith(("file=http:", "file=https:", "file=//", "proxy=")):
            return await responder(send, 403, SIN_URL)
        if cola.startswith(("upload", "file=")) and not self.de_personal(ruta):
            return await responder(send, 404, SIN_ARCHIVOS)
        if cola.startswith("upload") and self.maximo is not None:
            declarado = _longitud(scope.get("headers", []))
            # El cuerpo multipart agrega unos cientos de bytes al archivo.
            if declarado is not None and declarado > self.maximo + 64 * 1024:
                return await responder(send, 413, MUY_GRANDE.format(mb=f"{self.maximo / (1024 * 1024):g}"))
        if cola and not cola.startswith("upload") and scope.get("method") == "POST":
            cuerpo, motivo = await _leer_cuerpo(receive)
            if not motivo:
                motivo = self.motivo_de_rechazo(ruta[: ruta.rfind("/gradio_api/")], cuerpo)
            if motivo:
                registro.warning("Petición rechazada a %s: %s", ruta[:200], motivo)
                return await responder(send, 413 if cuerpo is None else 400, NO_VALIDA.format(motivo=motivo))
            receive = _repetir(cuerpo, receive)

        async def con_cabeceras(mensaje):
            if mensaje["type"] == "http.response.start":
                propias = {k for k, _ in CABECERAS}
                cabeceras = [(k, v) for k, v in mensaje.get("headers", []) if k.lower() not in propias]
                mensaje = {**mensaje, "headers": cabeceras + CABECERAS}
            await send(mensaje)

        return await self.app(scope, receive, con_cabeceras)

    def motivo_de_rechazo(self, montaje: str, cuerpo: bytes) -> str:
        """"" si la llamada se puede pasar a Gradio; si no, por qué no (en español)."""
        try:
            datos = json.loads(cuerpo) if cuerpo.strip() else {}
        except ValueError:
            return "el cuerpo no es JSON"
        if not isinstance(datos, dict):
            return "el cuerpo no es un objeto JSON"
        bloques = self.bloques.get(montaje.rstrip("/"))
        if "fn_index" in datos and bloques is not None:
            indice = datos["fn_index"]
            if indice is not None and (not isinstance(indice, int) or isinstance(indice, bool) or indice not in bloques.fns):
                return "la página no tiene ese evento (fn_index)"
        for ruta in _rutas_de_archivos(datos.get("data")):
            if not isinstance(ruta, str) or en_la_carpeta_de_subidas(ruta) is None:
                return "un archivo no llegó por la carga de la página"
        return ""


async def _leer_cuerpo(receive) -> tuple[bytes | None, str]:
    partes, tamano = [], 0
    while True:
        mensaje = await receive()
        if mensaje["type"] == "http.disconnect":
            return b"", "la conexión se cerró"
        trozo = mensaje.get("body", b"")
        tamano += len(trozo)
        if tamano > CUERPO_MAXIMO:
            return None, f"el cuerpo supera {CUERPO_MAXIMO // 1024} KB"
        partes.append(trozo)
        if not mensaje.get("more_body"):
            return b"".join(partes), ""


def _repetir(cuerpo: bytes, original):
    """Entrega el cuerpo ya leído y después escucha la conexión de verdad (p. ej. su cierre)."""
    entregado = False

    async def receive():
        nonlocal entregado
        if not entregado:
            entregado = True
            return {"type": "http.request", "body": cuerpo, "more_body": False}
        return await original()

    return receive


def _rutas_de_archivos(valor, profundidad: int = 0):
    """Las rutas de los objetos de archivo de Gradio (dicts con «path») dentro de los datos."""
    if profundidad > 20:
        return
    if isinstance(valor, dict):
        if "path" in valor and ("meta" in valor or "orig_name" in valor or "url" in valor):
            yield valor["path"]
        for v in valor.values():
            yield from _rutas_de_archivos(v, profundidad + 1)
    elif isinstance(valor, list):
        for v in valor:
            yield from _rutas_de_archivos(v, profundidad + 1)


def _longitud(cabeceras) -> int | None:
    for k, v in cabeceras:
        if k.lower() == b"content-length":
            try:
                return int(v)
            except ValueError:
                return None
    return None


async def responder(send, codigo: int, detalle: str) -> None:
    datos = json.dumps({"detail": detalle}, ensure_ascii=False).encode("utf-8")
    await send({
        "type": "http.response.start",
        "status": codigo,
        "headers": [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(datos)).encode()),
                    (b"cache-control", b"no-store"), *CABECERAS],
    })
    await send({"type": "http.response.body", "body": datos})


class _TrazasDeLaCola:
    """Sustituye al módulo `traceback` dentro de `gradio.queueing`.

    Gradio imprime la traza completa de todo error de un evento, incluidos los de validación
    que provoca una petición mal formada (un valor que no está entre las opciones de un
    Radio). Esos (`gradio.Error`) quedan en una línea del registro; cualquier otro error
    conserva su traza.
    """

    def __getattr__(self, nombre):
        import traceback

        return getattr(traceback, nombre)

    def print_exc(self, *args, **kwargs):
        import sys
        import traceback

        from gradio.exceptions import Error

        error = sys.exc_info()[1]
        if isinstance(error, Error):
            registro.warning("Evento rechazado por Gradio: %s", str(error)[:300])
            return None
        return traceback.print_exc(*args, **kwargs)


def silenciar_errores_de_validacion() -> None:
    from gradio import queueing

    if not isinstance(queueing.traceback, _TrazasDeLaCola):
        queueing.traceback = _TrazasDeLaCola()
