"""Tipos de datos que viajan entre la carga, la fragmentación, el índice y las respuestas."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import ClassVar

TIPO_NORMA = "norma"
TIPO_GUIA = "guia"
TIPO_DOCUMENTO = "documento"

ESTADO_VIGENTE = "vigente"
ESTADO_DEROGADO = "derogado"
ESTADO_INEXEQUIBLE = "inexequible"
ESTADO_ANTERIOR = "anterior"  # versión histórica (LEGISLACIÓN ANTERIOR de SUIN)


@dataclass
class Bloque:
    """Un párrafo o título tal como salió del archivo (conserva el marcado Markdown)."""

    texto: str
    pagina: int | None = None
    nivel: int = 0  # 0 = párrafo; 1..6 = título de ese nivel


@dataclass
class Documento:
    doc_id: str
    titulo: str
    tipo: str
    bloques: list[Bloque]
    archivo: str
    fuente: str
    metadatos: dict = field(default_factory=dict)
    avisos: list[str] = field(default_factory=list)  # problemas leves: se indexó igual


@dataclass
class Fragmento:
    """La unidad que se indexa y se cita: un artículo (o parte), una sección de la guía o una página."""

    id: str
    texto: str
    doc_id: str
    titulo: str
    tipo: str
    fuente: str
    archivo: str = ""
    modulo: str = ""
    seccion: str = ""
    ruta: str = ""  # migas de pan completas: «Marco conceptual › Política pública»
    articulo: str = ""
    titulo_articulo: str = ""
    encabezado: str = ""  # «Artículo 40. Aprobación.», se repite en cada parte
    capitulo: str = ""
    pagina: int = 0  # 0 = sin página (Markdown)
    vigente: bool = True
    derogado: bool = False
    estado: str = ESTADO_VIGENTE
    vigencia: str = ""  # «Vigente desde: … y hasta el: …» en las versiones anteriores
    parte: int = 1
    partes: int = 1
    orden: int = 0
    contexto: str = ""  # lo que se antepone al texto para el embedding (norma, tema)
    # «el art. 4 de la Ley 136 de 1994» si el artículo reescribe otro: lo fija el índice al
    # abrirse (IndiceAbierto), a partir de su título o su primera oración; no se guarda.
    modifica: ClassVar[str] = ""

    @property
    def texto_indexable(self) -> str:
        """Texto para BM25: contexto (norma, tema, capítulo) + texto."""
        return f"{self.contexto}\n{self.texto}" if self.contexto else self.texto

    @property
    def texto_embebible(self) -> str:
        """Texto para el modelo de embeddings.

        En una norma, solo el pasaje: anteponer la norma y su tema empeoró la búsqueda
        densa en el conjunto de desarrollo (acierto@1 0,52 frente a 0,59). En la guía se
        antepone su título: sus secciones son breves y generales, y sin él solo la
        Introducción (que nombra la guía) parecía responder «¿qué dice la guía…?».
        """
        return self.texto_indexable if self.tipo == TIPO_GUIA else self.texto

    @property
    def huella(self) -> str:
        """Identifica el texto embebido: si no cambia, su vector se reutiliza."""
        return hashlib.sha256(self.texto_embebible.encode("utf-8")).hexdigest()[:32]

    def metadatos(self) -> dict:
        """Metadatos planos para Chroma (solo str, int, float y bool; sin None)."""
        datos = asdict(self)
        datos.pop("id")
        datos.pop("texto")
        datos["huella"] = self.huella
        return datos

    @classmethod
    def desde_metadatos(cls, id_: str, texto: str, metadatos: dict) -> Fragmento:
        nombres = {f.name for f in fields(cls)} - {"id", "texto"}
        return cls(id=id_, texto=texto, **{k: v for k, v in metadatos.items() if k in nombres})
