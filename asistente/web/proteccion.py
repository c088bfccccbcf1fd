"""Middleware ASGI que exige sesión del personal en las rutas protegidas, antes de llegar a Gradio.

Se protege el PREFIJO entero (página, /config, /gradio_api/queue, /upload, /file=…, recursos
estáticos…), no ruta por ruta: una ruta que Gradio agregue en otra versión queda cubierta
sin tocar nada. Sin sesión, un navegador que pide una página va al ingreso y todo lo demás
recibe 401 sin datos. Además, un POST con cabecera Origin de otro sitio se rechaza (403):
la cookie ya es SameSite=Strict, esto es una segunda barrera contra CSRF.
"""
from __future__ import annotations

import json
from urllib.parse import quote, urlsplit

from .sesiones import Sesiones

RUTA_INGRESO = "/ingresar"
RUTA_SALIDA = "/salir"
NO_AUTENTICADO = "Ingrese con su cuenta del personal para usar esta página."
OTRO_ORIGEN = "Petición rechazada: viene de otro sitio."


class ExigirIngreso:
    """`prefijos`: rutas protegidas («/personal»; «/» protege todo). `abiertas`: excepciones exactas."""

    def __init__(self, app, sesiones: Sesiones, prefijos, abiertas=(RUTA_INGRESO, RUTA_SALIDA, "/estado")) -> None:
        self.app = app
        self.sesiones = sesiones
        self.prefijos = tuple(p.rstrip("/") for p in prefijos)
        self.abiertas = set(abiertas)

    def protegida(self, ruta: str) -> bool:
        if ruta in self.abiertas:
            return False
        return any(p == "" or ruta == p or ruta.startswith(p + "/") for p in self.prefijos)

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        ruta = scope.get("path", "")
        metodo = scope.get("method", "GET")
        cabeceras = scope.get("headers", [])
        if metodo not in ("GET", "HEAD", "OPTIONS") and (self.protegida(ruta) or ruta in (RUTA_INGRESO, RUTA_SALIDA)):
            if not mismo_origen(cabeceras):
                return await _responder(send, 403, {"detail": OTRO_ORIGEN})
        if not self.protegida(ruta) or self.sesiones.de_cabeceras(cabeceras):
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 1008})
        if metodo in ("GET", "HEAD") and _quiere_html(cabeceras):
            destino = ruta + (f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else "")
            return await _redirigir(send, f"{RUTA_INGRESO}?siguiente={quote(destino, safe='')}")
        return await _responder(send, 401, {"detail": NO_AUTENTICADO})


def mismo_origen(cabeceras) -> bool:
    """Sin cabecera Origin (p. ej. curl) se acepta; con ella, debe ser el mismo anfitrión que Host."""
    datos = {k.lower(): v.decode("latin-1") for k, v in cabeceras}
    origen = datos.get(b"origin")
    if not origen:
        return True
    if origen == "null":  # documentos sin origen (sandbox, archivos locales): no son esta página
        return False
    return urlsplit(origen).netloc.lower() == datos.get(b"host", "").lower()


def _quiere_html(cabeceras) -> bool:
    for k, v in cabeceras:
        if k.lower() == b"accept":
            return b"text/html" in v
    return False


async def _responder(send, codigo: int, cuerpo: dict) -> None:
    datos = json.dumps(cuerpo, ensure_ascii=False).encode("utf-8")
    await send({
        "type": "http.response.start",
        "status": codigo,
        "headers": [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(datos)).encode()),
                    (b"cache-control", b"no-store")],
    })
    await send({"type": "http.response.body", "body": datos})


async def _redirigir(send, destino: str) -> None:
    await send({
        "type": "http.response.start",
        "status": 303,
        "headers": [(b"location", destino.encode("latin-1")), (b"content-length", b"0"), (b"cache-control", b"no-store")],
    })
    await send({"type": "http.response.body", "body": b""})
