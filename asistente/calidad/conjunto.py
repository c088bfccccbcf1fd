"""Carga y validación de los conjuntos de preguntas (evaluación y desarrollo)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

# Los conjuntos son archivos de datos junto al paquete de la evaluación (que el producto no usa).
CARPETA = Path(__file__).resolve().parents[2] / "evaluacion"
EVALUACION = CARPETA / "conjunto.jsonl"
DESARROLLO = CARPETA / "desarrollo.jsonl"
MODULOS = ("Política pública", "Plan de Desarrollo Territorial", "MIPG")
TIPOS = ("parafrasis", "directa", "seguimiento", "derogado", "historico", "guia", "fuera_de_tema")


class ConjuntoInvalido(ValueError):
    pass


@dataclass
class Pregunta:
    id: str
    pregunta: str
    responde: bool
    fuente: str | None = None
    articulo: str | None = None
    seccion: str | None = None
    hechos: list[str] = field(default_factory=list)
    modulo: str | None = None
    previa: str | None = None
    tipo: str = "parafrasis"
    aceptables: list[str] = field(default_factory=list)
    par: str | None = None  # pares que se confunden («plan de desarrollo / POT»): hechos exigidos en la respuesta directa

    @property
    def esperadas(self) -> list[tuple[str, str]]:
        """Fuentes que cuentan como acierto: [(«LEY-152-1994», «40»), («guia», «Marco conceptual»)]."""
        principal = [(self.fuente, self.articulo or self.seccion or "")] if self.fuente else []
        otras = [tuple(a.split(":", 1)) for a in self.aceptables]
        return principal + otras


def cargar(*rutas: Path | str) -> list[Pregunta]:
    """Las preguntas de uno o más archivos JSONL, en orden (por omisión, el conjunto de evaluación).
    Varios archivos se validan juntos: p. ej. evaluacion/conjunto.jsonl + evaluacion/ampliacion/conjunto.jsonl."""
    rutas = rutas or (EVALUACION,)
    preguntas, errores = [], []
    for ruta in rutas:
        for numero, linea in enumerate(Path(ruta).read_text(encoding="utf-8").splitlines(), start=1):
            if not linea.strip():
                continue
            try:
                datos = json.loads(linea)
                preguntas.append(Pregunta(**datos))
            except (ValueError, TypeError) as error:
                errores.append(f"{Path(ruta).name}, línea {numero}: {error}")
    errores += validar(preguntas)
    if errores:
        raise ConjuntoInvalido(f"{' + '.join(str(r) for r in rutas)}: " + "; ".join(errores[:10]))
    return preguntas


def validar(preguntas: list[Pregunta]) -> list[str]:
    """Errores de esquema y de coherencia (vacío si el conjunto es válido)."""
    errores = []
    ids = [p.id for p in preguntas]
    if len(set(ids)) != len(ids):
        errores.append("hay ids repetidos")
    anterior = None
    for p in preguntas:
        if not p.pregunta.strip():
            errores.append(f"{p.id}: pregunta vacía")
        if p.tipo not in TIPOS:
            errores.append(f"{p.id}: tipo desconocido «{p.tipo}»")
        if p.modulo is not None and p.modulo not in MODULOS:
            errores.append(f"{p.id}: módulo desconocido «{p.modulo}»")
        if p.responde:
            if not p.fuente:
                errores.append(f"{p.id}: responde=true sin fuente")
            elif p.fuente == "guia" and not p.seccion:
                errores.append(f"{p.id}: fuente guia sin sección")
            elif p.fuente != "guia" and not p.articulo:
                errores.append(f"{p.id}: norma sin artículo")
            if not p.hechos and p.tipo != "derogado":
                errores.append(f"{p.id}: sin hechos")
        elif p.fuente or p.hechos:
            errores.append(f"{p.id}: responde=false no lleva fuente ni hechos")
        if p.previa and (anterior is None or anterior.id != p.previa):
            errores.append(f"{p.id}: «previa» debe ser la pregunta inmediatamente anterior")
        anterior = p
    return errores
