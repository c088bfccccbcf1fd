"""Evaluación del asistente: conjuntos de preguntas, métricas, ajuste y reportes."""
