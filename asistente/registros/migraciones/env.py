"""Entorno de Alembic: siempre con la conexión (y la transacción) que abre `BaseDeRegistros`.

No hay alembic.ini: la base la elige la configuración del asistente (ASISTENTE_BD_URL o
datos/registros.sqlite3) y la migración corre con el cerrojo que impide que dos
servidores migren a la vez.
"""
from alembic import context

from asistente.registros.tablas import metadatos

conexion = context.config.attributes.get("connection")
if conexion is None:
    raise RuntimeError("Las migraciones se aplican con `python -m asistente personal migrar` (o al arrancar), no con `alembic`.")
context.configure(connection=conexion, target_metadata=metadatos, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
