"""Registros de las personas: opiniones, validaciones, auditoría, cuentas e importaciones.

Las tablas tienen las mismas columnas que los archivos SQLite de la versión anterior
(opiniones.sqlite3, validaciones.sqlite3, auditoria.sqlite3): si una ya existe (un
archivo de entonces abierto directamente), se adopta tal cual en vez de fallar.

Revision ID: 0001
Revises:
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _autoincremental() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def upgrade() -> None:
    existentes = set(sa.inspect(op.get_bind()).get_table_names())
    sqlite = op.get_bind().dialect.name == "sqlite"

    if "opiniones" not in existentes:
        op.create_table(
            "opiniones",
            _autoincremental(),
            sa.Column("creado", sa.Text, nullable=False),
            sa.Column("actualizado", sa.Text, nullable=False),
            sa.Column("voto", sa.Text, nullable=False),
            sa.Column("comentario", sa.Text, nullable=False, server_default=""),
            sa.Column("pregunta", sa.Text, nullable=False),
            sa.Column("respuesta", sa.Text, nullable=False),
            sa.Column("citas", sa.Text, nullable=False, server_default="[]"),
            sa.Column("version_indice", sa.Text, nullable=False, server_default=""),
            sa.Column("modulo", sa.Text),
            sa.Column("abstencion", sa.Integer, nullable=False, server_default="0"),
            sa.Column("contexto", sa.Text, nullable=False, server_default="[]"),
            sa.CheckConstraint("voto IN ('positivo', 'negativo')", name="opiniones_voto"),
            sqlite_autoincrement=True,
        )
        op.create_index("opiniones_por_voto", "opiniones", ["voto", "creado"])

    if "validaciones" not in existentes:
        op.create_table(
            "validaciones",
            _autoincremental(),
            sa.Column("clave", sa.Text, nullable=False),
            sa.Column("origen", sa.Text, nullable=False),
            sa.Column("pregunta", sa.Text, nullable=False),
            sa.Column("respuesta", sa.Text, nullable=False),
            sa.Column("huella_respuesta", sa.Text, nullable=False),
            sa.Column("citas", sa.Text, nullable=False),
            sa.Column("fuente_esperada", sa.Text, nullable=False, server_default=""),
            sa.Column("veredicto", sa.Text, nullable=False),
            sa.Column("comentario", sa.Text, nullable=False, server_default=""),
            sa.Column("revisor", sa.Text, nullable=False),
            sa.Column("fecha", sa.Text, nullable=False),
            sa.Column("version_indice", sa.Text, nullable=False, server_default=""),
            sa.CheckConstraint("veredicto IN ('correcta', 'parcial', 'incorrecta')", name="validaciones_veredicto"),
            sqlite_autoincrement=True,
        )
        op.create_index("validaciones_clave", "validaciones", ["clave", "id"])

    if "eventos" not in existentes:
        op.create_table(
            "eventos",
            _autoincremental(),
            sa.Column("momento", sa.Text, nullable=False),
            sa.Column("momento_utc", sa.Text, nullable=False),
            sa.Column("usuario", sa.Text, nullable=False),
            sa.Column("accion", sa.Text, nullable=False),
            sa.Column("detalle", sa.Text, nullable=False, server_default="{}"),
            sa.Column("version_indice", sa.Text, nullable=False, server_default=""),
            sqlite_autoincrement=True,
        )
        op.create_index("eventos_por_usuario", "eventos", ["usuario", "momento_utc"])
        op.create_index("eventos_por_accion", "eventos", ["accion", "momento_utc"])
    # La bitácora solo se agrega, aunque alguien abra la base a mano.
    if sqlite:
        op.execute("CREATE TRIGGER IF NOT EXISTS eventos_sin_cambios BEFORE UPDATE ON eventos "
                   "BEGIN SELECT RAISE(ABORT, 'la bitácora de auditoría no se modifica'); END")
        op.execute("CREATE TRIGGER IF NOT EXISTS eventos_sin_borrado BEFORE DELETE ON eventos "
                   "BEGIN SELECT RAISE(ABORT, 'la bitácora de auditoría no se borra'); END")
    else:
        op.execute(
            "CREATE OR REPLACE FUNCTION eventos_solo_se_agregan() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'la bitácora de auditoría no se modifica'; END IF; "
            "RAISE EXCEPTION 'la bitácora de auditoría no se borra'; END $$"
        )
        op.execute("CREATE TRIGGER eventos_sin_cambios BEFORE UPDATE OR DELETE ON eventos "
                   "FOR EACH ROW EXECUTE FUNCTION eventos_solo_se_agregan()")
        op.execute("CREATE TRIGGER eventos_sin_vaciado BEFORE TRUNCATE ON eventos "
                   "FOR EACH STATEMENT EXECUTE FUNCTION eventos_solo_se_agregan()")

    op.create_table(
        "cuentas",
        sa.Column("nombre", sa.Text, primary_key=True),
        sa.Column("rol", sa.Text, nullable=False),
        sa.Column("contrasena", sa.Text, nullable=False),
        sa.Column("creado", sa.Text, nullable=False),
        sa.Column("actualizado", sa.Text, nullable=False),
    )
    op.create_table(
        "importaciones",
        _autoincremental(),
        sa.Column("tipo", sa.Text, nullable=False),
        sa.Column("origen", sa.Text, nullable=False),
        sa.Column("huella", sa.Text, nullable=False),
        sa.Column("filas", sa.Integer, nullable=False),
        sa.Column("momento", sa.Text, nullable=False),
        sa.UniqueConstraint("tipo", "huella", name="importaciones_unicas"),
    )


def downgrade() -> None:
    op.drop_table("importaciones")
    op.drop_table("cuentas")
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS eventos_sin_vaciado ON eventos")
        op.execute("DROP TRIGGER IF EXISTS eventos_sin_cambios ON eventos")
        op.execute("DROP FUNCTION IF EXISTS eventos_solo_se_agregan()")
    op.drop_table("eventos")
    op.drop_table("validaciones")
    op.drop_table("opiniones")
