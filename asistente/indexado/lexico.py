"""Índice léxico BM25 (bm25s) con raíces en español (PyStemmer), sin tildes y sin palabras vacías."""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..texto import plegar

_PALABRA = re.compile(r"[a-zñ0-9]+")
# Palabras que aparecen en casi todo fragmento de una norma: no distinguen nada.
_VACIAS_DEL_DOMINIO = {"articulo", "paragrafo", "ley", "presente", "numeral", "literal", "inciso"}


@lru_cache(maxsize=1)
def _vacias() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_SPANISH

    return frozenset(plegar(p) for p in STOPWORDS_SPANISH) | _VACIAS_DEL_DOMINIO


@lru_cache(maxsize=1)
def _raiz():
    import Stemmer

    return Stemmer.Stemmer("spanish")


# Verbos de apoyo y palabras de conversación («¿se puede…?», «nos toca…», «dicen que…»): en una
# pregunta no dicen de qué trata, y como las normas casi no los usan en esas formas parecerían
# términos muy específicos. Solo se quitan al medir el soporte (docs/decisiones.md). Las palabras
# del dominio que tampoco dicen de qué trata una pregunta («Antioquia») están en el catálogo
# (`palabras_sin_contenido`) y llegan como `ajenas`.
_PALABRAS_DE_APOYO = frozenset(
    """puede pueden podemos puedo podria podrian pueda puedan poder podra podran ser es son sea sean fue era
    hacer hace hacen hago hacemos haga hagan hizo dar da dan doy damos den dio poner pone ponen ponemos ponga
    decir dice dicen digo dijo querer quiero queremos quiere quieren pedir pidio pide piden pedimos
    tener tiene tienen tenemos tengo tenga tengan toca tocan hay haber ir va van vamos saber sabe
    necesita necesitan necesitamos necesito existe existen asi algo alguien nadie nada mas menos muy bien mal
    varios varias""".split()
)


def tokenizar(texto: str) -> list[str]:
    """Tokens comparables: «Aprobación» y «aprobacion» dan la misma raíz."""
    return _raices_sin(texto, _vacias())


def terminos_de_contenido(texto: str, ajenas: frozenset[str] = frozenset()) -> list[str]:
    """Los tokens de una pregunta que dicen de qué trata (sin verbos de apoyo ni las palabras `ajenas`, plegadas)."""
    return _raices_sin(texto, _vacias() | _PALABRAS_DE_APOYO | ajenas)


def _raices_sin(texto: str, vacias: frozenset[str]) -> list[str]:
    palabras = [p for p in _PALABRA.findall(plegar(texto)) if p not in vacias and (len(p) > 1 or p.isdigit())]
    return _raiz().stemWords(palabras)


class IndiceLexico:
    def __init__(self, ids: list[str], modelo) -> None:
        self.ids = ids
        self._modelo = modelo

    @classmethod
    def construir(cls, ids: list[str], textos: list[str]) -> "IndiceLexico":
        import bm25s

        modelo = bm25s.BM25()
        modelo.index([tokenizar(t) or ["_vacio_"] for t in textos], show_progress=False)
        return cls(ids, modelo)

    def guardar(self, carpeta: Path) -> None:
        carpeta.mkdir(parents=True, exist_ok=True)
        self._modelo.save(str(carpeta), show_progress=False)
        (carpeta / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")

    @classmethod
    def abrir(cls, carpeta: Path) -> "IndiceLexico":
        import bm25s

        modelo = bm25s.BM25.load(str(carpeta), show_progress=False)
        ids = json.loads((carpeta / "ids.json").read_text(encoding="utf-8"))
        return cls(ids, modelo)

    def puntajes(self, consulta: str, permitidos: np.ndarray | None = None) -> np.ndarray:
        """Puntaje BM25 de cada fragmento (0 donde `permitidos` es falso)."""
        tokens = tokenizar(consulta)
        if not tokens or not self.ids:
            return np.zeros(len(self.ids), dtype=np.float32)
        puntajes = np.asarray(self._modelo.get_scores(tokens), dtype=np.float32)
        if permitidos is not None:
            puntajes = np.where(permitidos, puntajes, 0.0)
        return puntajes

    def conoce(self, palabra: str) -> bool:
        """¿Aparece esta palabra (su raíz) en algún fragmento del corpus? (las vacías cuentan como conocidas)"""
        vocabulario = self._modelo.vocab_dict
        return all(t in vocabulario for t in tokenizar(palabra))

    def con_termino(self, token: str) -> list[str]:
        """Los fragmentos (ids) que contienen este término (una raíz de `tokenizar`)."""
        puntajes = self._modelo.scores
        posicion = self._modelo.vocab_dict.get(token)
        if posicion is None:
            return []
        desde, hasta = int(puntajes["indptr"][posicion]), int(puntajes["indptr"][posicion + 1])
        return [self.ids[int(n)] for n in puntajes["indices"][desde:hasta]]

    def idf(self, token: str) -> float:
        """Especificidad de un término en el corpus: log(N / fragmentos que lo contienen)."""
        puntajes = self._modelo.scores
        total = max(int(puntajes["num_docs"]), 1)
        posicion = self._modelo.vocab_dict.get(token)
        if posicion is None:
            return math.log(total + 1)  # nunca visto: lo más específico posible
        frecuencia = int(puntajes["indptr"][posicion + 1] - puntajes["indptr"][posicion])
        return math.log((total + 1) / (frecuencia + 1))
