"""Respuestas redactadas por un modelo de lenguaje (opcional) y verificadas oración por oración (#12).

Apagado por omisión: sin ASISTENTE_LLM_URL nada de esto se usa, ni se importa el cliente
de OpenAI, ni sale una conexión. Punto de contacto con el núcleo:

    from asistente.respuesta.generacion import redactar, en_vivo
    redactada = redactar(asistente, respuesta_citada, historial)   # Respuesta (modo, verificacion)
"""
from .etapa import ETIQUETA, EXTRACTIVA, MODOS, REDACTADA, Avance, aplica, en_vivo, redactar

__all__ = ["ETIQUETA", "EXTRACTIVA", "MODOS", "REDACTADA", "Avance", "aplica", "en_vivo", "redactar"]
