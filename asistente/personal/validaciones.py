"""Validación humana de respuestas: veredictos del personal (correcta / parcial / incorrecta).

Se guarda lo que el revisor vio (pregunta, respuesta, citas, versión del índice) para
poder avisar después si la respuesta cambió desde que se validó. Van en la base de
registros (`asistente.registros`): con varios servidores, lo validado en uno se ve en todos.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, select

from ..registros import AlmacenDeRegistros
from ..registros.tablas import validaciones as _tabla

VEREDICTOS = ("correcta", "parcial", "incorrecta")
ORIGENES = ("evaluacion", "opinion", "manual")


class ValidacionInvalida(ValueError):
    pass


@dataclass
class Validacion:
    id: int
    clave: str
    origen: str
    pregunta: str
    respuesta: str
    huella_respuesta: str
    citas: list[str]
    fuente_esperada: str
    veredicto: str
    comentario: str
    revisor: str
    fecha: str
    version_indice: str

    def respuesta_cambio(self, respuesta_actual: str) -> bool:
        return huella(respuesta_actual) != self.huella_respuesta


def huella(texto: str) -> str:
    return hashlib.sha256(" ".join(texto.split()).encode("utf-8")).hexdigest()[:20]


def clave_de_pregunta(pregunta: str) -> str:
    """Clave estable de una pregunta sin id (las que llegan de las opiniones de los funcionarios)."""
    return "p-" + huella(pregunta.lower())


class AlmacenValidaciones(AlmacenDeRegistros):

    def registrar(
        self,
        *,
        clave: str,
        pregunta: str,
        respuesta: str,
        citas: list[str],
        veredicto: str,
        revisor: str,
        origen: str = "evaluacion",
        comentario: str = "",
        fuente_esperada: str = "",
        version_indice: str = "",
    ) -> Validacion:
        if veredicto not in VEREDICTOS:
            raise ValidacionInvalida(f"Veredicto desconocido «{veredicto}»: use correcta, parcial o incorrecta.")
        if origen not in ORIGENES:
            raise ValidacionInvalida(f"Origen desconocido «{origen}».")
        if not revisor.strip():
            raise ValidacionInvalida("Falta el nombre de quien revisa.")
        fila = {
            "clave": clave, "origen": origen, "pregunta": pregunta, "respuesta": respuesta, "huella_respuesta": huella(respuesta),
            "citas": json.dumps(citas, ensure_ascii=False), "fuente_esperada": fuente_esperada, "veredicto": veredicto,
            "comentario": comentario.strip(), "revisor": revisor.strip(),
            "fecha": datetime.now().astimezone().isoformat(timespec="seconds"), "version_indice": version_indice,
        }
        with self.bd.transaccion() as conexion:  # dentro de otra transacción (el veredicto y su auditoría), es la misma
            nuevo_id = conexion.execute(insert(_tabla).values(**fila).returning(_tabla.c.id)).scalar_one()
            return self.obtener(nuevo_id)

    def obtener(self, id_: int) -> Validacion | None:
        filas = self._consultar(select(_tabla).where(_tabla.c.id == int(id_)))
        return filas[0] if filas else None

    def listar(self, origen: str | None = None, veredicto: str | None = None) -> list[Validacion]:
        consulta = select(_tabla)
        if origen:
            consulta = consulta.where(_tabla.c.origen == origen)
        if veredicto:
            consulta = consulta.where(_tabla.c.veredicto == veredicto)
        return self._consultar(consulta.order_by(_tabla.c.id))

    def ultimas(self) -> dict[str, Validacion]:
        """El veredicto más reciente de cada pregunta."""
        return {v.clave: v for v in self.listar()}

    def exportar_csv(self) -> str:
        salida = io.StringIO()
        escritor = csv.writer(salida)
        escritor.writerow(["id", "clave", "origen", "pregunta", "respuesta", "citas", "fuente_esperada", "veredicto", "comentario", "revisor", "fecha", "version_indice"])
        for v in self.listar():
            escritor.writerow([v.id, v.clave, v.origen, _celda(v.pregunta), _celda(v.respuesta), _celda(" | ".join(v.citas)),
                               v.fuente_esperada, v.veredicto, _celda(v.comentario), _celda(v.revisor), v.fecha, v.version_indice])
        return salida.getvalue()

    def _consultar(self, consulta) -> list[Validacion]:
        with self.bd.lectura() as conexion:
            filas = conexion.execute(consulta).mappings().fetchall()
        return [Validacion(**{**dict(f), "citas": json.loads(f["citas"])}) for f in filas]


def _celda(valor: str) -> str:
    # Las preguntas llegan de cualquiera: «=HIPERVINCULO(…)» sería una fórmula al abrir el CSV en Excel.
    return "'" + valor if valor[:1] in ("=", "+", "-", "@", "\t", "\r") else valor


def almacen_predeterminado(datos) -> AlmacenValidaciones:
    """Las validaciones de una `Configuracion` (o de la configuración del entorno con esa carpeta de datos)."""
    from ..configuracion import Configuracion

    configuracion = datos if isinstance(datos, Configuracion) else Configuracion.desde_entorno(datos=Path(datos))
    return AlmacenValidaciones.en(configuracion)
