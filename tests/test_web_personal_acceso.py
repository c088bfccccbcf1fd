"""Acceso a las páginas del personal por HTTP directo contra `python app.py` de verdad (sin navegador).

Quien no ingresó no llega a nada bajo /personal (página, config, API, cola, cargas, archivos):
recibe 401 o una redirección al ingreso, nunca datos. Los ingresos fallidos se rechazan y
quedan en la auditoría; cinco seguidos bloquean la cuenta; con la cuenta creada por la CLI
se entra y se sale.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import CONTRASENA_PERSONAL, crear_cuenta_personal
from test_web_servidor import EMBEBIDO, ServidorWeb

from asistente.personal.auditoria import INGRESO, INGRESO_FALLIDO, SALIDA, Auditoria

pytestmark = pytest.mark.lento  # cada prueba lanza el servidor web

class _SinRedirecciones(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


_CLIENTE = urllib.request.build_opener(_SinRedirecciones)


def pedir(url: str, metodo: str = "GET", datos: bytes | None = None, cabeceras: dict | None = None) -> tuple[int, dict, str]:
    peticion = urllib.request.Request(url, data=datos, method=metodo, headers=cabeceras or {})
    try:
        with _CLIENTE.open(peticion, timeout=30) as respuesta:
            return respuesta.status, dict(respuesta.headers), respuesta.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def ingresar(url: str, usuario: str, contrasena: str, siguiente: str = "/personal/", cabeceras: dict | None = None):
    formulario = urllib.parse.urlencode({"usuario": usuario, "contrasena": contrasena, "siguiente": siguiente}).encode()
    return pedir(f"{url}/ingresar", "POST", formulario, {"content-type": "application/x-www-form-urlencoded", **(cabeceras or {})})


HTML = {"accept": "text/html,application/xhtml+xml"}
JSON = {"content-type": "application/json"}
# Todo lo que expone una app de Gradio montada: nada de esto debe responder sin sesión.
RUTAS_GET = [
    "/personal", "/personal/config", "/personal/config/", "/personal/gradio_api/info", "/personal/gradio_api/openapi.json",
    "/personal/gradio_api/queue/data?session_hash=abc", "/personal/gradio_api/file=/etc/passwd", "/personal/theme.css",
    "/personal/gradio_api/upload_progress?upload_id=x", "/personal/gradio_api/heartbeat/abc", "/personal/user",
    "/personal/gradio_api/startup-events", "/personal/manifest.json",
]
RUTAS_POST = [
    "/personal/gradio_api/queue/join", "/personal/gradio_api/run/predict", "/personal/gradio_api/call/v2/predict",
    "/personal/gradio_api/api/predict", "/personal/gradio_api/upload", "/personal/gradio_api/reset", "/personal/gradio_api/cancel",
]


def _arrancar(carpeta, entorno: dict) -> ServidorWeb:
    argumentos = ("--no-indexar", "--indice", str(carpeta / "indice"), "--datos", str(carpeta / "datos"))
    return ServidorWeb(carpeta / "servidor", *argumentos, entorno={**EMBEBIDO, **entorno})


def test_sin_ingreso_nada_del_personal_y_con_la_cuenta_de_la_cli_si(tmp_path):
    cuentas, datos = tmp_path / "personal" / "usuarios.json", tmp_path / "datos"
    usuario = crear_cuenta_personal(cuentas, datos)
    crear_cuenta_personal(cuentas, datos, "otra", "Segunda-clave-segura-77")
    with _arrancar(tmp_path, {"ASISTENTE_USUARIOS": str(cuentas)}) as servidor:
        url = servidor.url
        # 1. Anónimo: la página lleva al ingreso; todo lo demás, 401 sin datos.
        codigo, cabeceras, _ = pedir(f"{url}/personal/", cabeceras=HTML)
        assert codigo == 303 and cabeceras["location"] == "/ingresar?siguiente=%2Fpersonal%2F"
        for ruta in RUTAS_GET:
            codigo, _, cuerpo = pedir(url + ruta)
            assert codigo == 401 and json.loads(cuerpo) == {"detail": "Ingrese con su cuenta del personal para usar esta página."}, ruta
        for ruta in RUTAS_POST:
            codigo, _, cuerpo = pedir(url + ruta, "POST", b'{"data": [], "fn_index": 0, "session_hash": "abc"}', JSON)
            assert codigo == 401 and "components" not in cuerpo, ruta
        multiparte = b'--x\r\nContent-Disposition: form-data; name="files"; filename="a.md"\r\n\r\nhola\r\n--x--\r\n'
        codigo, _, _ = pedir(f"{url}/personal/gradio_api/upload", "POST", multiparte, {"content-type": "multipart/form-data; boundary=x"})
        assert codigo == 401
        # Una cookie inventada no vale.
        assert pedir(f"{url}/personal/config", cabeceras={"cookie": "asistente_sesion=inventada"})[0] == 401
        # El chat sigue abierto para los funcionarios.
        assert pedir(f"{url}/", cabeceras=HTML)[0] == 200 and pedir(f"{url}/config")[0] == 200

        # 2. La página de ingreso, en español.
        codigo, _, pagina = pedir(f"{url}/ingresar?siguiente=%2Fpersonal%2F", cabeceras=HTML)
        assert codigo == 200 and 'lang="es"' in pagina and "Contraseña" in pagina and 'action="/ingresar"' in pagina
        assert "http" not in pagina.replace('href="/"', "")  # nada de fuera

        # 3. Contraseña equivocada: rechazada y anotada (con el origen); un POST de otro sitio ni se mira.
        codigo, cabeceras, pagina = ingresar(url, usuario, "no-es-la-clave-123")
        assert codigo == 401 and "Usuario o contraseña incorrectos." in pagina and "set-cookie" not in {k.lower() for k in cabeceras}
        codigo, _, _ = ingresar(url, usuario, CONTRASENA_PERSONAL, cabeceras={"origin": "http://otro.sitio.example"})
        assert codigo == 403
        auditoria = Auditoria(datos / "registros.sqlite3")
        fallido = auditoria.listar(accion=INGRESO_FALLIDO)
        assert len(fallido) == 1 and fallido[0].usuario == usuario and fallido[0].detalle["origen"] == "127.0.0.1"

        # 4. Cinco fallos seguidos bloquean la cuenta, aun con la contraseña correcta después.
        for _ in range(5):
            assert ingresar(url, "otra", "equivocada-000")[0] == 401
        codigo, _, pagina = ingresar(url, "otra", "Segunda-clave-segura-77")
        assert codigo == 401 and "Demasiados intentos fallidos" in pagina

        # 5. Con la cuenta creada por la CLI: entra, ve la página y su configuración.
        codigo, cabeceras, _ = ingresar(url, usuario, CONTRASENA_PERSONAL, siguiente="//otro.sitio.example/")
        assert codigo == 303 and cabeceras["location"] == "/personal/"  # nunca a otro sitio
        galleta = cabeceras["set-cookie"]
        assert "HttpOnly" in galleta and "SameSite=strict" in galleta.replace("Strict", "strict")
        sesion = {"cookie": galleta.split(";")[0]}
        codigo, _, pagina = pedir(f"{url}/personal/", cabeceras={**HTML, **sesion})
        assert codigo == 200 and 'lang="es"' in pagina and "gradio" in pagina.lower()
        codigo, _, config = pedir(f"{url}/personal/config", cabeceras=sesion)
        configuracion = json.loads(config)
        assert codigo == 200 and configuracion["username"] == usuario and configuracion.get("footer_links") == []
        textos = json.dumps(configuracion, ensure_ascii=False)
        assert "Estado del índice" in textos and "Guardar validación" in textos and "Actualizar el índice" in textos
        assert auditoria.listar(accion=INGRESO)[0].usuario == usuario

        # 6. Salir: la misma cookie ya no sirve.
        assert pedir(f"{url}/salir", "POST", b"", sesion)[0] == 303
        assert pedir(f"{url}/personal/config", cabeceras=sesion)[0] == 401
        assert auditoria.listar(accion=SALIDA)[0].usuario == usuario
        assert servidor.conexiones_externas() == []


def test_sin_cuentas_explica_como_crearlas_y_el_chat_puede_exigir_ingreso(tmp_path):
    cuentas = tmp_path / "personal" / "usuarios.json"  # no existe: ninguna cuenta
    with _arrancar(tmp_path, {"ASISTENTE_USUARIOS": str(cuentas), "ASISTENTE_CHAT_CON_INGRESO": "1"}) as servidor:
        url = servidor.url
        codigo, cabeceras, _ = pedir(f"{url}/", cabeceras=HTML)
        assert codigo == 303 and cabeceras["location"] == "/ingresar?siguiente=%2F"
        assert pedir(f"{url}/config")[0] == 401 and pedir(f"{url}/gradio_api/queue/join", "POST", b"{}", JSON)[0] == 401
        assert pedir(f"{url}/personal/config")[0] == 401
        codigo, _, pagina = pedir(f"{url}/ingresar", cabeceras=HTML)
        assert codigo == 200 and "Todavía no hay cuentas del personal" in pagina
        assert "python -m asistente personal agregar USUARIO" in pagina and "<form" not in pagina
        assert "Volver al chat" not in pagina  # el chat también exige cuenta
        codigo, _, pagina = ingresar(url, "admin", "admin")
        assert codigo == 401 and "Todavía no hay cuentas" in pagina  # no hay contraseña por omisión
        assert servidor.estado()["error"]  # /estado sigue abierto para el monitoreo
        assert servidor.conexiones_externas() == []
