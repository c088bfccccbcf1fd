"""La web del asistente.

- `chat.py`: la página pública (`construir_chat`).
- `servidor.py`: la aplicación FastAPI, el montaje de páginas, host/puerto y `main`.
- `preparacion.py`: carga o construcción del índice en segundo plano, con avance.
- `conversacion.py`: un turno de pregunta y respuesta, sin excepciones hacia la página.
- `presentacion.py`: mensajes, panel de fuentes y Markdown, todo escapado.
- `apariencia.py`: tema con fuentes del sistema, estilos y página en español.
- `en_el_navegador.py`: copiar y descargar la conversación (JavaScript).

Personal («/personal», con cuenta):
- `personal.py`: la página con sus pestañas (`construir_personal`).
- `pestana_indice.py` y `vistas_indice.py`: estado, cargas, retiros, actualización e informe.
- `pestana_validacion.py` y `vistas_validacion.py`: revisión de respuestas y veredictos.
- `ingreso.py`: «/ingresar» y «/salir»; `sesiones.py`: sesiones en memoria;
  `proteccion.py`: el middleware que exige sesión en las rutas protegidas.
"""
