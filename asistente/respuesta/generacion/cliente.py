"""El modelo de lenguaje por LangChain (`langchain-openai` con `base_url`): Ollama, vLLM,
llama.cpp, LM Studio o una nube compatible con la API de OpenAI.

Se importa solo si hay ASISTENTE_LLM_URL: sin ella, el cliente de OpenAI ni se carga.
Todo fallo (servidor caído, tiempo agotado, 401, 429, 500, salida vacía o mal formada,
transmisión cortada) sale como `FalloDelModelo` con un motivo en español, y ninguna
llamada dura más que `segundos`: la conversación corre en un hilo aparte y quien espera
deja de esperar al vencer el plazo.
"""
from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from ...configuracion import Configuracion

# Motivos de un fallo (van a `verificacion.fallo` y deciden el aviso que se muestra).
TIEMPO = "tiempo"
NO_DISPONIBLE = "no_disponible"
CLAVE = "clave"
SATURADO = "saturado"
ERROR_DEL_SERVIDOR = "error_del_servidor"
VACIA = "vacia"
MAL_FORMADA = "mal_formada"
CORTADA = "cortada"

AVISOS = {
    TIEMPO: "el servidor del modelo no respondió a tiempo",
    NO_DISPONIBLE: "el servidor del modelo no está disponible",
    CLAVE: "el servidor del modelo rechazó la clave de acceso",
    SATURADO: "el servidor del modelo está saturado en este momento",
    ERROR_DEL_SERVIDOR: "el servidor del modelo tuvo un error",
    VACIA: "el modelo no devolvió texto",
    MAL_FORMADA: "la respuesta del modelo llegó mal formada",
    CORTADA: "la respuesta del modelo se cortó a mitad de camino",
}


class FalloDelModelo(Exception):
    def __init__(self, motivo: str, detalle: str = "") -> None:
        super().__init__(f"{motivo}: {detalle}" if detalle else motivo)
        self.motivo = motivo
        self.detalle = detalle

    @property
    def aviso(self) -> str:
        return AVISOS.get(self.motivo, "el modelo de lenguaje falló")


@dataclass
class Trozo:
    texto: str
    fin: str | None = None  # finish_reason del último trozo («stop», «length»…)


def _modelo_de_chat(configuracion: Configuracion, transmitir: bool):
    """El `ChatOpenAI` de LangChain, sin reintentos (el plazo es uno solo) y sin tokenizadores que descargar."""
    from langchain_openai import ChatOpenAI

    class ChatSinDescargas(ChatOpenAI):
        # Contar tokens con tiktoken (o con el GPT-2 de transformers, en langchain-core) descarga
        # archivos de codificación la primera vez. Nada aquí los cuenta, pero si algo lo
        # intentara, se estima localmente en vez de salir a la red.
        def get_token_ids(self, text: str) -> list[int]:
            return list(range(len(re.findall(r"\w+|[^\w\s]", text))))

        def get_num_tokens_from_messages(self, messages, tools=None) -> int:  # noqa: ANN001
            return sum(len(self.get_token_ids(str(m.content))) + 4 for m in messages)

        def _get_encoding_model(self):
            raise RuntimeError("Conteo de tokens con tiktoken desactivado: nada se descarga.")

    return ChatSinDescargas(
        base_url=configuracion.llm_url,
        model=configuracion.llm_modelo,
        api_key=configuracion.clave_llm() or "sin-clave",  # Ollama y vLLM no la piden; el cliente exige una
        timeout=configuracion.llm_segundos,
        max_retries=0,
        max_tokens=configuracion.llm_tokens,
        temperature=0.0,
        streaming=transmitir,
        stream_usage=False,
        use_responses_api=False,  # la API de chat/completions, la que publican Ollama, vLLM y llama.cpp
    )


def clasificar(error: BaseException) -> FalloDelModelo:
    """El motivo legible de una excepción del cliente (de OpenAI, de LangChain o de httpx)."""
    if isinstance(error, FalloDelModelo):
        return error
    cadena, actual = [], error
    while actual is not None and len(cadena) < 8:
        cadena.append(actual)
        actual = actual.__cause__ or actual.__context__
    nombres = " ".join(type(e).__name__ for e in cadena)
    for e in cadena:
        estado = getattr(e, "status_code", None)
        if estado in (401, 403):
            return FalloDelModelo(CLAVE, f"HTTP {estado}")
        if estado == 429:
            return FalloDelModelo(SATURADO, "HTTP 429")
        if isinstance(estado, int) and estado >= 400:
            return FalloDelModelo(ERROR_DEL_SERVIDOR, f"HTTP {estado}")
    if "Timeout" in nombres:
        return FalloDelModelo(TIEMPO, nombres)
    # httpx: «RemoteProtocolError»/«ReadError» (se cortó a mitad) frente a «ConnectError» (no hay servidor).
    if any(n in nombres for n in ("RemoteProtocolError", "ReadError", "IncompleteRead", "ChunkedEncoding")):
        return FalloDelModelo(CORTADA, nombres)
    if "Connect" in nombres or "Connection" in nombres:
        return FalloDelModelo(NO_DISPONIBLE, nombres)
    return FalloDelModelo(MAL_FORMADA, nombres)


