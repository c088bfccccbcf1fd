"""La respuesta: pregunta analizada → recuperación → fuente principal → redacción (o modelo verificado) → abstención."""
