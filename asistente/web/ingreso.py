"""Ingreso y salida del personal: «/ingresar» (formulario propio, en español) y «/salir».

La contraseña se verifica con `personal.acceso.ingresar`: cada intento queda en la
auditoría (con la dirección de origen) y cinco fallos seguidos bloquean la cuenta 15
minutos. No hay cuenta por omisión: sin cuentas, la página explica cómo crear la primera.

Se usa un formulario propio y no el de Gradio (`auth=`) porque aquel solo recibe usuario
y contraseña: no sabría el origen para la auditoría ni podría mostrar el motivo del
rechazo (cuenta bloqueada) ni las instrucciones cuando aún no hay cuentas.
"""
from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.exc import SQLAlchemyError

from ..personal.acceso import IngresoRechazado, ingresar
from ..personal.auditoria import SALIDA, Auditoria
from ..personal.usuarios import ErrorDeUsuarios, Usuarios
from .presentacion import escapar_html
from .proteccion import RUTA_INGRESO, RUTA_SALIDA
from .sesiones import COOKIE, DURACION_MAXIMA_S, Sesiones

registro = logging.getLogger("asistente.web")
RUTA_PERSONAL = "/personal/"
SIN_CUENTAS = (
    "Todavía no hay cuentas del personal en este servidor, así que nadie puede ingresar. "
    "Quien administra el servidor debe crear la primera desde una terminal, en la carpeta del asistente:"
)
ORDEN_CREAR = "python -m asistente personal agregar USUARIO"
CUENTAS_DANADAS = "No se pudo verificar la cuenta por un problema del servidor. Avise a quien lo administra."


def rutas_de_ingreso(sesiones: Sesiones, usuarios: Usuarios, auditoria: Auditoria, chat_publico: bool = True) -> APIRouter:
    router = APIRouter()

    @router.get(RUTA_INGRESO, include_in_schema=False)
    def formulario(request: Request, siguiente: str = RUTA_PERSONAL, salida: str = ""):
        siguiente = destino_seguro(siguiente)
        if sesiones.usuario(request.cookies.get(COOKIE)):
            return RedirectResponse(siguiente, status_code=303)
        return _pagina(siguiente, usuarios, chat_publico, aviso="Cerró su sesión." if salida else "")

    @router.post(RUTA_INGRESO, include_in_schema=False)
    async def entrar(request: Request):
        formulario = await request.form()
        nombre = str(formulario.get("usuario") or "")[:200]
        contrasena = str(formulario.get("contrasena") or "")[:1000]
        siguiente = destino_seguro(str(formulario.get("siguiente") or RUTA_PERSONAL))
        origen = request.client.host if request.client else ""
        try:
            # scrypt tarda ~0,1 s: fuera del bucle de eventos para no frenar al chat.
            from starlette.concurrency import run_in_threadpool

            usuario = await run_in_threadpool(ingresar, usuarios, auditoria, nombre, contrasena, origen)
        except IngresoRechazado as error:
            return _pagina(siguiente, usuarios, chat_publico, error=str(error), nombre=nombre, codigo=401)
        except (ErrorDeUsuarios, SQLAlchemyError):  # p. ej. la base de registros compartida no responde
            registro.exception("No se pudieron leer las cuentas al ingresar")
            return _pagina(siguiente, usuarios, chat_publico, error=CUENTAS_DANADAS, nombre=nombre, codigo=503)
        respuesta = RedirectResponse(siguiente, status_code=303)
        respuesta.set_cookie(
            COOKIE, sesiones.abrir(usuario.nombre), max_age=DURACION_MAXIMA_S, path="/",
            httponly=True, samesite="strict", secure=request.url.scheme == "https",
        )
        return respuesta

    @router.post(RUTA_SALIDA, include_in_schema=False)
    def salir(request: Request):
        quien = sesiones.cerrar(request.cookies.get(COOKIE))
        if quien:
            try:
                auditoria.registrar(quien, SALIDA, {"origen": request.client.host if request.client else ""})
            except Exception:  # noqa: BLE001
                registro.exception("No se pudo anotar la salida en la auditoría")
        respuesta = RedirectResponse(f"{RUTA_INGRESO}?salida=1", status_code=303)
        respuesta.delete_cookie(COOKIE, path="/")
        return respuesta

    return router


def destino_seguro(siguiente: str) -> str:
    """Solo rutas de este mismo servidor: «//otro.sitio» o «https://…» llevarían a otra parte."""
    siguiente = str(siguiente or "")
    if not siguiente.startswith("/") or siguiente.startswith("//") or "\\" in siguiente or any(ord(c) < 32 for c in siguiente):
        return RUTA_PERSONAL
    return siguiente


