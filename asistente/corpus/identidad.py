"""Identidad de una norma: su clase, número y año, su nombre legible y su artículo gramatical.

    identificar("ACTO LEGISLATIVO-5-2011")   # → Identidad("ACTO-LEGISLATIVO", "5", "2011")
    titulo_de_norma("DECRETO-111-1996")        # → "Decreto 111 de 1996"
    con_articulo("Decreto 111 de 1996")        # → "el Decreto 111 de 1996"
    con_articulo("Ley 152 de 1994")            # → "la Ley 152 de 1994"

Un solo lugar para todas las clases que se cargan (leyes, decretos, decretos ley, actos
legislativos, resoluciones, acuerdos, ordenanzas, circulares, documentos CONPES y la
Constitución): los identificadores de SUIN («LEY-152-1994», «DECRETO-19-2012»,
«ACTO LEGISLATIVO-5-2011», con espacio), los nombres de archivo y las etiquetas de las citas.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Clase → (nombre legible, artículo). El orden importa: «DECRETO-LEY» antes que «DECRETO».
CLASES: dict[str, tuple[str, str]] = {
    "DECRETO-LEY": ("Decreto Ley", "el"),
    "ACTO-LEGISLATIVO": ("Acto Legislativo", "el"),
    "LEY": ("Ley", "la"),
    "DECRETO": ("Decreto", "el"),
    "RESOLUCION": ("Resolución", "la"),
    "ACUERDO": ("Acuerdo", "el"),
    "ORDENANZA": ("Ordenanza", "la"),
    "CIRCULAR": ("Circular", "la"),
    "CONPES": ("Documento CONPES", "el"),
    "CONSTITUCION": ("Constitución Política", "la"),
}
_CLASE = "|".join(re.escape(c) for c in CLASES)
# «Decreto Ley …» antes que «Decreto …» al reconocer un título por su comienzo.
_NOMBRES_DEL_MAS_LARGO = sorted(((n.lower(), a) for n, a in CLASES.values()), key=lambda c: -len(c[0]))
# LEY-152-1994 · DECRETO-LEY-19-2012 · ACTO LEGISLATIVO-5-2011 · CONPES-3918 · CONSTITUCION-1991
_IDENTIFICADOR = re.compile(rf"^(?P<clase>{_CLASE})(?:[-_ ](?P<numero>\d+[A-Z]?))?(?:[-_ ](?P<anio>\d{{4}}))?$", re.IGNORECASE)


@dataclass(frozen=True)
class Identidad:
    clase: str  # clave de CLASES
    numero: str = ""
    anio: str = ""

    @property
    def nombre_clase(self) -> str:
        return CLASES[self.clase][0]

    @property
    def articulo(self) -> str:
        return CLASES[self.clase][1]

    @property
    def titulo(self) -> str:
        if self.clase == "CONSTITUCION":
            return "Constitución Política" + (f" de {self.anio}" if self.anio else "")
        if self.clase == "CONPES":
            return f"Documento CONPES {self.numero}" + (f" de {self.anio}" if self.anio else "")
        return f"{self.nombre_clase} {self.numero}" + (f" de {self.anio}" if self.anio else "")


def identificar(identificador: str) -> Identidad | None:
    """La identidad de un identificador de norma (con guiones, espacios o subrayados), o None."""
    texto = re.sub(r"\s+", " ", identificador.strip()).upper().replace("Ó", "O")
    texto = re.sub(r"^(DECRETO|ACTO)[ _](LEY|LEGISLATIVO)", r"\1-\2", texto)
    m = _IDENTIFICADOR.match(texto)
    if not m:
        return None
    clase = m.group("clase").upper().replace(" ", "-")
    if clase not in ("CONPES", "CONSTITUCION") and not (m.group("numero") and m.group("anio")):
        return None
    numero, anio = m.group("numero") or "", m.group("anio") or ""
    if clase == "CONSTITUCION" and numero and not anio:  # CONSTITUCION-1991
        numero, anio = "", numero
    return Identidad(clase, numero, anio)


def es_identificador_de_norma(identificador: str) -> bool:
    return identificar(identificador) is not None


def titulo_de_norma(identificador: str) -> str | None:
    """«LEY-152-1994» → «Ley 152 de 1994»; «ACTO LEGISLATIVO-5-2011» → «Acto Legislativo 5 de 2011»."""
    identidad = identificar(identificador)
    return identidad.titulo if identidad else None


def con_articulo(titulo: str) -> str:
    """«Decreto 111 de 1996» → «el Decreto 111 de 1996»; «Ley 152…» → «la Ley 152…»; la guía → «la Guía…».

    El artículo sale de la primera palabra del título; lo que no es una norma conocida
    lleva «el documento» salvo que empiece por una palabra femenina conocida.
    """
    limpio = titulo.strip()
    plegado = limpio.lower()
    for nombre, articulo in _NOMBRES_DEL_MAS_LARGO:
        if plegado.startswith(nombre):
            return f"{articulo} {limpio}"
    if plegado.startswith(("guía", "guia", "constitución", "constitucion")):
        return f"la {limpio}"
    return f"el documento {limpio}"


def de_con_articulo(titulo: str) -> str:
    """«del Decreto 111 de 1996», «de la Ley 152 de 1994» (la contracción «de el» → «del»)."""
    nombre = con_articulo(titulo)
    return "del" + nombre[2:] if nombre.startswith("el ") else "de " + nombre


# «El artículo 361 de la Constitución Política quedará así», «Modifíquese el artículo 5 de la Ley 87
# de 1993», «El artículo 21 del Decreto 111 de 1996 quedará así:»: el título de un artículo que
# reescribe el de otra norma.
_MODIFICA = re.compile(
    r"^(?:el |modifiquese el |modificase el |sustituyase el |adicionese el )?articulo (?P<articulo>\d+[a-z]?)[º°o]?\s+"
    r"(?:de la (?P<constitucion>constitucion)(?: politica)?|(?:de la |del )?(?P<clase>ley|decreto ley|decreto-ley|decreto)\s+(?P<numero>\d+) de (?P<anio>\d{4}))"
    r".*?(?:quedara asi|quedara de la siguiente manera|el cual quedara|$)"
)
_ANUNCIA = re.compile(r"quedara|modifiquese|modificase|sustituyase|adicionese")


@dataclass(frozen=True)
class Modificacion:
    """Lo que reescribe un artículo: el artículo `articulo` de `norma` (None: de la Constitución)."""

    articulo: str
    norma: Identidad | None = None

    @property
    def etiqueta(self) -> str:
        """«el art. 361 de la Constitución», «el art. 4 de la Ley 136 de 1994»."""
        donde = de_con_articulo(self.norma.titulo) if self.norma else "de la Constitución"
        return f"el art. {self.articulo} {donde}"


def que_modifica(titulo_articulo: str, cuerpo: str = "") -> Modificacion | None:
    """Qué artículo reescribe uno, según su título («El artículo 361 de la Constitución Política
    quedará así») o, si no, su primera oración («El artículo 24 de la Ley 962 de 2005, quedará
    así:»); None si no reescribe ninguno."""
    primera = re.split(r"(?<=[:.])\s", cuerpo.strip(), maxsplit=1)[0][:300] if cuerpo else ""
    for texto in (titulo_articulo, primera):
        plegado = re.sub(r"\s+", " ", texto.lower()).strip()
        for origen, destino in (("á", "a"), ("é", "e"), ("í", "i"), ("ó", "o"), ("ú", "u")):
            plegado = plegado.replace(origen, destino)
        m = _MODIFICA.match(plegado)
        if not m or not _ANUNCIA.search(plegado):
            continue
        if m.group("constitucion"):
            return Modificacion(m.group("articulo"))
        clase = {"decreto": "DECRETO", "ley": "LEY"}.get(m.group("clase"), "DECRETO-LEY")
        return Modificacion(m.group("articulo"), Identidad(clase, m.group("numero"), m.group("anio")))
    return None


def clave_articulo(numero: str) -> str:
    """Forma comparable de un número de artículo: «18-A» → «18A», «34-1» → «34-1», «Transitorio» → «TRANSITORIO»."""
    limpio = re.sub(r"\s+", "", numero).upper().replace("Ú", "U")
    return re.sub(r"-(?=[A-Z])", "", limpio)


# Cómo se nombra cada clase en una pregunta ya plegada (sin tildes, minúsculas): «decreto ley» → DECRETO-LEY.
# La Constitución no se cita por número: queda fuera.
NOMBRADAS: dict[str, str] = {c.lower().replace("-", " "): c for c in CLASES if c != "CONSTITUCION"}


def clase_nombrada(nombre: str) -> str:
    """«decreto-ley», «decreto  ley», «resolucion» (plegado) → clave de CLASES."""
    return NOMBRADAS[re.sub(r"[\s-]+", " ", nombre)]


def patron_de_clases() -> str:
    """La alternativa de expresión regular que reconoce una clase nombrada, de la más larga a la más corta."""
    return "|".join(re.escape(n).replace(r"\ ", r"[\s-]") for n in sorted(NOMBRADAS, key=len, reverse=True))
