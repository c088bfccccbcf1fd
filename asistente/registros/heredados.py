"""Trae a la base de registros los archivos de la versión anterior, sin perder nada y una sola vez.

    importar(bd, configuracion.datos, configuracion.usuarios)   # → [Importacion(...), ...]

Antes cada servidor guardaba datos/opiniones.sqlite3, datos/validaciones.sqlite3,
datos/auditoria.sqlite3 y las cuentas en usuarios.json. Cada archivo se copia entero
en una transacción (con el cerrojo de migración: dos servidores no importan a la vez),
se anota su huella en la tabla `importaciones` y después los SQLite se renombran a
«….migrado» (quedan como copia; nada se borra). usuarios.json no se toca (puede estar
fuera de la carpeta de datos): su huella basta para no traerlo otra vez, así que una
cuenta borrada en la base no revive aunque el archivo siga ahí. Si el renombre falla o
el proceso se corta antes, la huella también evita importar dos veces. Los id se conservan si la tabla estaba vacía (un
solo servidor: las referencias de la auditoría a validaciones siguen valiendo); si no
(el segundo servidor que trae lo suyo a la base compartida), reciben id nuevos.

Las cuentas que ya existen en la base (mismo nombre) no se tocan: se informa el
conflicto y la cuenta del archivo sigue en el archivo renombrado.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, insert, select

from . import ErrorDeRegistros, _CLAVE_MIGRACION, tablas

registro = logging.getLogger("asistente.registros")

SUFIJO_MIGRADO = ".migrado"
# (tipo, archivo bajo ASISTENTE_DATOS, tabla del archivo, tabla de destino)
ARCHIVOS = (
    ("opiniones", "opiniones.sqlite3", "opiniones", tablas.opiniones),
    ("validaciones", "validaciones.sqlite3", "validaciones", tablas.validaciones),
    ("auditoria", "auditoria.sqlite3", "eventos", tablas.eventos),
)


_NOMBRES = {"opiniones": "opiniones", "validaciones": "validaciones", "auditoria": "eventos de auditoría", "cuentas": "cuentas del personal"}


@dataclass
class Importacion:
    tipo: str
    origen: Path
    filas: int  # cuántas se trajeron (0 si ya se había importado antes)
    ya_importado: bool = False
    conflictos: tuple[str, ...] = ()  # cuentas que ya existían en la base (no se tocaron)
    renombrado: Path | None = None

    def describir(self) -> str:
        if self.ya_importado:
            texto = f"{self.origen}: ya se había importado"
        else:
            texto = f"{self.origen}: {self.filas} {_NOMBRES[self.tipo]}"
        if self.conflictos:
            texto += f" (ya existían en la base y no se cambiaron: {', '.join(self.conflictos)})"
        if self.renombrado:
            texto += f"; el archivo queda como {self.renombrado.name}"
        return texto


def pendientes(datos: Path, usuarios: Path | None) -> list[tuple[str, Path]]:
    """Los archivos de la versión anterior que siguen sin renombrar."""
    encontrados = [(tipo, Path(datos) / archivo) for tipo, archivo, _, _ in ARCHIVOS if (Path(datos) / archivo).is_file()]
    if usuarios is not None and Path(usuarios).is_file() and Path(usuarios).suffix == ".json":
        encontrados.append(("cuentas", Path(usuarios)))
    return encontrados


def importar(bd, datos: Path, usuarios: Path | None) -> list[Importacion]:
    resultados = []
    for tipo, ruta in pendientes(datos, usuarios):
        if bd.ruta is not None and ruta.resolve() == bd.ruta.resolve():
            continue  # la base misma (alguien llamó así al archivo de registros)
        if tipo == "cuentas":
            resultado = _importar_cuentas(bd, ruta)
        else:
            resultado = _importar_sqlite(bd, tipo, ruta)
        if tipo != "cuentas":  # usuarios.json queda donde está (fuera de ASISTENTE_DATOS, quizá de otra instalación)
            resultado.renombrado = _renombrar(ruta)
        # usuarios.json sigue en su sitio: que ya esté importado es lo normal en cada arranque.
        nivel = logging.INFO if resultado.ya_importado and tipo == "cuentas" else logging.WARNING
        registro.log(nivel, "Registros de la versión anterior: %s", resultado.describir())
        resultados.append(resultado)
    return resultados


# --- SQLite de la versión anterior ---------------------------------------------------------
def _importar_sqlite(bd, tipo: str, ruta: Path) -> Importacion:
    destino = next(t for ti, _, _, t in ARCHIVOS if ti == tipo)
    tabla_vieja = next(tv for ti, _, tv, _ in ARCHIVOS if ti == tipo)
    try:
        with closing(sqlite3.connect(f"file:{ruta}?mode=rw", uri=True, timeout=bd.espera_s)) as vieja:
            vieja.row_factory = sqlite3.Row
            # Lo que quedó en el WAL pasa al archivo principal: la huella es la de todo el contenido.
            vieja.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            existe = vieja.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (tabla_vieja,)).fetchone()
            filas = [dict(f) for f in vieja.execute(f"SELECT * FROM {tabla_vieja} ORDER BY id")] if existe else []  # noqa: S608
    except sqlite3.DatabaseError as error:
        raise ErrorDeRegistros(
            f"No se pudo leer {ruta} para traerlo a la base de registros ({error}). No se cambió nada: "
            "restáurelo de una copia o apártelo (renómbrelo) y vuelva a arrancar."
        ) from error
    huella = _huella(ruta)
    columnas = {c.name for c in destino.columns}
    with bd.transaccion() as conexion:
        bd.cerrojo(conexion, _CLAVE_MIGRACION)
        if _ya_importado(conexion, tipo, huella):
            return Importacion(tipo, ruta, 0, ya_importado=True)
        vacia = conexion.execute(select(func.count()).select_from(destino)).scalar_one() == 0
        filas = [{k: v for k, v in f.items() if k in columnas and (vacia or k != "id")} for f in filas]
        if filas:
            conexion.execute(insert(destino), filas)
            if vacia and not bd.es_sqlite:  # la secuencia sigue después del último id traído
                conexion.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{destino.name}', 'id'), (SELECT MAX(id) FROM {destino.name}))"
                )
        _anotar(conexion, tipo, ruta, huella, len(filas))
    return Importacion(tipo, ruta, len(filas))


# --- usuarios.json --------------------------------------------------------------------------
def _importar_cuentas(bd, ruta: Path) -> Importacion:
    try:
        texto = ruta.read_text(encoding="utf-8")
        cuentas = json.loads(texto)["usuarios"]
        if not isinstance(cuentas, dict) or not all(isinstance(c, dict) and "contrasena" in c for c in cuentas.values()):
            raise ValueError("estructura inesperada")
    except OSError as error:
        raise ErrorDeRegistros(f"No se pudo leer el archivo de cuentas {ruta} ({error.strerror or error}).") from error
    except (ValueError, KeyError, TypeError) as error:
        # Nunca se trata como vacío: las cuentas se perderían al renombrarlo.
        raise ErrorDeRegistros(f"El archivo de cuentas {ruta} está dañado ({error}); restáurelo de una copia.") from error
    huella = hashlib.sha256(texto.encode("utf-8")).hexdigest()
    with bd.transaccion() as conexion:
        bd.cerrojo(conexion, _CLAVE_MIGRACION)
        if _ya_importado(conexion, "cuentas", huella):
            return Importacion("cuentas", ruta, 0, ya_importado=True)
        existentes = set(conexion.execute(select(tablas.cuentas.c.nombre)).scalars())
        nuevas, conflictos = [], []
        for nombre, datos in sorted(cuentas.items()):
            if nombre in existentes:
                conflictos.append(nombre)
                continue
            nuevas.append({
                "nombre": nombre, "rol": datos.get("rol", "personal"), "contrasena": datos["contrasena"],
                "creado": datos.get("creado", ""), "actualizado": datos.get("actualizado", ""),
            })
        if nuevas:
            conexion.execute(insert(tablas.cuentas), nuevas)
        _anotar(conexion, "cuentas", ruta, huella, len(nuevas))
    return Importacion("cuentas", ruta, len(nuevas), conflictos=tuple(conflictos))


# --- piezas ----------------------------------------------------------------------------------
def _ya_importado(conexion, tipo: str, huella: str) -> bool:
    t = tablas.importaciones
    return conexion.execute(select(t.c.id).where(t.c.tipo == tipo, t.c.huella == huella)).first() is not None


def _anotar(conexion, tipo: str, ruta: Path, huella: str, filas: int) -> None:
    conexion.execute(insert(tablas.importaciones).values(
        tipo=tipo, origen=str(ruta), huella=huella, filas=filas,
        momento=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    ))


def _huella(ruta: Path) -> str:
    resumen = hashlib.sha256()
    with open(ruta, "rb") as archivo:
        for bloque in iter(lambda: archivo.read(1 << 20), b""):
            resumen.update(bloque)
    return resumen.hexdigest()


def _renombrar(ruta: Path) -> Path | None:
    """«opiniones.sqlite3» → «opiniones.sqlite3.migrado» (si ya existe uno, «….migrado-2»…)."""
    destino = ruta.with_name(ruta.name + SUFIJO_MIGRADO)
    n = 2
    while destino.exists():
        destino = ruta.with_name(f"{ruta.name}{SUFIJO_MIGRADO}-{n}")
        n += 1
    try:
        os.replace(ruta, destino)
    except OSError as error:
        registro.warning("No se pudo renombrar %s (%s): queda anotado como importado y no se vuelve a traer", ruta, error)
        return None
    for sufijo in ("-wal", "-shm"):  # vacíos tras el checkpoint; no deben quedar sueltos
        Path(f"{ruta}{sufijo}").unlink(missing_ok=True)
    return destino
