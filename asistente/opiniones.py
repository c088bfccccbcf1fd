"""Opiniones (👍 / 👎) de quienes usan el chat sobre cada respuesta, en SQLite.

    opiniones = Opiniones.en(configuracion)          # datos/opiniones.sqlite3
    id_ = opiniones.registrar(pregunta, respuesta, citas, NEGATIVO, comentario="Falta el plazo")
    opiniones.listar(voto=NEGATIVO)                  # lo que revisará el personal

Una conexión por operación, WAL y espera ante bloqueos: varios hilos y varios
procesos (trabajadores de la web, herramientas del personal) escriben a la vez sin
compartir conexiones ni perder registros.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .configuracion import Configuracion
from .persistencia import conexion_sqlite, preparar_base

NOMBRE_ARCHIVO = "opiniones.sqlite3"
POSITIVO = "positivo"
NEGATIVO = "negativo"
VOTOS = (POSITIVO, NEGATIVO)
LARGO_MAXIMO_COMENTARIO = 2000
_ESPERA_BLOQUEO_S = 15.0
_VERSION_ESQUEMA = 1

_ESQUEMA = """
CREATE TABLE IF NOT EXISTS opiniones (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    creado         TEXT NOT NULL,              -- ISO 8601 en UTC
    actualizado    TEXT NOT NULL,
    voto           TEXT NOT NULL CHECK (voto IN ('positivo', 'negativo')),
    comentario     TEXT NOT NULL DEFAULT '',
    pregunta       TEXT NOT NULL,
    respuesta      TEXT NOT NULL,
    citas          TEXT NOT NULL DEFAULT '[]', -- JSON: lista de Cita.a_dict()
    version_indice TEXT NOT NULL DEFAULT '',
    modulo         TEXT,                       -- filtro de módulo que tenía el chat
    abstencion     INTEGER NOT NULL DEFAULT 0,
    contexto       TEXT NOT NULL DEFAULT '[]'  -- JSON: preguntas anteriores (seguimientos)
);
CREATE INDEX IF NOT EXISTS opiniones_por_voto ON opiniones (voto, creado);
"""


class OpinionInvalida(ValueError):
    pass


@dataclass
class Opinion:
    id: int
    creado: str
    actualizado: str
    voto: str
    comentario: str
    pregunta: str
    respuesta: str
    citas: list[dict] = field(default_factory=list)
    version_indice: str = ""
    modulo: str | None = None
    abstencion: bool = False
    contexto: list[str] = field(default_factory=list)

    @classmethod
    def _desde_fila(cls, fila: sqlite3.Row) -> "Opinion":
        datos = dict(fila)
        datos["citas"] = json.loads(datos["citas"] or "[]")
        datos["contexto"] = json.loads(datos["contexto"] or "[]")
        datos["abstencion"] = bool(datos["abstencion"])
        return cls(**datos)


class Opiniones:
    def __init__(self, ruta: str | Path) -> None:
        self.ruta = Path(ruta)
        preparar_base(self.ruta, _ESQUEMA, _VERSION_ESQUEMA, _ESPERA_BLOQUEO_S)

    @classmethod
    def en(cls, configuracion: Configuracion) -> "Opiniones":
        return cls(configuracion.datos / NOMBRE_ARCHIVO)

    def _conexion(self):
        return conexion_sqlite(self.ruta, _ESPERA_BLOQUEO_S)

    # --- escribir -------------------------------------------------------------------------
    def registrar(
        self,
        pregunta: str,
        respuesta: str,
        citas: list[dict] | None = None,
        voto: str = NEGATIVO,
        comentario: str = "",
        version_indice: str = "",
        modulo: str | None = None,
        abstencion: bool = False,
        contexto: list[str] | None = None,
    ) -> int:
        """Guarda una opinión y devuelve su id."""
        ahora = _ahora()
        with self._conexion() as conexion:
            cursor = conexion.execute(
                "INSERT INTO opiniones (creado, actualizado, voto, comentario, pregunta, respuesta, citas,"
                " version_indice, modulo, abstencion, contexto) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    ahora,
                    ahora,
                    _voto(voto),
                    _comentario(comentario),
                    str(pregunta),
                    str(respuesta),
                    json.dumps(list(citas or []), ensure_ascii=False),
                    version_indice or "",
                    modulo or None,
                    int(bool(abstencion)),
                    json.dumps([str(p) for p in contexto or []], ensure_ascii=False),
                ),
            )
            return int(cursor.lastrowid)

    def actualizar(self, id_: int, voto: str | None = None, comentario: str | None = None) -> bool:
        """Cambia el voto o el comentario de una opinión (quien votó cambió de idea o explicó por qué)."""
        cambios, valores = [], []
        if voto is not None:
            cambios.append("voto = ?")
            valores.append(_voto(voto))
        if comentario is not None:
            cambios.append("comentario = ?")
            valores.append(_comentario(comentario))
        if not cambios:
            return False
        with self._conexion() as conexion:
            cursor = conexion.execute(
                f"UPDATE opiniones SET {', '.join(cambios)}, actualizado = ? WHERE id = ?", (*valores, _ahora(), int(id_))
            )
            return cursor.rowcount == 1

    def eliminar(self, id_: int) -> bool:
        """Quien votó retiró su voto."""
        with self._conexion() as conexion:
            return conexion.execute("DELETE FROM opiniones WHERE id = ?", (int(id_),)).rowcount == 1

    # --- leer ---------------------------------------------------------------------------------
    def obtener(self, id_: int) -> Opinion | None:
        with self._conexion() as conexion:
            fila = conexion.execute("SELECT * FROM opiniones WHERE id = ?", (int(id_),)).fetchone()
        return Opinion._desde_fila(fila) if fila else None

    def listar(self, voto: str | None = None, limite: int | None = None, desde: int = 0) -> list[Opinion]:
        """Las más recientes primero; `voto` filtra (p. ej. solo las 👎 para revisarlas)."""
        donde, valores = _filtro(voto)
        consulta = f"SELECT * FROM opiniones {donde} ORDER BY creado DESC, id DESC LIMIT ? OFFSET ?"
        with self._conexion() as conexion:
            filas = conexion.execute(consulta, (*valores, -1 if limite is None else int(limite), int(desde))).fetchall()
        return [Opinion._desde_fila(f) for f in filas]

    def contar(self, voto: str | None = None) -> int:
        donde, valores = _filtro(voto)
        with self._conexion() as conexion:
            return int(conexion.execute(f"SELECT COUNT(*) FROM opiniones {donde}", valores).fetchone()[0])


def _filtro(voto: str | None) -> tuple[str, tuple]:
    return ("WHERE voto = ?", (_voto(voto),)) if voto is not None else ("", ())


def _voto(voto: str) -> str:
    if voto not in VOTOS:
        raise OpinionInvalida(f"Voto desconocido «{voto}»: use «{POSITIVO}» o «{NEGATIVO}».")
    return voto


def _comentario(comentario: str | None) -> str:
    texto = str(comentario or "").strip()
    if len(texto) > LARGO_MAXIMO_COMENTARIO:
        raise OpinionInvalida(f"El comentario es demasiado largo ({len(texto)} caracteres; el máximo es {LARGO_MAXIMO_COMENTARIO}).")
    return texto


def _ahora() -> str:
    # Microsegundos: dos opiniones del mismo segundo conservan su orden.
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")
