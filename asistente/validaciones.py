"""Validación humana de respuestas: veredictos del personal (correcta / parcial / incorrecta).

Se guarda lo que el revisor vio (pregunta, respuesta, citas, versión del índice) para
poder avisar después si la respuesta cambió desde que se validó.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .persistencia import conexion_sqlite, preparar_base

VEREDICTOS = ("correcta", "parcial", "incorrecta")
ORIGENES = ("evaluacion", "opinion", "manual")

_ESPERA_BLOQUEO_S = 30.0
_VERSION_ESQUEMA = 1
_ESQUEMA = """
CREATE TABLE IF NOT EXISTS validaciones (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    clave TEXT NOT NULL,              -- id de la pregunta de evaluación, o huella de la pregunta
    origen TEXT NOT NULL,
    pregunta TEXT NOT NULL,
    respuesta TEXT NOT NULL,
    huella_respuesta TEXT NOT NULL,
    citas TEXT NOT NULL,              -- JSON: etiquetas citadas
    fuente_esperada TEXT NOT NULL DEFAULT '',
    veredicto TEXT NOT NULL CHECK (veredicto IN ('correcta', 'parcial', 'incorrecta')),
    comentario TEXT NOT NULL DEFAULT '',
    revisor TEXT NOT NULL,
    fecha TEXT NOT NULL,
    version_indice TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS validaciones_clave ON validaciones (clave, id);
"""


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


class AlmacenValidaciones:
    def __init__(self, ruta: Path) -> None:
        self.ruta = Path(ruta)
        self._cerrojo = threading.Lock()
        preparar_base(self.ruta, _ESQUEMA, _VERSION_ESQUEMA, _ESPERA_BLOQUEO_S)

    def _conexion(self):
        return conexion_sqlite(self.ruta, _ESPERA_BLOQUEO_S)

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
        fila = (
            clave, origen, pregunta, respuesta, huella(respuesta), json.dumps(citas, ensure_ascii=False),
            fuente_esperada, veredicto, comentario.strip(), revisor.strip(),
            datetime.now().astimezone().isoformat(timespec="seconds"), version_indice,
        )
        with self._cerrojo, self._conexion() as conexion:
            cursor = conexion.execute(
                "INSERT INTO validaciones (clave, origen, pregunta, respuesta, huella_respuesta, citas, fuente_esperada,"
                " veredicto, comentario, revisor, fecha, version_indice) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                fila,
            )
            nuevo_id = cursor.lastrowid
        return self.obtener(nuevo_id)

    def obtener(self, id_: int) -> Validacion | None:
        filas = self._consultar("SELECT * FROM validaciones WHERE id = ?", (id_,))
        return filas[0] if filas else None

    def listar(self, origen: str | None = None, veredicto: str | None = None) -> list[Validacion]:
        condiciones, parametros = [], []
        if origen:
            condiciones.append("origen = ?")
            parametros.append(origen)
        if veredicto:
            condiciones.append("veredicto = ?")
            parametros.append(veredicto)
        donde = (" WHERE " + " AND ".join(condiciones)) if condiciones else ""
        return self._consultar(f"SELECT * FROM validaciones{donde} ORDER BY id", tuple(parametros))

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

    def _consultar(self, sql: str, parametros: tuple) -> list[Validacion]:
        with self._conexion() as conexion:
            filas = conexion.execute(sql, parametros).fetchall()
        return [Validacion(**{**dict(f), "citas": json.loads(f["citas"])}) for f in filas]


def _celda(valor: str) -> str:
    # Las preguntas llegan de cualquiera: «=HIPERVINCULO(…)» sería una fórmula al abrir el CSV en Excel.
    return "'" + valor if valor[:1] in ("=", "+", "-", "@", "\t", "\r") else valor


def almacen_predeterminado(carpeta_datos: Path) -> AlmacenValidaciones:
    return AlmacenValidaciones(Path(carpeta_datos) / "validaciones.sqlite3")
