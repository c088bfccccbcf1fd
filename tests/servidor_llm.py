"""Un servidor de verdad (HTTP en 127.0.0.1) con la API chat/completions de OpenAI, guiado por un guion.

Lo usan las pruebas de la redacción con IA (#12): el cliente real de LangChain le habla
por la red local, sin simulaciones en Python. Cada petición toma la siguiente réplica del
guion (o la última, si se acabaron):

    servidor = ServidorLLM()
    servidor.guion = [Replica("El alcalde … [1].")]          # respuesta fiel
    servidor.guion = [Replica(estado=429)]                    # saturado
    servidor.guion = [Replica("…", demora=5)]                 # demasiado lento
    servidor.guion = [Replica("…", cortar_tras=3)]            # la transmisión se corta

Responde en SSE si la petición trae `"stream": true` y en JSON si no.
"""
from __future__ import annotations

import json
import re
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Replica:
    texto: str = ""
    estado: int = 200  # 401, 429, 500…: error con cuerpo JSON al estilo de OpenAI
    demora: float = 0.0  # segundos antes de responder nada
    pausa: float = 0.0  # segundos entre trozos de la transmisión
    cortar_tras: int | None = None  # trozos enviados antes de cortar la conexión a mitad
    cuerpo_crudo: str | None = None  # un cuerpo que no es JSON válido
    fin: str = "stop"  # finish_reason («length» si se agotaron los tokens)


class _Manejador(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    servidor_llm: "ServidorLLM"

    def log_message(self, *args) -> None:  # silencio en la salida de pytest
        pass

    def do_GET(self) -> None:  # /v1/models: lo que consultan algunos clientes
        self._json(200, {"object": "list", "data": [{"id": "modelo-de-prueba", "object": "model"}]})

    def do_POST(self) -> None:
        largo = int(self.headers.get("Content-Length") or 0)
        cuerpo = json.loads(self.rfile.read(largo) or b"{}")
        servidor = self.servidor_llm
        replica = servidor._siguiente()
        servidor.peticiones.append({"ruta": self.path, "cuerpo": cuerpo, "autorizacion": self.headers.get("Authorization", "")})
        if replica.demora:
            time.sleep(replica.demora)
            if _cerrada(self.connection):
                self.close_connection = True
                return
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._json(404, {"error": {"message": f"ruta desconocida {self.path}", "type": "invalid_request_error"}})
            return
        if replica.estado != 200:
            self._json(replica.estado, {"error": {"message": f"error {replica.estado} de prueba", "type": "server_error", "code": replica.estado}})
            return
        if replica.cuerpo_crudo is not None:
            self._crudo(200, replica.cuerpo_crudo.encode(), "application/json")
            return
        if cuerpo.get("stream"):
            self._transmitir(replica, cuerpo.get("model", ""))
        else:
            self._json(200, _completa(replica.texto, cuerpo.get("model", ""), replica.fin))

    # --- respuestas ------------------------------------------------------------------------
    def _json(self, estado: int, datos: dict) -> None:
        self._crudo(estado, json.dumps(datos, ensure_ascii=False).encode(), "application/json")

    def _crudo(self, estado: int, datos: bytes, tipo: str) -> None:
        self.send_response(estado)
        self.send_header("Content-Type", tipo)
        self.send_header("Content-Length", str(len(datos)))
        self.end_headers()
        try:
            self.wfile.write(datos)
        except OSError:  # el cliente ya se fue (se le agotó el plazo mientras esperábamos)
            self.close_connection = True

    def _transmitir(self, replica: Replica, modelo: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        trozos = _trozos(replica.texto)
        eventos = [_evento({"role": "assistant", "content": ""}, modelo)]
        eventos += [_evento({"content": t}, modelo) for t in trozos]
        eventos += [_evento({}, modelo, replica.fin), "data: [DONE]\n\n"]
        try:
            for numero, evento in enumerate(eventos):
                if replica.cortar_tras is not None and numero > replica.cortar_tras:
                    # A mitad de un trozo HTTP: el cliente recibe una conexión cerrada sin aviso.
                    self.wfile.write(b"40\r\ndata: {\"id\": \"cortado")
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                datos = evento.encode()
                self.wfile.write(f"{len(datos):x}\r\n".encode() + datos + b"\r\n")
                self.wfile.flush()
                if replica.pausa:
                    time.sleep(replica.pausa)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except OSError:  # el cliente dejó de escuchar (se le agotó el plazo)
            self.close_connection = True


def _cerrada(conexion: socket.socket) -> bool:
    """¿El cliente cerró la conexión mientras esperaba?"""
    try:
        conexion.setblocking(False)
        return conexion.recv(1, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        conexion.setblocking(True)


def _trozos(texto: str) -> list[str]:
    """Trozos de dos o tres palabras, como los que emite un modelo."""
    piezas = re.findall(r"\S+\s*|\s+", texto)
    return ["".join(piezas[i : i + 3]) for i in range(0, len(piezas), 3)]


def _evento(delta: dict, modelo: str, fin: str | None = None) -> str:
    datos = {
        "id": "chatcmpl-prueba", "object": "chat.completion.chunk", "created": int(time.time()), "model": modelo,
        "choices": [{"index": 0, "delta": delta, "finish_reason": fin}],
    }
    return f"data: {json.dumps(datos, ensure_ascii=False)}\n\n"


def _completa(texto: str, modelo: str, fin: str) -> dict:
    return {
        "id": "chatcmpl-prueba", "object": "chat.completion", "created": int(time.time()), "model": modelo,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": texto}, "finish_reason": fin}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


class ServidorLLM:
    """El servidor en un hilo; `url` es la base compatible con OpenAI (…/v1)."""

    def __init__(self) -> None:
        manejador = type("Manejador", (_Manejador,), {"servidor_llm": self})
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), manejador)
        self._http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}/v1"
        self.guion: list[Replica] = [Replica("")]
        self.peticiones: list[dict] = []
        self._cerrojo = threading.Lock()
        self._hilo = threading.Thread(target=self._http.serve_forever, name="servidor-llm", daemon=True)
        self._hilo.start()

    def _siguiente(self) -> Replica:
        with self._cerrojo:
            return self.guion.pop(0) if len(self.guion) > 1 else self.guion[0]

    def detener(self) -> None:
        self._http.shutdown()
        self._http.server_close()
