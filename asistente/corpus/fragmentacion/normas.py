"""Fragmentación de normas: un fragmento por artículo (o por parte de un artículo largo).

Lo que resuelve, con los textos de SUIN-Juriscol como referencia:
- encabezados en todas sus variantes (`**Artículo 3°.**`, `**ARTICULO 1°****Título.**`,
  `***Artículo 14.***`, `Artículo 9º.` sin negrita, `49B`, `18-A`, `34-1`, `transitorio`,
  guiones suaves dentro de la palabra);
- el texto que un artículo modificatorio cita («… quedará así:») se queda dentro de él;
- las versiones anteriores (`LEGISLACIÓN ANTERIOR` … `Vigente desde: … y hasta el: …`)
  salen del texto vigente y se guardan aparte con `vigente=False`;
- un artículo cuyo texto vigente es «Derogado» o «Inexequible» se marca como tal;
- lo que sigue a las firmas (sentencias, debates) no son artículos y se descarta.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..catalogo import Catalogo
from ..identidad import clave_articulo
from ...modelos import (
    ESTADO_ANTERIOR,
    ESTADO_DEROGADO,
    ESTADO_INEXEQUIBLE,
    ESTADO_VIGENTE,
    Bloque,
    Documento,
    Fragmento,
)
from ...texto import limpiar_invisibles, quitar_marcado, tipo_oracion
from .partes import agrupar

_ENCABEZADO = re.compile(
    r"^(?:ART[IÍÌ]CULO|Art[iíì]culo)\s*"  # «ARTÌCULO» (acento grave) en el Decreto 19 de 2012, art. 157
    r"(?P<num>\d+(?:-\d+|-?[A-Z](?![a-záéíóúñ]))?|transitorio|TRANSITORIO|Transitorio|[ÚU]nico|[ÚU]NICO)"
    r"\s*(?P<ord>[°º]|o(?=\.))?"
    r"\s*(?P<sep>[.:\-–]+)?"
)
_DEROGADO = re.compile(r"^(derogad[oa]s?|(declarad[oa]\s+)?inexequibles?)\s*[.]?\s*$", re.IGNORECASE)
_MARCADORES = re.compile(r"^(TEXTO CORRESPONDIENTE A|JURISPRUDENCIA|Afecta la vigencia de:|Notas? de vigencia)(?!\w).*\[\]\s*$")
_LEGISLACION_ANTERIOR = re.compile(r"^LEGISLACI[OÓ]N ANTERIOR\b")
_VIGENCIA = re.compile(r"^Vigente desde:\s*\S+")
_FIRMA = re.compile(
    r"^((El|La) President[ea] del (honorable |H\. )?Senado|(El|La) President[ea] de la (honorable |H\. )?C[aá]mara"
    r"|Publ[ií]quese,? (y )?(ej[eé]cutese|c[uú]mplase)|Comun[ií]quese,? publ[ií]quese|Dada en )",
    re.IGNORECASE,
)
_ESTRUCTURA = re.compile(r"^((LIBRO|T[IÍ]TULO|CAP[IÍ]TULO|SECCI[OÓ]N|PARTE)\s+\S+|[IVXLC]+\.\s+[A-ZÁÉÍÓÚÑ])", re.IGNORECASE)
_CITA = re.compile(r"(así|asi|siguientes?|quedar[aá]n?|adici[oó]n[ae]se|modif[ií]c[ae]se|sustit[uú]yase|tendr[aá])", re.IGNORECASE)
_MAX_PALABRAS_TITULO = 20
SIN_FECHAS = "Texto anterior (SUIN no indica sus fechas)"


@dataclass
class Encabezado:
    numero: str  # como se imprime, sin ordinal: «40», «18-A», «transitorio»
    resto: str  # lo que sigue al encabezado en la misma línea (título y texto)


@dataclass
class _Version:
    lineas: list[tuple[str, int]] = field(default_factory=list)
    vigencia: str = ""


@dataclass
class _Articulo:
    encabezado: Encabezado
    titulo: str
    pagina: int
    capitulo: str
    linea: str  # el encabezado tal como venía, para conservarlo si pasa a ser texto anterior
    cuerpo: list[tuple[str, int]] = field(default_factory=list)
    anteriores: list[_Version] = field(default_factory=list)
    en_cita: bool = False
    tras_historico: bool = False  # ya pasó su bloque LEGISLACIÓN ANTERIOR: no cita nada más

    @property
    def clave(self) -> str:
        return clave_articulo(self.encabezado.numero)

    def espera_cita(self) -> bool:
        """¿La última línea anuncia un texto citado? («… quedará así:»)."""
        if self.tras_historico:
            return False
        ultima = self.ultima_linea()
        return ultima.endswith(":") and bool(_CITA.search(ultima[-160:]))

    def ultima_linea(self) -> str:
        # Sin cuerpo, el encabezado tal como venía: en «Artículo 1°. El artículo 360 de la
        # Constitución Política quedará así:» todo es título y el título pierde los dos puntos.
        return quitar_marcado(self.cuerpo[-1][0] if self.cuerpo else limpiar_invisibles(self.linea).strip())


def leer_encabezado(linea: str) -> Encabezado | None:
    """Reconoce el encabezado de un artículo al comienzo de una línea (con o sin marcado)."""
    cruda = limpiar_invisibles(linea).strip()
    plana = quitar_marcado(cruda)
    m = _ENCABEZADO.match(plana)
    if not m:
        return None
    resto = plana[m.end():].strip()
    resaltada = cruda.startswith(("*", "#", "_"))
    if not m.group("sep"):
        # Sin signo después del número solo vale con ordinal y un título a continuación
        # («**Artículo 1º** *Definición*»), nunca una referencia como «Artículo 5, ya que…».
        if not (m.group("ord") and (not resto or (resaltada and resto[:1].isupper()))):
            if resto or not resaltada:
                return None
    return Encabezado(numero=_numero_legible(m.group("num")), resto=resto)


def _numero_legible(numero: str) -> str:
    return "transitorio" if numero.lower() == "transitorio" else ("único" if numero.lower() in ("único", "unico") else numero)


def parece_norma(bloques: list[Bloque]) -> bool:
    """Un documento sin metadatos es norma si tiene al menos tres encabezados de artículo."""
    encontrados = 0
    for bloque in bloques:
        for linea in bloque.texto.split("\n"):
            if leer_encabezado(linea):
                encontrados += 1
                if encontrados >= 3:
                    return True
    return False


def _sucesor(anterior: str, nuevo: str, salto: int = 1) -> bool:
    """¿`nuevo` puede ser el artículo que sigue a `anterior` (saltando hasta `salto` números)?"""
    if nuevo == "TRANSITORIO":
        return True
    a, b = _partes_numero(anterior), _partes_numero(nuevo)
    if a is None or b is None:
        return False
    return a[0] < b[0] <= a[0] + salto or (b[0] == a[0] and b[1] > a[1])


def _partes_numero(clave: str) -> tuple[int, str] | None:
    m = re.match(r"^(\d+)(.*)$", clave)
    return (int(m.group(1)), m.group(2)) if m else None


def _titulo_y_cuerpo(cruda: str, resto: str) -> tuple[str, str]:
    """Separa el epígrafe del artículo («Aprobación») del texto que le sigue en la línea."""
    if not resto or _DEROGADO.match(resto):
        return "", resto
    mayusculas = re.match(r"^([A-ZÁÉÍÓÚÑ0-9 ,;()\-]{4,}):\s*(.*)$", resto)
    if mayusculas:
        return tipo_oracion(mayusculas.group(1).strip()), mayusculas.group(2)
    punto = re.search(r"[.:](\s|$)", resto[:220])
    if not punto:
        return "", resto
    candidato = resto[: punto.start()].strip()
    palabras = len(candidato.split())
    if not candidato or palabras > _MAX_PALABRAS_TITULO:
        return "", resto
    # Resaltado = cerrado por un marcador de énfasis («*Título*.», «**Artículo 27. Título.**»).
    final = re.escape(candidato[-12:])
    resaltado = bool(re.search(final + r"\s*[.:]?\s*[*_]", cruda))
    if resaltado or palabras <= 5:
        return candidato, resto[punto.end():].strip()
    return "", resto


def fragmentar_norma(documento: Documento, catalogo: Catalogo) -> list[Fragmento]:
    lineas = _lineas(documento.bloques)
    preambulo: list[str] = []
    articulos: list[_Articulo] = []
    actual: _Articulo | None = None
    capitulo = ""
    historico: _Version | None = None
    en_historico = False
    tras_vigencia = False
    i = 0
    while i < len(lineas):
        cruda, pagina = lineas[i]
        i += 1
        plana = quitar_marcado(limpiar_invisibles(cruda))
        if not plana:
            continue
        if actual is not None and _FIRMA.match(plana):
            break  # lo que sigue a las firmas son anexos: sentencias, debates, exposición de motivos
        if _MARCADORES.match(plana):
            continue
        if _LEGISLACION_ANTERIOR.match(plana):
            if actual is not None:
                en_historico, tras_vigencia, historico = True, False, _Version()
            continue
        if _VIGENCIA.match(plana):
            if en_historico and actual is not None:
                historico = historico or _Version()
                historico.vigencia = plana
                if historico.lineas:
                    actual.anteriores.append(historico)
                historico, tras_vigencia = None, True
            continue
        encabezado = leer_encabezado(cruda)
        if en_historico and not tras_vigencia and encabezado and _sigue_al_historico(actual, historico, encabezado):
            # SUIN a veces no cierra una versión anterior con «Vigente desde»: el artículo
            # siguiente de la norma la termina (Ley 962 de 2005, art. 4 → art. 6).
            if historico.lineas:
                historico.vigencia = historico.vigencia or SIN_FECHAS
                actual.anteriores.append(historico)
            historico, tras_vigencia = None, True
        if en_historico:
            if not tras_vigencia:
                historico.lineas.append((cruda, pagina))
                continue
            if encabezado and clave_articulo(encabezado.numero) == actual.clave:
                historico, tras_vigencia = _Version([(cruda, pagina)]), False
                continue
            # Vuelve el texto vigente (un artículo nuevo o un capítulo); lo que venga
            # ya no puede ser una cita del artículo anterior.
            en_historico = False
            actual.en_cita = False
            actual.tras_historico = True
        if encabezado:
            if actual is not None and _es_cita(actual, encabezado):
                actual.cuerpo.append((cruda, pagina))
                actual.en_cita = True
                continue
            titulo, cuerpo = _titulo_y_cuerpo(limpiar_invisibles(cruda), encabezado.resto)
            actual = _Articulo(Encabezado(encabezado.numero, cuerpo), titulo, pagina, capitulo, cruda)
            articulos.append(actual)
            continue
        if (_es_estructura(plana, cruda) or (actual is not None and actual.tras_historico and _parece_titulo(plana))) and not (
            actual is not None and actual.en_cita
        ):
            capitulo = plana
            siguiente = quitar_marcado(limpiar_invisibles(lineas[i][0])) if i < len(lineas) else ""
            if siguiente and len(siguiente) <= 160 and not leer_encabezado(lineas[i][0]) and not _es_estructura(siguiente, lineas[i][0]):
                capitulo = f"{plana} · {siguiente}"
                i += 1
            continue
        if actual is None:
            preambulo.append(plana)
        else:
            actual.cuerpo.append((cruda, pagina))
    articulos = [_con_version_vigente(a) for a in articulos]
    return _fragmentos(documento, catalogo, preambulo, _sin_repetidos_fuera_de_orden(articulos))


def _sigue_al_historico(actual: _Articulo, historico: _Version, encabezado: Encabezado) -> bool:
    """¿Este encabezado es el artículo siguiente de la norma y no una cita del texto anterior?"""
    nuevo = clave_articulo(encabezado.numero)
    # Se tolera un número faltante: la Ley 962 de 2005 pasa del art. 4 al 6.
    if nuevo == actual.clave or not _sucesor(actual.clave, nuevo, salto=2):
        return False
    ultima = quitar_marcado(historico.lineas[-1][0]) if historico.lineas else ""
    return not (ultima.endswith(":") and _nombra_articulo(ultima, nuevo))


def _con_version_vigente(articulo: _Articulo) -> _Articulo:
    """Corrige el orden invertido de SUIN.

    A veces SUIN muestra arriba un texto ya reemplazado y pone el vigente dentro de
    LEGISLACIÓN ANTERIOR con «Vigente desde: …» sin fecha de cierre (p. ej. Ley 489
    de 1998, arts. 15 a 23, derogados en 2017). La versión sin cierre es la vigente.
    """
    abierta = next((v for v in articulo.anteriores if "hasta" not in v.vigencia), None)
    if abierta is None or not abierta.lineas:
        return articulo
    encabezado = leer_encabezado(abierta.lineas[0][0])
    if encabezado is None or clave_articulo(encabezado.numero) != articulo.clave:
        return articulo
    desde = abierta.vigencia.replace("Vigente desde:", "").strip()
    reemplazada = _Version([(articulo.linea, articulo.pagina), *articulo.cuerpo], f"Texto anterior al vigente desde {desde}")
    titulo, cuerpo = _titulo_y_cuerpo(limpiar_invisibles(abierta.lineas[0][0]), encabezado.resto)
    return _Articulo(
        Encabezado(encabezado.numero, cuerpo),
        titulo or articulo.titulo if not _DEROGADO.match(cuerpo or titulo) else titulo,
        abierta.lineas[0][1] or articulo.pagina,
        articulo.capitulo,
        abierta.lineas[0][0],
        cuerpo=list(abierta.lineas[1:]),
        anteriores=[v for v in articulo.anteriores if v is not abierta] + [reemplazada],
    )


def _sin_repetidos_fuera_de_orden(articulos: list[_Articulo]) -> list[_Articulo]:
    """Un número que aparece dos veces y una de ellas fuera de la secuencia es texto viejo.

    (Ley 136 de 1994 trae el art. 105 original entre los arts. 34 y 35.)
    """
    claves = [a.clave for a in articulos]
    salida: list[_Articulo] = []
    for i, articulo in enumerate(articulos):
        repetido = claves.count(articulo.clave) > 1
        anterior = claves[i - 1] if i else None
        fuera_de_orden = anterior is not None and not _sucesor(anterior, articulo.clave)
        if repetido and fuera_de_orden:
            vigente = next(a for j, a in enumerate(articulos) if j != i and a.clave == articulo.clave)
            vigente.anteriores.append(
                _Version([(articulo.linea, articulo.pagina), *articulo.cuerpo], SIN_FECHAS)
            )
            continue
        salida.append(articulo)
    return salida


def _es_cita(actual: _Articulo, encabezado: Encabezado) -> bool:
    """¿Este encabezado es parte del texto que cita el artículo en curso?

    Tras «… quedará así:» el encabezado siguiente es citado, salvo que sea el
    artículo que sigue en la norma y el anuncio no lo nombre (un artículo que
    enumera «así:» y termina no cita nada).
    """
    nuevo = clave_articulo(encabezado.numero)
    sucesor = _sucesor(actual.clave, nuevo)
    if actual.espera_cita():
        return not sucesor or _nombra_articulo(actual.ultima_linea(), nuevo)
    return actual.en_cita and not sucesor


def _nombra_articulo(texto: str, clave: str) -> bool:
    numero = re.escape(clave.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or clave)
    return bool(re.search(r"art[ií]culos?\s+" + numero + r"(?!\d)", texto, re.IGNORECASE))


def _parece_titulo(plana: str) -> bool:
    """Una línea corta sin punto final, como «VIII. PARTICIPACION COMUNITARIA»."""
    return len(plana) <= 90 and not plana.endswith((".", ":", ";", ","))


def _es_estructura(plana: str, cruda: str) -> bool:
    if len(plana) > 90 or not _ESTRUCTURA.match(plana):
        return False
    palabra = plana.split()[0]
    return palabra.isupper() or cruda.lstrip().startswith(("#", "*"))


def _lineas(bloques: list[Bloque]) -> list[tuple[str, int]]:
    """Líneas del documento; en los PDF, une las líneas cortadas de un mismo párrafo."""
    lineas: list[tuple[str, int]] = []
    for bloque in bloques:
        pagina = bloque.pagina or 0
        if bloque.pagina is None:
            lineas.extend((l, 0) for l in bloque.texto.split("\n"))
            continue
        parrafo: list[str] = []
        for linea in bloque.texto.split("\n"):
            if parrafo and (leer_encabezado(linea) or _MARCADORES.match(linea) or _VIGENCIA.match(linea) or _LEGISLACION_ANTERIOR.match(linea)):
                lineas.append((_unir(parrafo), pagina))
                parrafo = []
            parrafo.append(linea)
        if parrafo:
            lineas.append((_unir(parrafo), pagina))
    return lineas


def _unir(lineas: list[str]) -> str:
    texto = "\n".join(lineas)
    texto = re.sub(r"(\w)-\n(\w)", r"\1\2", texto)
    return re.sub(r"\s*\n\s*", " ", texto).strip()


# --- de artículos a fragmentos -------------------------------------------------------

def _fragmentos(documento: Documento, catalogo: Catalogo, preambulo: list[str], articulos: list[_Articulo]) -> list[Fragmento]:
    norma = catalogo.norma(documento.doc_id)
    modulo = catalogo.modulo_de_norma(documento.doc_id)
    tema = norma.tema if norma else ""
    contexto_norma = f"{documento.titulo} ({tema})" if tema else documento.titulo
    base = dict(
        doc_id=documento.doc_id,
        titulo=documento.titulo,
        tipo=documento.tipo,
        fuente=documento.fuente,
        archivo=documento.archivo,
        modulo=modulo.nombre if modulo else "",
    )
    fragmentos: list[Fragmento] = []

    def agregar(**campos) -> None:
        orden = len(fragmentos) + 1
        fragmentos.append(Fragmento(id=f"{documento.doc_id}:{orden:05d}", orden=orden, **base, **campos))

    preambulo = [(p, 0) for p in preambulo if not p.startswith("Subtipo:")]
    if preambulo:
        encabezado = f"{documento.titulo}: encabezado"
        grupos = agrupar(preambulo)
        for n, grupo in enumerate(grupos, start=1):
            texto = encabezado + "\n" + "\n".join(t for t, _ in grupo)
            agregar(texto=texto, seccion="Encabezado", encabezado=encabezado, contexto=contexto_norma, parte=n, partes=len(grupos))

    vistos: dict[str, int] = {}
    for articulo in articulos:
        vistos[articulo.clave] = vistos.get(articulo.clave, 0) + 1
        numero = articulo.encabezado.numero
        if vistos[articulo.clave] > 1:  # SUIN repite a veces un número (p. ej. dos «transitorio»)
            numero = f"{numero} ({vistos[articulo.clave]})"
        encabezado = f"Artículo {numero}." + (f" {articulo.titulo}." if articulo.titulo else "")
        parrafos = [(articulo.encabezado.resto, articulo.pagina)] if articulo.encabezado.resto else []
        parrafos += [(_parrafo_limpio(c), p) for c, p in articulo.cuerpo]
        parrafos = [(t, p) for t, p in parrafos if t]
        cuerpo_plano = " ".join(t for t, _ in parrafos).strip()
        estado = ESTADO_VIGENTE
        if _DEROGADO.match(cuerpo_plano) or (not cuerpo_plano and _DEROGADO.match(articulo.titulo)):
            estado = ESTADO_INEXEQUIBLE if "inexequible" in (cuerpo_plano or articulo.titulo).lower() else ESTADO_DEROGADO
        contexto = contexto_norma + (f". {articulo.capitulo}" if articulo.capitulo else "")
        comun = dict(articulo=numero, titulo_articulo=articulo.titulo, capitulo=articulo.capitulo, contexto=contexto)
        if estado != ESTADO_VIGENTE:
            texto = f"{encabezado}\n{cuerpo_plano or articulo.titulo}".strip()
            agregar(texto=texto, encabezado=encabezado, pagina=articulo.pagina, derogado=True, estado=estado, **comun)
        else:
            grupos = agrupar(parrafos or [("", articulo.pagina)])
            for n, grupo in enumerate(grupos, start=1):
                texto = encabezado + "\n" + "\n".join(t for t, _ in grupo)
                agregar(texto=texto.strip(), encabezado=encabezado, pagina=grupo[0][1], parte=n, partes=len(grupos), **comun)
        for version in articulo.anteriores:
            parrafos_v = [(_parrafo_limpio(c), p) for c, p in version.lineas]
            parrafos_v = [(t, p) for t, p in parrafos_v if t]
            grupos = agrupar(parrafos_v)
            for n, grupo in enumerate(grupos, start=1):
                agregar(
                    texto="\n".join(t for t, _ in grupo),
                    encabezado=f"Artículo {numero} (texto anterior)",
                    pagina=grupo[0][1],
                    vigente=False,
                    derogado=estado != ESTADO_VIGENTE,
                    estado=ESTADO_ANTERIOR,
                    vigencia=version.vigencia,
                    parte=n,
                    partes=len(grupos),
                    **comun,
                )
    return fragmentos


def _parrafo_limpio(cruda: str) -> str:
    lineas = [quitar_marcado(limpiar_invisibles(l)) for l in cruda.split("\n")]
    return "\n".join(l for l in lineas if l)
