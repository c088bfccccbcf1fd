"""Lo que comparten la validación del personal y la evaluación: los conjuntos de preguntas
(`conjunto`), el cotejo de una respuesta con lo esperado (`cotejo`) y qué preguntas toca una
actualización del índice (`afectadas`). Viven en el producto; el paquete de la
evaluación es un cliente más."""
