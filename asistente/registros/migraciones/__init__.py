"""Migraciones de Alembic de los registros (van dentro del paquete: se instalan con él)."""
