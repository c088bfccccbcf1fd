"""El catálogo de la guía: módulos y normas que sustentan cada uno (corpus/catalogo.yaml)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..texto import plegar
from .yaml_acotado import YamlRechazado, leer_yaml

RUTA_PREDETERMINADA = Path(__file__).resolve().parents[2] / "corpus" / "catalogo.yaml"
NOMBRE_ARCHIVO = "catalogo.yaml"
# El catálogo del repositorio ocupa unos 11 KB; crecerá con más normas, no mil veces.
CATALOGO_MAXIMO_BYTES = 2 * 1024 * 1024


class ErrorDeCatalogo(ValueError):
    pass


@dataclass(frozen=True)
class Modulo:
    numero: int
    nombre: str
    nombre_largo: str
    alias: tuple[str, ...] = ()

    @property
    def etiqueta(self) -> str:
        return f"Módulo {self.numero} · {self.nombre}"


@dataclass(frozen=True)
class NormaCatalogada:
    identificador: str
    titulo: str
    tema: str
    modulo: int


@dataclass(frozen=True)
class OtraNorma:
    """Norma conocida que quizá no esté cargada («el Código Nacional de Policía»)."""

    nombre: str
    identificador: str
    alias: tuple[str, ...]


@dataclass(frozen=True)
class Concepto:
    """Un instrumento o figura que las preguntas nombran y las normas regulan («el plan de desarrollo»)."""

    id: str
    nombre: str
    frases: tuple[str, ...]
    fuentes: tuple[str, ...]  # «LEY-152-1994», «LEY-152-1994:31-46», «modulo:2», «seccion:Marco normativo»
    contrarios: tuple[str, ...] = ()
    requiere: tuple[str, ...] = ()

    def nombrado_en(self, plegado: str) -> bool:
        if self.requiere and not any(_contiene(plegado, r) for r in self.requiere):
            return False
        return any(_contiene(plegado, f) for f in self.frases)

    def abarca(self, doc_id: str, articulo: str = "", modulo: int | None = None, seccion: str = "") -> bool:
        """¿Ese documento (o artículo, o sección de la guía de ese módulo o con ese título) regula el concepto?"""
        for fuente in self.fuentes:
            if fuente.startswith("modulo:"):
                if modulo is not None and str(modulo) == fuente.split(":", 1)[1]:
                    return True
                continue
            if fuente.startswith("seccion:"):
                if seccion and plegar(seccion) == fuente.split(":", 1)[1]:
                    return True
                continue
            documento, _, tramo = fuente.partition(":")
            if documento != doc_id.upper():
                continue
            if not tramo:
                return True
            numero = re.match(r"\d+", articulo or "")
            desde, _, hasta = tramo.partition("-")
            if numero and int(desde) <= int(numero.group(0)) <= int(hasta or desde):
                return True
        return False


@dataclass(frozen=True)
class Ambiguedad:
    """Una palabra que nombra dos conceptos («plan»): si no se dice cuál, la respuesta lo advierte."""

    palabra: str
    conceptos: tuple[str, ...]
    aviso: str


@dataclass
class Catalogo:
    modulos: list[Modulo] = field(default_factory=list)
    normas: dict[str, NormaCatalogada] = field(default_factory=dict)
    alias_de_normas: dict[str, tuple[str, ...]] = field(default_factory=dict)
    otras_normas: list[OtraNorma] = field(default_factory=list)
    glosario: dict[str, str] = field(default_factory=dict)
    sinonimos: dict[str, str] = field(default_factory=dict)
    conceptos: dict[str, Concepto] = field(default_factory=dict)
    ambiguedades: list[Ambiguedad] = field(default_factory=list)
    nombres_de_la_guia: tuple[str, ...] = ()
    palabras_sin_contenido: frozenset[str] = frozenset()  # plegadas: no dicen de qué trata una pregunta

    @classmethod
    def cargar(cls, ruta: str | Path) -> "Catalogo":
        try:
            datos = leer_yaml(Path(ruta).read_text(encoding="utf-8"), maximo_bytes=CATALOGO_MAXIMO_BYTES) or {}
        except (OSError, UnicodeDecodeError, YamlRechazado) as error:
            raise ErrorDeCatalogo(f"No se pudo leer el catálogo {ruta}: {error}") from error
        try:
            modulos = [
                Modulo(
                    numero=int(m["numero"]),
                    nombre=str(m["nombre"]),
                    nombre_largo=str(m.get("nombre_largo") or m["nombre"]),
                    alias=tuple(str(a) for a in m.get("alias", [])),
                )
                for m in datos.get("modulos", [])
            ]
            normas = {
                str(n["identificador"]).upper(): NormaCatalogada(
                    identificador=str(n["identificador"]).upper(),
                    titulo=str(n["titulo"]),
                    tema=str(n.get("tema", "")),
                    modulo=int(n["modulo"]),
                )
                for n in datos.get("normas", [])
            }
            alias = {str(i).upper(): tuple(plegar(a) for a in v) for i, v in (datos.get("alias_de_normas") or {}).items()}
            otras = [
                OtraNorma(str(o["nombre"]), str(o["identificador"]).upper(), tuple(plegar(a) for a in o.get("alias", [])))
                for o in datos.get("otras_normas") or []
            ]
            glosario = {str(k).upper(): str(v) for k, v in (datos.get("glosario") or {}).items()}
            sinonimos = {plegar(str(k)): str(v) for k, v in (datos.get("sinonimos") or {}).items()}
            conceptos = {
                str(c["id"]): Concepto(
                    id=str(c["id"]),
                    nombre=str(c.get("nombre") or c["id"]),
                    frases=tuple(plegar(str(f)) for f in c.get("frases", [])),
                    fuentes=tuple(_fuente(str(f)) for f in c.get("fuentes", [])),
                    contrarios=tuple(str(x) for x in c.get("contrarios", [])),
                    requiere=tuple(plegar(str(r)) for r in c.get("requiere", [])),
                )
                for c in datos.get("conceptos") or []
            }
            ambiguedades = [
                Ambiguedad(plegar(str(a["palabra"])), tuple(str(x) for x in a["conceptos"]), str(a.get("aviso") or "Depende"))
                for a in datos.get("ambiguedades") or []
            ]
            nombres_de_la_guia = tuple(plegar(str(n)) for n in datos.get("nombres_de_la_guia") or [])
            sin_contenido = frozenset(plegar(str(n)) for n in datos.get("palabras_sin_contenido") or [])
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ErrorDeCatalogo(f"El catálogo {ruta} no tiene el formato esperado: {error}") from error
        return cls(
            modulos=modulos, normas=normas, alias_de_normas=alias, otras_normas=otras, glosario=glosario, sinonimos=sinonimos,
            conceptos=conceptos, ambiguedades=ambiguedades, nombres_de_la_guia=nombres_de_la_guia,
            palabras_sin_contenido=sin_contenido,
        )

    # --- módulos -------------------------------------------------------------
    def modulo_por_numero(self, numero: int) -> Modulo | None:
        return next((m for m in self.modulos if m.numero == numero), None)

    def modulo_por_nombre(self, nombre: str) -> Modulo | None:
        clave = plegar(nombre)
        return next((m for m in self.modulos if plegar(m.nombre) == clave), None)

    def resolver_modulo(self, texto: str) -> Modulo | None:
        """Interpreta lo que escribe un usuario: «2», «pdt», «MIPG», «Plan de desarrollo»."""
        clave = re.sub(r"^modulo\s*", "", plegar(texto).strip()).strip()
        for modulo in self.modulos:
            candidatos = {plegar(modulo.nombre), plegar(modulo.nombre_largo), str(modulo.numero)}
            candidatos |= {plegar(a) for a in modulo.alias}
            if clave in candidatos:
                return modulo
        return None

    def modulo_de_titulo(self, titulo: str) -> Modulo | None:
        """Módulo al que se refiere un título de la guía («2. Plan de Desarrollo Territorial»)."""
        clave = re.sub(r"^[\divxlc]+[.)]\s*", "", plegar(titulo).strip())
        clave = re.sub(r"^modulo\s*\d+\s*[·.:-]?\s*", "", clave).strip(" .")
        for modulo in self.modulos:
            nombres = {plegar(modulo.nombre), plegar(modulo.nombre_largo)}
            nombres |= {re.sub(r"\s*\(.*?\)\s*", "", n).strip() for n in nombres}
            if clave in nombres:
                return modulo
        return None

    # --- normas ----------------------------------------------------------------
    def norma(self, doc_id: str) -> NormaCatalogada | None:
        return self.normas.get(doc_id.upper())

    def modulo_de_norma(self, doc_id: str) -> Modulo | None:
        norma = self.norma(doc_id)
        return self.modulo_por_numero(norma.modulo) if norma else None

    def normas_del_modulo(self, numero: int) -> list[NormaCatalogada]:
        return [n for n in self.normas.values() if n.modulo == numero]

    # --- nombres y siglas en las preguntas ------------------------------------------------
    def normas_por_alias(self, texto: str) -> list[str]:
        """Identificadores de normas cargadas nombradas por otro nombre («estatuto anticorrupción»)."""
        plegado = plegar(texto)
        return [i for i, alias in self.alias_de_normas.items() if any(_contiene(plegado, a) for a in alias)]

    def frases_de_normas(self) -> list[str]:
        """Todos los nombres alternativos de normas, de los más largos a los más cortos."""
        frases = {a for alias in self.alias_de_normas.values() for a in alias} | {a for o in self.otras_normas for a in o.alias}
        return sorted(frases, key=len, reverse=True)

    def otras_por_alias(self, texto: str) -> list[OtraNorma]:
        plegado = plegar(texto)
        return [o for o in self.otras_normas if any(_contiene(plegado, a) for a in o.alias)]

    def expansiones(self, texto: str, sinonimos: bool = False) -> list[str]:
        """Significado de las siglas del glosario que aparecen en el texto («SGP» → …) y,
        si se piden, los términos de las normas para palabras corrientes («plata» → «recursos»)."""
        siglas, corrientes = self._con_equivalente(texto)
        return [self.glosario[s] for s in siglas] + ([self.sinonimos[p] for p in corrientes] if sinonimos else [])

    def equivalencias(self, texto: str) -> list[tuple[str, list[str]]]:
        """Cada palabra de la pregunta que tiene equivalente en las normas, con sus formas
        alternativas: la sigla con su nombre largo («SGP» → [«Sistema General de
        Participaciones»]) y la palabra corriente con cada equivalente separado por comas
        («sueldo» → [«remuneración», «salario»])."""
        siglas, corrientes = self._con_equivalente(texto)
        return [(s, [self.glosario[s]]) for s in siglas] + [(p, self.sinonimos[p].split(",")) for p in corrientes]

    def _con_equivalente(self, texto: str) -> tuple[list[str], list[str]]:
        """(siglas del glosario, palabras corrientes con sinónimo) del texto, sin repetir y ordenadas."""
        palabras = re.findall(r"[A-Za-zÁÉÍÓÚÑáéíóúñ]+", texto)
        return sorted({p.upper() for p in palabras} & set(self.glosario)), sorted({plegar(p) for p in palabras} & set(self.sinonimos))


    def pide_la_guia(self, texto: str) -> bool:
        """¿Nombra la guía o una de sus secciones («marco normativo», «módulo»)?"""
        plegado = plegar(texto)
        return any(_contiene(plegado, n) for n in self.nombres_de_la_guia)

    # --- conceptos ------------------------------------------------------------------------
    def conceptos_en(self, texto: str) -> list[Concepto]:
        """Conceptos que el texto nombra (por sus frases o por las siglas del glosario que las expanden)."""
        plegado = plegar(texto)
        return [c for c in self.conceptos.values() if c.nombrado_en(plegado)]

    def ambiguedad_en(self, texto: str, nombrados: list[Concepto]) -> Ambiguedad | None:
        """La palabra ambigua que el texto usa sin nombrar ninguno de sus conceptos, si la hay."""
        plegado = plegar(texto)
        ids = {c.id for c in nombrados}
        for ambiguedad in self.ambiguedades:
            if _contiene(plegado, ambiguedad.palabra) and not ids & set(ambiguedad.conceptos):
                return ambiguedad
        return None


def _fuente(fuente: str) -> str:
    """«LEY-152-1994:31-46» en mayúsculas; «modulo:2» igual; «seccion:Marco normativo» con el título plegado."""
    if fuente.startswith("modulo:"):
        return fuente
    if fuente.startswith("seccion:"):
        return "seccion:" + plegar(fuente.split(":", 1)[1])
    return fuente.upper()


def _contiene(plegado: str, frase: str) -> bool:
    return bool(re.search(r"(?<!\w)" + re.escape(frase) + r"(?!\w)", plegado))


@lru_cache(maxsize=8)
def _cargar_en_cache(ruta: str, _marca: float) -> Catalogo:
    return Catalogo.cargar(ruta)


def catalogo_en(ruta: str | Path | None = None) -> Catalogo:
    """Catálogo de esa ruta (o el del repositorio), releído solo si el archivo cambió."""
    ruta = Path(ruta) if ruta else RUTA_PREDETERMINADA
    if not ruta.exists():
        return Catalogo()
    return _cargar_en_cache(str(ruta.resolve()), ruta.stat().st_mtime)
