"""Bitácora de auditoría de las acciones del personal, en la base de registros (una para todos los servidores).

    auditoria = Auditoria.en(configuracion)
    auditoria.registrar("ana", CARGA, {"archivo": "LEY-152-1994.pdf", "estado": "aceptado"}, version_indice="v0007")
    auditoria.listar(usuario="ana", accion=CARGA)        # las más recientes primero
    auditoria.exportar_csv("auditoria.csv")

Solo se agrega: no hay método para cambiar ni borrar, y unos disparadores (en SQLite y
en PostgreSQL) rechazan UPDATE y DELETE aunque alguien abra la base a mano. Cada
anotación es una transacción corta; dentro de `bd.transaccion()` es parte de esa
(p. ej. un veredicto y su línea de auditoría quedan juntos o no queda ninguno).
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Iterable

from sqlalchemy import func, insert, select

from ..registros import AlmacenDeRegistros
from ..registros.tablas import eventos as _tabla

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
    def _desde_fila(cls, fila) -> "Evento":
        return cls(fila["id"], fila["momento"], fila["usuario"], fila["accion"], json.loads(fila["detalle"] or "{}"), fila["version_indice"])


class Auditoria(AlmacenDeRegistros):

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
        fila = {
            "momento": ahora.astimezone().isoformat(timespec="seconds"), "momento_utc": ahora.isoformat(timespec="microseconds"),
            "usuario": usuario, "accion": accion, "detalle": detalle_json, "version_indice": version_indice or "",
        }
        with self.bd.transaccion() as conexion:
            return int(conexion.execute(insert(_tabla).values(**fila).returning(_tabla.c.id)).scalar_one())

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
        consulta = _filtro(select(_tabla), usuario, accion, desde, hasta).order_by(_tabla.c.id.desc())
        consulta = consulta.limit(None if limite is None else int(limite)).offset(int(desplazamiento) or None)
        with self.bd.lectura() as conexion:
            filas = conexion.execute(consulta).mappings().fetchall()
        return [Evento._desde_fila(f) for f in filas]

    def contar(self, usuario: str | None = None, accion: str | Iterable[str] | None = None,
               desde: datetime | date | str | None = None, hasta: datetime | date | str | None = None) -> int:
        consulta = _filtro(select(func.count()).select_from(_tabla), usuario, accion, desde, hasta)
        with self.bd.lectura() as conexion:
            return int(conexion.execute(consulta).scalar_one())

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


def _filtro(consulta, usuario, accion, desde, hasta):
    if usuario:
        consulta = consulta.where(_tabla.c.usuario == str(usuario).strip())
    if accion:
        consulta = consulta.where(_tabla.c.accion.in_([accion] if isinstance(accion, str) else list(accion)))
    if desde is not None:
        consulta = consulta.where(_tabla.c.momento_utc >= _utc(desde))
    if hasta is not None:
        consulta = consulta.where(_tabla.c.momento_utc < _utc(hasta))
    return consulta


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