class ClienteLLM:
    """Un modelo de chat configurado; cada llamada respeta el plazo total `configuracion.llm_segundos`."""

    def __init__(self, configuracion: Configuracion) -> None:
        if not configuracion.redaccion_configurada:
            raise ValueError("No hay modelo de lenguaje configurado (ASISTENTE_LLM_URL y ASISTENTE_LLM_MODELO).")
        self.configuracion = configuracion
        self.segundos = configuracion.llm_segundos
        self._modelos: dict[bool, object] = {}
        self._cerrojo = threading.Lock()

    @property
    def nombre(self) -> str:
        return self.configuracion.llm_modelo

    def preparar(self) -> "ClienteLLM":
        """Importa LangChain y arma los dos modelos (con y sin transmisión) antes de que corra el plazo."""
        self._modelo(True)
        self._modelo(False)
        return self

    def _modelo(self, transmitir: bool):
        with self._cerrojo:
            if transmitir not in self._modelos:
                self._modelos[transmitir] = _modelo_de_chat(self.configuracion, transmitir)
            return self._modelos[transmitir]

    def transmitir(self, mensajes: list[tuple[str, str]], limite: float | None = None) -> Iterator[Trozo]:
        """Trozos de texto a medida que llegan. Lanza `FalloDelModelo`; nunca espera más allá del límite."""
        limite = limite if limite is not None else time.monotonic() + self.segundos
        cola: queue.Queue = queue.Queue()
        cancelado = threading.Event()
        modelo = self._modelo(True)

        def trabajar() -> None:
            fin = None
            try:
                with _sin_rastreo():
                    for trozo in modelo.stream(mensajes):
                        if cancelado.is_set():
                            return
                        fin = (trozo.response_metadata or {}).get("finish_reason") or fin
                        cola.put(("texto", Trozo(_texto(trozo.content), fin)))
                cola.put(("fin", fin))
            except BaseException as error:  # noqa: BLE001  (el hilo nunca deja escapar nada)
                cola.put(("error", error))

        threading.Thread(target=trabajar, name="modelo-de-lenguaje", daemon=True).start()
        recibido = False
        try:
            while True:
                restante = limite - time.monotonic()
                if restante <= 0:
                    raise FalloDelModelo(TIEMPO, f"más de {self.segundos:g} s")
                try:
                    clase, valor = cola.get(timeout=restante)
                except queue.Empty:
                    raise FalloDelModelo(TIEMPO, f"más de {self.segundos:g} s") from None
                if clase == "texto":
                    recibido = recibido or bool(valor.texto)
                    yield valor
                elif clase == "error":
                    raise clasificar(valor)
                else:
                    if valor is None:  # terminó sin «finish_reason»: la conexión se cerró antes de tiempo
                        raise FalloDelModelo(CORTADA if recibido else VACIA, "sin finish_reason")
                    if not recibido:
                        raise FalloDelModelo(VACIA, f"finish_reason={valor}")
                    yield Trozo("", valor)
                    return
        finally:
            cancelado.set()

    def completar(self, mensajes: list[tuple[str, str]], limite: float | None = None) -> tuple[str, str | None]:
        """(texto, finish_reason) de una respuesta sin transmisión; lanza `FalloDelModelo`."""
        limite = limite if limite is not None else time.monotonic() + self.segundos
        resultado: dict = {}
        modelo = self._modelo(False)

        def trabajar() -> None:
            try:
                with _sin_rastreo():
                    resultado["mensaje"] = modelo.invoke(mensajes)
            except BaseException as error:  # noqa: BLE001
                resultado["error"] = error

        hilo = threading.Thread(target=trabajar, name="modelo-de-lenguaje", daemon=True)
        hilo.start()
        hilo.join(max(0.0, limite - time.monotonic()))
        if hilo.is_alive():
            raise FalloDelModelo(TIEMPO, f"más de {self.segundos:g} s")
        if "error" in resultado:
            raise clasificar(resultado["error"])
        mensaje = resultado["mensaje"]
        texto = _texto(mensaje.content)
        if not texto.strip():
            raise FalloDelModelo(VACIA)
        return texto, (mensaje.response_metadata or {}).get("finish_reason")


def _texto(contenido) -> str:
    """El texto de un mensaje de LangChain (una cadena o una lista de bloques)."""
    if isinstance(contenido, str):
        return contenido
    if isinstance(contenido, list):
        return "".join(b if isinstance(b, str) else str(b.get("text", "")) for b in contenido if isinstance(b, (str, dict)))
    raise FalloDelModelo(MAL_FORMADA, type(contenido).__name__)


class _sin_rastreo:
    """Sin LangSmith aunque el entorno lo pida: las preguntas y los pasajes no salen a terceros."""

    def __enter__(self):
        try:
            from langsmith.run_helpers import tracing_context
        except ImportError:  # pragma: no cover
            self._contexto = None
            return self
        self._contexto = tracing_context(enabled=False)
        self._contexto.__enter__()
        return self

    def __exit__(self, *exc):
        if self._contexto is not None:
            self._contexto.__exit__(*exc)
        return False
