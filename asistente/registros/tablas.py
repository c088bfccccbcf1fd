"""Las tablas de los registros de las personas, para las consultas (SQLAlchemy Core).

El esquema lo crean y lo cambian las migraciones (`migraciones/versions`), nunca
`metadatos.create_all`: estas definiciones deben coincidir con la última migración.
Las fechas se guardan como texto ISO 8601 (como antes en SQLite): se leen igual en
SQLite y en PostgreSQL y ordenan bien como texto.
"""
from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, Table, Text, UniqueConstraint

metadatos = MetaData()

opiniones = Table(
    "opiniones", metadatos,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("creado", Text, nullable=False),  # ISO 8601 en UTC
    Column("actualizado", Text, nullable=False),
    Column("voto", Text, nullable=False),  # positivo | negativo
    Column("comentario", Text, nullable=False, server_default=""),
    Column("pregunta", Text, nullable=False),
    Column("respuesta", Text, nullable=False),
    Column("citas", Text, nullable=False, server_default="[]"),  # JSON: lista de Cita.a_dict()
    Column("version_indice", Text, nullable=False, server_default=""),
    Column("modulo", Text),  # filtro de módulo que tenía el chat
    Column("abstencion", Integer, nullable=False, server_default="0"),
    Column("contexto", Text, nullable=False, server_default="[]"),  # JSON: preguntas anteriores
    sqlite_autoincrement=True,
)

validaciones = Table(
    "validaciones", metadatos,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("clave", Text, nullable=False),  # id de la pregunta de evaluación, o huella de la pregunta
    Column("origen", Text, nullable=False),
    Column("pregunta", Text, nullable=False),
    Column("respuesta", Text, nullable=False),
    Column("huella_respuesta", Text, nullable=False),
    Column("citas", Text, nullable=False),  # JSON: etiquetas citadas
    Column("fuente_esperada", Text, nullable=False, server_default=""),
    Column("veredicto", Text, nullable=False),  # correcta | parcial | incorrecta
    Column("comentario", Text, nullable=False, server_default=""),
    Column("revisor", Text, nullable=False),
    Column("fecha", Text, nullable=False),
    Column("version_indice", Text, nullable=False, server_default=""),
    sqlite_autoincrement=True,
)

eventos = Table(  # la bitácora de auditoría: solo se agrega (disparadores en la migración)
    "eventos", metadatos,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("momento", Text, nullable=False),  # hora local con su desfase (lo que lee el personal)
    Column("momento_utc", Text, nullable=False),  # UTC, para filtrar sin ambigüedad
    Column("usuario", Text, nullable=False),
    Column("accion", Text, nullable=False),
    Column("detalle", Text, nullable=False, server_default="{}"),  # JSON
    Column("version_indice", Text, nullable=False, server_default=""),
    sqlite_autoincrement=True,
)

cuentas = Table(  # cuentas del personal (antes en usuarios.json)
    "cuentas", metadatos,
    Column("nombre", Text, primary_key=True),
    Column("rol", Text, nullable=False),
    Column("contrasena", Text, nullable=False),  # «scrypt$n$r$p$sal$hash», nunca la contraseña
    Column("creado", Text, nullable=False),
    Column("actualizado", Text, nullable=False),
)

importaciones = Table(  # archivos de la versión anterior ya traídos (la migración no se repite)
    "importaciones", metadatos,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tipo", Text, nullable=False),  # opiniones | validaciones | auditoria | cuentas
    Column("origen", Text, nullable=False),  # ruta del archivo, como referencia
    Column("huella", Text, nullable=False),  # SHA-256 del contenido
    Column("filas", Integer, nullable=False),
    Column("momento", Text, nullable=False),
    UniqueConstraint("tipo", "huella", name="importaciones_unicas"),
)
