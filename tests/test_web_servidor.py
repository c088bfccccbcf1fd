"""`python app.py` de verdad, por HTTP y sin navegador: opciones, arranque, avisos y nada externo.

`ServidorWeb` también lo usan las pruebas de navegador (test_web_navegador.py).
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import RAIZ, configuracion_pequena, terminar_proceso

from asistente.indexado.indexador import actualizar


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def obtener(url: str, espera: float = 10.0) -> tuple[int, str, dict]:
    with urllib.request.urlopen(url, timeout=espera) as respuesta:
        return respuesta.status, respuesta.read().decode("utf-8"), dict(respuesta.headers)


# `python app.py` con un gancho de auditoría que anota toda conexión o resolución de nombres que
# no sea local: así se comprueba que tampoco el servidor (Gradio, Chroma, el modelo) sale a la red.
_AUDITADO = """
import ipaddress, runpy, sys
LOCALES = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "::"}

def _local(anfitrion):
    try:
        return ipaddress.ip_address(anfitrion).is_loopback
    except ValueError:
        return str(anfitrion) in LOCALES

def _gancho(evento, argumentos):
    if evento == "socket.connect" and isinstance(argumentos[1], tuple):
        destino = argumentos[1][0]
    elif evento == "socket.getaddrinfo":
        destino = argumentos[0]
    else:
        return
    if destino is not None and not _local(destino if isinstance(destino, str) else destino.decode()):
        with open(sys.argv[1], "a", encoding="utf-8") as salida:
            salida.write(f"{evento} {argumentos[:2]!r}\\n")

