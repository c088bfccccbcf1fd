"""Bitácora de auditoría de las acciones del personal, en SQLite (datos/auditoria.sqlite3).

    auditoria = Auditoria.en(configuracion)
    auditoria.registrar("ana", CARGA, {"archivo": "LEY-152-1994.pdf", "estado": "aceptado"}, version_indice="v0007")
    auditoria.listar(usuario="ana", accion=CARGA)        # las más recientes primero
    auditoria.exportar_csv("auditoria.csv")

Solo se agrega: no hay método para cambiar ni borrar, y unos disparadores de SQLite
rechazan UPDATE y DELETE aunque alguien abra la base a mano. Una conexión por
operación, WAL y espera ante bloqueos: varios hilos y procesos escriben a la vez.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Iterable

from ..configuracion import Configuracion
from ..persistencia import conexion_sqlite, preparar_base

NOMBRE_ARCHIVO = "auditoria.sqlite3"

# Acciones conocidas (se admite cualquier otra con la misma forma: minúsculas y guiones).
CARGA = "carga"
CARGA_RECHAZADA = "carga-rechazada"
ELIMINACION = "eliminacion"
ACTUALIZACION_INDICE = "actualizacion-indice"
VALIDACION = "validacion"
INGRESO = "ingreso"
INGRESO_FALLIDO = "ingreso-fallido"
SALIDA = "salida"
CUENTA_CREADA = "cuenta-creada"
CUENTA_ELIMINADA = "cuenta-eliminada"
CONTRASENA_CAMBIADA = "contrasena-cambiada"

COLUMNAS_CSV = ("id", "momento", "usuario", "accion", "detalle", "version_indice")
_ACCION_VALIDA = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
_ESPERA_BLOQUEO_S = 30.0
_VERSION_ESQUEMA = 1

_ESQUEMA = """
CREATE TABLE IF NOT EXISTS eventos (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    momento        TEXT NOT NULL,              -- ISO 8601, hora local con su desfase (lo que lee el personal)
    momento_utc    TEXT NOT NULL,              -- ISO 8601 en UTC (para filtrar y ordenar sin ambigüedad)
    usuario        TEXT NOT NULL,
    accion         TEXT NOT NULL,
    detalle        TEXT NOT NULL DEFAULT '{}', -- JSON
    version_indice TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS eventos_por_usuario ON eventos (usuario, momento_utc);
CREATE INDEX IF NOT EXISTS eventos_por_accion ON eventos (accion, momento_utc);
CREATE TRIGGER IF NOT EXISTS eventos_sin_cambios BEFORE UPDATE ON eventos
BEGIN SELECT RAISE(ABORT, 'la bitácora de auditoría no se modifica'); END;
CREATE TRIGGER IF NOT EXISTS eventos_sin_borrado BEFORE DELETE ON eventos
BEGIN SELECT RAISE(ABORT, 'la bitácora de auditoría no se borra'); END;
"""


class EventoInvalido(ValueError):
    pass


@dataclass
class Evento:
    id: int
    momento: str
    usuario: str
    accion: str
    detalle: dict = field(default_factory=dict)
    version_indice: str = ""

    @classmethod
    def _desde_fila(cls, fila: sqlite3.Row) -> "Evento":
        return cls(fila["id"], fila["momento"], fila["usuario"], fila["accion"], json.loads(fila["detalle"] or "{}"), fila["version_indice"])


class Auditoria:
    def __init__(self, ruta: str | Path) -> None:
        self.ruta = Path(ruta)
        preparar_base(self.ruta, _ESQUEMA, _VERSION_ESQUEMA, _ESPERA_BLOQUEO_S)

    @classmethod
    def en(cls, configuracion: Configuracion) -> "Auditoria":
        return cls(configuracion.datos / NOMBRE_ARCHIVO)

    def _conexion(self):
        return conexion_sqlite(self.ruta, _ESPERA_BLOQUEO_S)

    # --- agregar ----------------------------------------------------------------------------
    def registrar(self, usuario: str, accion: str, detalle: dict | None = None, version_indice: str = "") -> int:
        """Anota una acción y devuelve su id. `detalle` es cualquier dict serializable a JSON."""
        usuario = str(usuario or "").strip()
        if not usuario:
            raise EventoInvalido("Falta quién hizo la acción.")
        if not _ACCION_VALIDA.match(str(accion)):
            raise EventoInvalido(f"Acción no válida «{accion}»: use minúsculas y guiones, p. ej. «{CARGA}».")
        try:
            detalle_json = json.dumps(detalle or {}, ensure_ascii=False, default=str, sort_keys=True)
        except (TypeError, ValueError) as error:
            raise EventoInvalido(f"El detalle no se puede guardar como JSON ({error}).") from error
        ahora = datetime.now(timezone.utc)
        with self._conexion() as conexion:
            cursor = conexion.execute(
                "INSERT INTO eventos (momento, momento_utc, usuario, accion, detalle, version_indice) VALUES (?, ?, ?, ?, ?, ?)",
                (ahora.astimezone().isoformat(timespec="seconds"), ahora.isoformat(timespec="microseconds"),
                 usuario, accion, detalle_json, version_indice or ""),
            )
            return int(cursor.lastrowid)

    # --- leer ---------------------------------------------------------------------------------
    def listar(
        self,
        usuario: str | None = None,
        accion: str | Iterable[str] | None = None,
        desde: datetime | date | str | None = None,
        hasta: datetime | date | str | None = None,
        limite: int | None = None,
        desplazamiento: int = 0,
    ) -> list[Evento]:
        """Las más recientes primero. `desde` incluye y `hasta` excluye; una fecha sola es su medianoche local."""
        donde, valores = _filtro(usuario, accion, desde, hasta)
        consulta = f"SELECT * FROM eventos {donde} ORDER BY id DESC LIMIT ? OFFSET ?"
        with self._conexion() as conexion:
            filas = conexion.execute(consulta, (*valores, -1 if limite is None else int(limite), int(desplazamiento))).fetchall()
        return [Evento._desde_fila(f) for f in filas]

    def contar(self, usuario: str | None = None, accion: str | Iterable[str] | None = None,
               desde: datetime | date | str | None = None, hasta: datetime | date | str | None = None) -> int:
        donde, valores = _filtro(usuario, accion, desde, hasta)
        with self._conexion() as conexion:
            return int(conexion.execute(f"SELECT COUNT(*) FROM eventos {donde}", valores).fetchone()[0])

    def exportar_csv(self, destino: str | Path | io.TextIOBase, **filtros) -> int:
        """Escribe el CSV en `destino` (ruta o archivo de texto abierto) y devuelve cuántos eventos tiene.

        UTF-8 con BOM para que Excel muestre las tildes; orden cronológico; mismos filtros que `listar`.
        """
        eventos = list(reversed(self.listar(**filtros)))
        if isinstance(destino, (str, Path)):
            with open(destino, "w", encoding="utf-8-sig", newline="") as archivo:
                _escribir_csv(archivo, eventos)
        else:
            _escribir_csv(destino, eventos)
        return len(eventos)

    def texto_csv(self, **filtros) -> str:
        """El mismo CSV como texto (con BOM), para ofrecerlo como descarga."""
        salida = io.StringIO()
        salida.write("\ufeff")
        self.exportar_csv(salida, **filtros)
        return salida.getvalue()


def _escribir_csv(salida, eventos: list[Evento]) -> None:
    escritor = csv.writer(salida)
    escritor.writerow(COLUMNAS_CSV)
    for e in eventos:
        detalle = json.dumps(e.detalle, ensure_ascii=False, sort_keys=True)
        escritor.writerow([e.id, e.momento, _celda(e.usuario), e.accion, _celda(detalle), e.version_indice])


def _celda(valor: str) -> str:
    # Un nombre de archivo como «=HIPERVINCULO(…)» sería una fórmula al abrir el CSV en Excel.
    return "'" + valor if valor[:1] in ("=", "+", "-", "@", "\t", "\r") else valor


def _filtro(usuario, accion, desde, hasta) -> tuple[str, tuple]:
    condiciones, valores = [], []
    if usuario:
        condiciones.append("usuario = ?")
        valores.append(str(usuario).strip())
    if accion:
        acciones = [accion] if isinstance(accion, str) else list(accion)
        condiciones.append(f"accion IN ({', '.join('?' * len(acciones))})")
        valores += acciones
    if desde is not None:
        condiciones.append("momento_utc >= ?")
        valores.append(_utc(desde))
    if hasta is not None:
        condiciones.append("momento_utc < ?")
        valores.append(_utc(hasta))
    return ("WHERE " + " AND ".join(condiciones) if condiciones else ""), tuple(valores)


def _utc(momento: datetime | date | str) -> str:
    if isinstance(momento, str):
        try:
            momento = datetime.fromisoformat(momento)
        except ValueError:
            raise EventoInvalido(f"Fecha no válida «{momento}»: use AAAA-MM-DD o AAAA-MM-DDTHH:MM.") from None
    if not isinstance(momento, datetime):
        momento = datetime.combine(momento, time())
    if momento.tzinfo is None:
        momento = momento.astimezone()  # sin zona: la hora local del servidor, como la que se muestra
    return momento.astimezone(timezone.utc).isoformat(timespec="microseconds")
