"""El servidor real ante peticiones hostiles: archivos, eventos inventados, cabeceras.

`python app.py` en 127.0.0.1 con el índice pequeño; todo por HTTP, sin navegador (la prueba
de navegador comprueba que la página funciona con estas cabeceras).
"""
from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import configuracion_pequena
from test_web_servidor import EMBEBIDO, ServidorWeb

from asistente.indexado.indexador import actualizar
from asistente.web.blindaje import CSP


@pytest.fixture(scope="module")
def servidor(tmp_path_factory):
    carpeta = tmp_path_factory.mktemp("blindaje")
    configuracion = configuracion_pequena(carpeta)
    actualizar(configuracion)
    argumentos = ("--indice", str(configuracion.indice), "--datos", str(configuracion.datos), "--corpus", str(configuracion.corpus[0]))
    with ServidorWeb(carpeta, *argumentos, entorno={**EMBEBIDO, "ASISTENTE_CARGA_MAXIMA_MB": "1"}) as servidor:
        assert servidor.esperar_listo(60)["listo"]
        yield servidor


def _pedir(url: str, datos: bytes | None = None, cabeceras: dict | None = None, metodo: str | None = None):
    peticion = urllib.request.Request(url, data=datos, headers=cabeceras or {}, method=metodo)
    try:
        with urllib.request.urlopen(peticion, timeout=20) as respuesta:
            return respuesta.status, respuesta.read().decode("utf-8", "replace"), dict(respuesta.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)


def _subir(url: str, cuerpo: bytes, cabeceras: dict) -> tuple[int, str]:
    """POST crudo que lee la respuesta aunque el servidor la dé antes de recibir todo el cuerpo."""
    partes = urllib.parse.urlsplit(url)
    with socket.create_connection((partes.hostname, partes.port), timeout=20) as conexion:
        encabezado = f"POST {partes.path} HTTP/1.1\r\nHost: {partes.netloc}\r\nContent-Length: {len(cuerpo)}\r\nConnection: close\r\n"
        encabezado += "".join(f"{k}: {v}\r\n" for k, v in cabeceras.items()) + "\r\n"
        try:
            conexion.sendall(encabezado.encode() + cuerpo)
        except (BrokenPipeError, ConnectionResetError):
            pass  # el servidor ya respondió y cerró
        recibido = b""
        while True:
            try:
                trozo = conexion.recv(65536)
            except ConnectionResetError:
                break
            if not trozo:
                break
            recibido += trozo
    cabeza, _, cuerpo_respuesta = recibido.partition(b"\r\n\r\n")
    return int(cabeza.split()[1]), cuerpo_respuesta.decode("utf-8", "replace")


def _multipart(nombre: str, contenido: bytes) -> tuple[bytes, dict]:
    limite = "----prueba7MA4YWxkTrZu0gW"
    cuerpo = (f"--{limite}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{nombre}\"\r\n"
              "Content-Type: application/octet-stream\r\n\r\n").encode() + contenido + f"\r\n--{limite}--\r\n".encode()
    return cuerpo, {"Content-Type": f"multipart/form-data; boundary={limite}"}


def test_cabeceras_de_seguridad_en_paginas_y_errores(servidor):
    for ruta in ("/", "/estado", "/ingresar", "/personal/gradio_api/info"):
        _, _, cabeceras = _pedir(servidor.url + ruta, cabeceras={"Accept": "application/json"})
        cabeceras = {k.lower(): v for k, v in cabeceras.items()}
        assert cabeceras["x-frame-options"] == "DENY", ruta
        assert cabeceras["content-security-policy"] == CSP and "frame-ancestors 'none'" in CSP
        assert cabeceras["x-content-type-options"] == "nosniff"
    assert "http" not in CSP.replace("'self'", "")  # nada de otros orígenes


def test_la_pagina_publica_no_recibe_ni_entrega_archivos(servidor, tmp_path):
    cuerpo, cabeceras = _multipart("grande.bin", b"\x00" * (3 * 1024 * 1024))
    codigo, texto = _subir(servidor.url + "/gradio_api/upload", cuerpo, cabeceras)
    assert codigo == 404 and "no recibe ni entrega archivos" in json.loads(texto)["detail"]
    codigo, _, _ = _pedir(servidor.url + "/gradio_api/file=" + str(servidor.bitacora))
    assert codigo == 404
    codigo, texto, _ = _pedir(servidor.url + "/personal/gradio_api/file=http://127.0.0.1:9/x")
    assert codigo == 403 and "otras direcciones" in texto


def test_las_subidas_del_personal_tienen_tamano_maximo(servidor):
    cuerpo, cabeceras = _multipart("grande.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024))
    codigo, texto = _subir(servidor.url + "/personal/gradio_api/upload", cuerpo, cabeceras)
    assert codigo == 413 and "supera el tamaño máximo de 1 MB" in json.loads(texto)["detail"]


def test_eventos_inventados_reciben_4xx_sin_traza_en_el_registro(servidor):
    base = {"session_hash": "hostil0001", "event_data": None, "trigger_id": None}
    json_ = {"Content-Type": "application/json"}
    casos = [
        {**base, "data": [], "fn_index": 9999},
        {**base, "data": [], "fn_index": "cero"},
        {**base, "data": [{"path": str(servidor.bitacora), "meta": {"_type": "gradio.FileData"}}], "fn_index": 0},
        {**base, "data": [{"path": "http://127.0.0.1:9/x.md", "orig_name": "x.md"}], "fn_index": 0},
    ]
    for caso in casos:
        codigo, texto, _ = _pedir(servidor.url + "/gradio_api/queue/join", json.dumps(caso).encode(), json_)
        assert codigo == 400 and json.loads(texto)["detail"].startswith("Petición no válida"), (caso, texto)
    codigo, _, _ = _pedir(servidor.url + "/gradio_api/queue/join", b"no es json", json_)
    assert codigo == 400
    codigo, _ = _subir(servidor.url + "/gradio_api/queue/join", b"[" * (2 * 1024 * 1024), json_)
    assert codigo == 413

    # Un valor fuera de las opciones del filtro de módulo: Gradio responde con su error, el registro queda en una línea.
    config = json.loads(_pedir(servidor.url + "/config")[1])
    radio = next(c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == "filtro-modulo")
    fn = next(i for i, d in enumerate(config["dependencies"]) if radio in d["inputs"] and len(d["inputs"]) == 3)
    fn_index = config["dependencies"][fn].get("id", fn)
    codigo, _, _ = _pedir(servidor.url + "/gradio_api/queue/join",
                          json.dumps({**base, "data": ["hola", "ZZZ", []], "fn_index": fn_index}).encode(), json_)
    assert codigo == 200
    _pedir(servidor.url + "/gradio_api/queue/data?session_hash=hostil0001")  # consume la respuesta
    assert servidor.proceso.poll() is None
    registro = servidor.registro()
    assert "Traceback" not in registro and "Exception in ASGI" not in registro, registro[-3000:]
    assert "Petición rechazada" in registro