def _pagina(siguiente: str, usuarios: Usuarios, chat_publico: bool, error: str = "", nombre: str = "", codigo: int = 200,
            aviso: str = "") -> HTMLResponse:
    try:
        hay_cuentas = bool(usuarios.listar())
    except (ErrorDeUsuarios, SQLAlchemyError):
        hay_cuentas, error = True, error or CUENTAS_DANADAS
    if not hay_cuentas:
        cuerpo = (
            f'<div class="aviso" role="status"><p>{escapar_html(SIN_CUENTAS)}</p>'
            f"<pre>{escapar_html(ORDEN_CREAR)}</pre>"
            "<p>La orden pide la contraseña dos veces (al menos 12 caracteres, con letras y números o símbolos). "
            "Las cuentas se guardan en la base de registros (<code>ASISTENTE_DATOS</code>, o la base compartida de "
            "<code>ASISTENTE_BD_URL</code>): una cuenta creada desde cualquier servidor que la comparte entra en todos. "
            "Después, recargue esta página.</p></div>"
        )
    else:
        alerta = f'<p class="error" role="alert">{escapar_html(error)}</p>' if error else ""
        if aviso and not error:
            alerta = f'<p class="informacion" role="status">{escapar_html(aviso)}</p>'
        cuerpo = (
            f"{alerta}"
            f'<form method="post" action="{RUTA_INGRESO}">'
            f'<input type="hidden" name="siguiente" value="{escapar_html(siguiente)}">'
            '<label for="usuario">Usuario</label>'
            f'<input id="usuario" name="usuario" autocomplete="username" autocapitalize="none" spellcheck="false" required value="{escapar_html(nombre)}"{"" if nombre else " autofocus"}>'
            '<label for="contrasena">Contraseña</label>'
            f'<input id="contrasena" name="contrasena" type="password" autocomplete="current-password" required{" autofocus" if nombre else ""}>'
            '<button type="submit" id="entrar">Ingresar</button></form>'
        )
    volver = '<p class="volver"><a href="/">Volver al chat</a></p>' if chat_publico else ""
    html = _PLANTILLA.replace("{{cuerpo}}", cuerpo).replace("{{volver}}", volver)
    return HTMLResponse(html, status_code=codigo, headers={"cache-control": "no-store"})


# Página autónoma: sin recursos de fuera ni de Gradio (se ve igual aunque falle todo lo demás).
_PLANTILLA = """<!doctype html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ingreso del personal · Asistente DSEGPP</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, "Noto Sans", "DejaVu Sans", sans-serif; background: #f8fafc; color: #0f172a; margin: 0; }
main { max-width: 26rem; margin: 8vh auto; background: #fff; border: 1px solid #e2e8f0; border-radius: .75rem; padding: 1.5rem 1.75rem; }
h1 { font-size: 1.3rem; margin: 0 0 .25rem; color: #166534; }
p.sub { margin: 0 0 1.25rem; color: #475569; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input { width: 100%; box-sizing: border-box; font: inherit; padding: .55rem .65rem; border: 1px solid #94a3b8; border-radius: .4rem; }
input:focus, button:focus { outline: 3px solid #86efac; outline-offset: 1px; }
button { margin-top: 1.25rem; width: 100%; font: inherit; font-weight: 600; padding: .6rem; border: 0; border-radius: .4rem; background: #15803d; color: #fff; cursor: pointer; }
button:hover { background: #166534; }
.error { background: #fef2f2; border: 1px solid #b91c1c; color: #7f1d1d; padding: .6rem .75rem; border-radius: .4rem; }
.informacion { background: #f0fdf4; border: 1px solid #15803d; padding: .6rem .75rem; border-radius: .4rem; }
.aviso { background: #fffbeb; border: 1px solid #d97706; padding: .6rem .9rem; border-radius: .4rem; }
pre { background: #0f172a; color: #f8fafc; padding: .6rem .75rem; border-radius: .4rem; overflow-x: auto; }
.volver { margin-top: 1.25rem; text-align: center; }
a { color: #166534; }
</style></head>
<body><main>
<h1>Asistente DSEGPP · Personal</h1>
<p class="sub">Gestión del índice y validación de respuestas. Ingrese con su cuenta del personal.</p>
{{cuerpo}}
{{volver}}
</main></body></html>
"""