sys.addaudithook(_gancho)
sys.argv = ["app.py", *sys.argv[2:]]
runpy.run_path("app.py", run_name="__main__")
"""


class ServidorWeb:
    """`python app.py ARGUMENTOS` en 127.0.0.1 y un puerto libre (por ASISTENTE_HOST/ASISTENTE_PUERTO)."""

    def __init__(self, carpeta: Path, *argumentos: str, entorno: dict | None = None, espera: float = 120.0) -> None:
        carpeta.mkdir(parents=True, exist_ok=True)
        self.puerto = puerto_libre()
        self.url = f"http://127.0.0.1:{self.puerto}"
        self.bitacora = carpeta / "servidor.log"
        self.conexiones = carpeta / "conexiones-externas.log"
        variables = {**os.environ, "ASISTENTE_HOST": "127.0.0.1", "ASISTENTE_PUERTO": str(self.puerto), **(entorno or {})}
        self.lanzado = time.monotonic()
        with open(self.bitacora, "wb") as salida:
            self.proceso = subprocess.Popen(
                [sys.executable, "-c", _AUDITADO, str(self.conexiones), *argumentos],
                stdout=salida, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=RAIZ, env=variables,
            )
        limite = time.monotonic() + espera
        while True:
            try:
                self.estado()
                break
            except OSError:
                if self.proceso.poll() is not None or time.monotonic() > limite:
                    self.detener()
                    pytest.fail(f"el servidor no respondió en {self.url}:\n{self.registro()[-3000:]}")
                time.sleep(0.2)
        self.atendiendo = time.monotonic() - self.lanzado  # segundos hasta la primera respuesta HTTP

    def estado(self) -> dict:
        return json.loads(obtener(f"{self.url}/estado", espera=5)[1])

    def esperar(self, condicion, segundos: float = 300.0) -> dict:
        limite = time.monotonic() + segundos
        while True:
            estado = self.estado()
            if condicion(estado):
                return estado
            assert self.proceso.poll() is None, self.registro()[-3000:]
            assert time.monotonic() < limite, f"el servidor no llegó al estado esperado: {estado}\n{self.registro()[-3000:]}"
            time.sleep(0.1)

    def esperar_listo(self, segundos: float = 300.0) -> dict:
        return self.esperar(lambda e: e["listo"] or e["error"], segundos)

    def conexiones_externas(self) -> list[str]:
        return self.conexiones.read_text(encoding="utf-8").splitlines() if self.conexiones.exists() else []

    def registro(self) -> str:
        return self.bitacora.read_text(encoding="utf-8", errors="replace")

    def detener(self) -> None:
        terminar_proceso(self.proceso, 20)

    def __enter__(self) -> "ServidorWeb":
        return self

    def __exit__(self, *_) -> None:
        self.detener()


# Modo embebido explícito: un ASISTENTE_CHROMA_URL del entorno no debe colarse en estos índices de prueba.
EMBEBIDO = {"ASISTENTE_CHROMA_URL": ""}


def _app(*argumentos: str, entorno: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(RAIZ / "app.py"), *argumentos], capture_output=True, text=True, timeout=120, cwd=RAIZ,
        env={**os.environ, **(entorno or {})},
    )


@pytest.mark.lento
def test_ayuda_y_valores_invalidos_en_espanol(tmp_path):
    ayuda = _app("--help")
    assert ayuda.returncode == 0 and ayuda.stdout.startswith("uso: python app.py")
    for opcion in ("--host", "--puerto", "--indice", "--corpus", "--datos", "--no-indexar", "ASISTENTE_HOST", "ASISTENTE_PUERTO"):
        assert opcion in ayuda.stdout
    fuera = _app("--puerto", "70000")
    assert fuera.returncode == 2 and "el puerto debe estar entre 1 y 65535" in fuera.stderr
    # El puerto del entorno se valida al arrancar (la ayuda no lo necesita): falla antes de abrir nada.
    texto = _app("--no-indexar", "--indice", str(tmp_path / "indice"), "--datos", str(tmp_path / "datos"), entorno={"ASISTENTE_PUERTO": "siete"})
    assert texto.returncode != 0 and "ASISTENTE_PUERTO debe ser un número de puerto" in texto.stderr
    assert not (tmp_path / "datos").exists()


@pytest.mark.lento
def test_sin_indice_el_servidor_avisa_sirve_la_pagina_y_nada_externo(tmp_path):
    with ServidorWeb(tmp_path, "--no-indexar", "--indice", str(tmp_path / "indice"), "--datos", str(tmp_path / "datos"), entorno=EMBEBIDO) as servidor:
        estado = servidor.esperar_listo(60)
        assert not estado["listo"] and estado["error"].startswith("El índice está vacío")
        assert estado["descripcion"].startswith("El asistente no pudo prepararse: El índice está vacío")

        codigo, pagina, cabeceras = obtener(servidor.url + "/")
        assert codigo == 200 and cabeceras["content-type"].startswith("text/html")
        assert 'lang="es"' in pagina and "navigator,'language'" in pagina  # Gradio en español para todos
        # El tema usa fuentes del sistema: ni Google Fonts ni otra hoja de estilos de fuera.
        _, tema, _ = obtener(servidor.url + "/theme.css")
        assert "googleapis" not in tema and "@import" not in tema
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", tema)  # solo data: y rutas locales
        assert "system-ui" in tema
        _, config, _ = obtener(servidor.url + "/config")
        configuracion = json.loads(config)
        assert not configuracion.get("analytics_enabled") and configuracion.get("footer_links") == []
        assert "fonts.googleapis" not in config and "cdn." not in config
        assert servidor.estado()["error"]  # sigue atendiendo
        assert servidor.conexiones_externas() == []
        assert (tmp_path / "datos" / "registros.sqlite3").exists()  # las opiniones se guardan bajo --datos


@pytest.mark.lento
def test_con_indice_queda_listo_en_segundos(tmp_path):
    configuracion = configuracion_pequena(tmp_path)
    actualizar(configuracion)
    argumentos = ("--indice", str(configuracion.indice), "--datos", str(configuracion.datos), "--corpus", str(configuracion.corpus[0]))
    with ServidorWeb(tmp_path, *argumentos, entorno=EMBEBIDO) as servidor:
        estado = servidor.esperar_listo(60)
        listo_en = time.monotonic() - servidor.lanzado
        assert estado["listo"] and estado["version_indice"] == "v0001", estado
        print(f"\nMedidas (índice pequeño): HTTP a los {servidor.atendiendo:.1f} s, listo a los {listo_en:.1f} s del arranque")
        assert listo_en < 60
        assert "se construye desde el corpus" not in servidor.registro()  # con índice no se reindexa
        assert servidor.conexiones_externas() == []
