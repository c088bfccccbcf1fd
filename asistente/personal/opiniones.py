"""Opiniones (👍 / 👎) de quienes usan el chat sobre cada respuesta, en la base de registros.

    opiniones = Opiniones.en(configuracion)          # datos/registros.sqlite3, o ASISTENTE_BD_URL
    id_ = opiniones.registrar(pregunta, respuesta, citas, NEGATIVO, comentario="Falta el plazo")
    opiniones.listar(voto=NEGATIVO)                  # lo que revisará el personal

Cada operación es su propia transacción corta (`asistente.registros`): varios hilos,
procesos y servidores escriben a la vez sin compartir conexiones ni perder votos.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import delete, func, insert, select, update

from ..registros import AlmacenDeRegistros
from ..registros.tablas import opiniones as _tabla

POSITIVO = "positivo"
NEGATIVO = "negativo"
VOTOS = (POSITIVO, NEGATIVO)
LARGO_MAXIMO_COMENTARIO = 2000


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
    def _desde_fila(cls, fila) -> "Opinion":
        datos = dict(fila._mapping)
        datos["citas"] = json.loads(datos["citas"] or "[]")
        datos["contexto"] = json.loads(datos["contexto"] or "[]")
        datos["abstencion"] = bool(datos["abstencion"])
        return cls(**datos)


class Opiniones(AlmacenDeRegistros):

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
        fila = {
            "creado": ahora,
            "actualizado": ahora,
            "voto": _voto(voto),
            "comentario": _comentario(comentario),
            "pregunta": str(pregunta),
            "respuesta": str(respuesta),
            "citas": json.dumps(list(citas or []), ensure_ascii=False),
            "version_indice": version_indice or "",
            "modulo": modulo or None,
            "abstencion": int(bool(abstencion)),
            "contexto": json.dumps([str(p) for p in contexto or []], ensure_ascii=False),
        }
        with self.bd.transaccion() as conexion:
            return int(conexion.execute(insert(_tabla).values(**fila).returning(_tabla.c.id)).scalar_one())

    def actualizar(self, id_: int, voto: str | None = None, comentario: str | None = None) -> bool:
        """Cambia el voto o el comentario de una opinión (quien votó cambió de idea o explicó por qué)."""
        cambios = {}
        if voto is not None:
            cambios["voto"] = _voto(voto)
        if comentario is not None:
            cambios["comentario"] = _comentario(comentario)
        if not cambios:
            return False
        with self.bd.transaccion() as conexion:
            resultado = conexion.execute(update(_tabla).where(_tabla.c.id == int(id_)).values(**cambios, actualizado=_ahora()))
            return resultado.rowcount == 1

    def eliminar(self, id_: int) -> bool:
        """Quien votó retiró su voto."""
        with self.bd.transaccion() as conexion:
            return conexion.execute(delete(_tabla).where(_tabla.c.id == int(id_))).rowcount == 1

    # --- leer ---------------------------------------------------------------------------------
    def obtener(self, id_: int) -> Opinion | None:
        with self.bd.lectura() as conexion:
            fila = conexion.execute(select(_tabla).where(_tabla.c.id == int(id_))).first()
        return Opinion._desde_fila(fila) if fila else None

    def listar(self, voto: str | None = None, limite: int | None = None, desde: int = 0) -> list[Opinion]:
        """Las más recientes primero; `voto` filtra (p. ej. solo las 👎 para revisarlas)."""
        consulta = _filtro(select(_tabla), voto).order_by(_tabla.c.creado.desc(), _tabla.c.id.desc())
        consulta = consulta.limit(None if limite is None else int(limite)).offset(int(desde) or None)
        with self.bd.lectura() as conexion:
            filas = conexion.execute(consulta).fetchall()
        return [Opinion._desde_fila(f) for f in filas]

    def contar(self, voto: str | None = None) -> int:
        with self.bd.lectura() as conexion:
            return int(conexion.execute(_filtro(select(func.count()).select_from(_tabla), voto)).scalar_one())


def _filtro(consulta, voto: str | None):
    return consulta.where(_tabla.c.voto == _voto(voto)) if voto is not None else consulta


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
