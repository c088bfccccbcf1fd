"""Fuera de línea y sin telemetría (y un hilo de OpenMP): se aplica antes de importar Chroma, Gradio u onnxruntime.

Ninguna máquina de la Gobernación llega a un hub de modelos y nada puede salir
del servidor: estas variables apagan la analítica y las descargas de cada librería.
"""
import os

_VARIABLES = {
    "ANONYMIZED_TELEMETRY": "False",  # Chroma
    "CHROMA_TELEMETRY_IMPL": "none",
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime (dependencia de Chroma)
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",  # sentence-transformers / huggingface_hub: nunca descargar
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "DO_NOT_TRACK": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "LANGSMITH_TRACING": "false",  # LangChain (redacción opcional, #12): sin rastreo a terceros
    "LANGCHAIN_TRACING_V2": "false",
    # Un hilo de OpenMP por motor de e5: con dos, en una máquina ocupada los hilos se esperan
    # girando y el vector de una pregunta pasa de 15 a 190 ms (docs/decisiones.md, «Carga»).
    # Las preguntas simultáneas usan un motor cada una; el indexado, procesos de un hilo.
    "OMP_NUM_THREADS": "1",
}


def aplicar() -> None:
    for nombre, valor in _VARIABLES.items():
        os.environ.setdefault(nombre, valor)


aplicar()
