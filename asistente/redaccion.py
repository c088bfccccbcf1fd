"""Redacción extractiva: la respuesta cita textualmente las oraciones más pertinentes.

Determinista y sin modelo de lenguaje: nunca parafrasea una norma ni altera cifras
o plazos («cuatro (4) meses»); cada oración va seguida de su cita numerada.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .catalogo import Catalogo
from .citas import etiqueta
from .lexico import tokenizar
from .modelos import ESTADO_ANTERIOR, ESTADO_INEXEQUIBLE, Fragmento
from .parametros import Parametros
from .recuperacion import Resultado
from .texto import plegar

# No se corta en «:»: lo que sigue a los dos puntos completa la oración («… así: a) …»).
_CORTE = re.compile(r"(?<=[.;!?])\s+(?=[«\"(¿¡]?[A-ZÁÉÍÓÚÑ0-9])")
_ABREVIATURA = re.compile(
    r"(?:^|\s)(?:art|arts|núm|num|no|nos|inc|lit|par|dr|dra|sr|sra|etc|ej|cfr|pág|págs|d|c|s|a|ltda|cía|ord|dec|res|vr|esp)\.$",
    re.IGNORECASE,
)
# «4.», «b)», «Parágrafo 1°.», «Numeral 3.»: marcas de lista que van con lo que sigue.
_ENUMERADOR = re.compile(
    r"^((\d{1,3}|[a-zA-Z]|[IVXLC]{1,6})[.)°º-]*|Par[aá]grafo(\s+\w+)?(\s+\d+\s*[°º]?)?\.?|(Numeral|Literal|Inciso)\s+\w+\.?)$"
)
_PLAZO = re.compile(r"\b(cuanto tiempo|plazo|termino|cuando|cuantos dias|cuantos meses|cuantos anos|hasta cuando|en que tiempo|fecha|vence|antes de|cada cuanto|cuanto dura|durante cuanto)\b")
_CIFRA_DE_TIEMPO = re.compile(r"\b(d[ií]as?|mes(es)?|años?|semanas?|horas?|plazo|t[eé]rmino|dentro de|antes de|a más tardar|per[ií]odo)\b", re.IGNORECASE)
_CANTIDAD = re.compile(r"\b(cuantos|cuantas|cuanto|porcentaje|numero de|monto|valor|edad)\b")
_NUMERO = re.compile(r"\d|\((\d+)\)")
_LARGO_MAXIMO_ORACION = 700
_PASAJE_CORTO = 650  # un artículo o sección de este tamaño se cita entero
_LIMITE_COMPLETO = 1400  # «¿qué dice el artículo X?»: se cita hasta este tamaño
_PESO_CONTEXTO = 0.3  # términos de la pregunta anterior, en un seguimiento
_PREFIJO = 5  # «inscribir» e «inscripción» comparten «inscr»


@dataclass
class Cita:
    numero: int
    fragmento: Fragmento
    etiqueta: str
    puntaje: float
    partes: list[Fragmento] = field(default_factory=list)
    oraciones: list[str] = field(default_factory=list)  # lo citado en la respuesta (para resaltar)

    @property
    def texto(self) -> str:
        """El artículo o la sección completos (todas sus partes), con su encabezado una vez."""
        partes = self.partes or [self.fragmento]
        if len(partes) == 1:
            return partes[0].texto
        return partes[0].texto + "".join("\n" + _cuerpo(p) for p in partes[1:])

    def a_dict(self) -> dict:
        f = self.fragmento
        return {
            "numero": self.numero,
            "etiqueta": self.etiqueta,
            "doc_id": f.doc_id,
            "titulo": f.titulo,
            "modulo": f.modulo or None,
            "seccion": f.seccion or None,
            "articulo": f.articulo or None,
            "pagina": f.pagina or None,
            "vigente": f.vigente,
            "derogado": f.derogado,
            "estado": f.estado,
            "vigencia": f.vigencia or None,
            "fuente": f.fuente,
            "texto": self.texto,
            "oraciones": list(self.oraciones),
            "puntaje": round(float(self.puntaje), 4),
        }


def oraciones(texto: str) -> list[str]:
    """Divide un cuerpo de texto en oraciones; las marcas de lista quedan con su oración."""
    salida: list[str] = []
    for linea in texto.split("\n"):
        linea = linea.strip()
        if not linea:
            continue
        actual = ""
        for pieza in _CORTE.split(linea):
            actual = f"{actual} {pieza}".strip() if actual else pieza
            if not (_ABREVIATURA.search(actual) or _ENUMERADOR.match(actual)):
                salida.append(actual)
                actual = ""
        if actual:
            salida.append(actual)
    return salida


def _cuerpo(fragmento: Fragmento) -> str:
    """Texto sin la primera línea (encabezado del artículo o migas de la sección)."""
    if fragmento.encabezado and "\n" in fragmento.texto:
        return fragmento.texto.split("\n", 1)[1]
    return fragmento.texto


def _raices(texto: str) -> set[str]:
    tokens = tokenizar(texto)
    return set(tokens) | {t[:_PREFIJO] for t in tokens if len(t) > _PREFIJO}


@dataclass
class _Candidata:
    oracion: str
    cita: Cita
    posicion: int  # dentro del artículo entero
    raices: set[str]
    valor: float = 0.0


def redactar(
    pregunta: str,
    resultados: list[Resultado],
    catalogo: Catalogo,
    parametros: Parametros,
    pasajes: int | None = None,
    completos: bool = False,
    contexto: str = "",
) -> tuple[str, list[Cita]]:
    """Compone la respuesta citada. Devuelve (texto, citas ordenadas por pertinencia).

    `pasajes`: cuántos de los primeros resultados pueden aportar oraciones. `completos`:
    citarlos enteros (la pregunta nombró el artículo). `contexto`: la pregunta anterior
    de un seguimiento, que pesa menos que la actual al elegir oraciones.
    """
    pasajes = pasajes or parametros.pasajes_en_respuesta
    citas = [
        Cita(n, r.fragmento, etiqueta(r.fragmento, catalogo), r.puntaje, partes=r.partes or [r.fragmento])
        for n, r in enumerate(resultados, start=1)
    ]
    if not citas:
        return "", []
    candidatas = [
        _Candidata(oracion, cita, posicion, _raices(oracion))
        for cita in citas[:pasajes]
        if not (cita.fragmento.derogado and cita.fragmento.estado != ESTADO_ANTERIOR)
        for posicion, oracion in enumerate(o for parte in cita.partes for o in oraciones(_cuerpo(parte)))
    ]
    _puntuar(candidatas, pregunta, contexto)
    elegidas = _completas(candidatas) if completos else _sin_repetir(_elegir(candidatas, parametros))
    for candidata in elegidas:
        candidata.cita.oraciones.append(candidata.oracion)
    return _componer(citas, elegidas, pasajes), citas


def _puntuar(candidatas: list[_Candidata], pregunta: str, contexto: str) -> None:
    actuales = _raices(pregunta)
    previas = _raices(contexto) - actuales
    plegada = plegar(pregunta)
    pide_plazo = bool(_PLAZO.search(plegada))
    pide_cantidad = bool(_CANTIDAD.search(plegada))
    frecuencia = Counter(r for c in candidatas for r in c.raices)
    total = max(len(candidatas), 1)

    def idf(raiz: str) -> float:
        return math.log(1 + total / frecuencia[raiz])

    for c in candidatas:
        valor = sum(idf(r) for r in actuales & c.raices) + _PESO_CONTEXTO * sum(idf(r) for r in previas & c.raices)
        valor /= math.sqrt(1 + 0.1 * len(c.raices))
        if pide_plazo and _CIFRA_DE_TIEMPO.search(c.oracion) and _NUMERO.search(c.oracion):
            valor += 2.5
        if pide_cantidad and _NUMERO.search(c.oracion):
            valor += 1.0
        if c.posicion == 0:
            valor += 0.8  # la primera oración suele enunciar la regla
        valor /= 1 + 0.35 * (c.cita.numero - 1)  # los pasajes mejor clasificados pesan más
        if len(c.oracion) > _LARGO_MAXIMO_ORACION:
            valor *= 0.6
        if len(c.oracion) < 25:
            valor *= 0.3
        c.valor = valor


def _sin_repetir(elegidas: list[_Candidata]) -> list[_Candidata]:
    """Una oración idéntica en dos fuentes (un artículo y la ley que lo reformó) se cita una vez."""
    vistas, unicas = set(), []
    for candidata in elegidas:
        clave = " ".join(plegar(candidata.oracion).split())
        if clave not in vistas:
            vistas.add(clave)
            unicas.append(candidata)
    return unicas


def _completas(candidatas: list[_Candidata]) -> list[_Candidata]:
    """El artículo nombrado, en orden, hasta un tamaño razonable."""
    elegidas, largo = [], 0
    for candidata in candidatas:
        if elegidas and largo + len(candidata.oracion) > _LIMITE_COMPLETO:
            break
        elegidas.append(candidata)
        largo += len(candidata.oracion)
    return elegidas


def _elegir(candidatas: list[_Candidata], parametros: Parametros) -> list[_Candidata]:
    """El mejor pasaje con más detalle; los siguientes, solo con su mejor oración si vale."""
    por_pasaje: dict[int, list[_Candidata]] = {}
    for candidata in candidatas:
        por_pasaje.setdefault(candidata.cita.numero, []).append(candidata)
    if not por_pasaje:
        return []
    primero = min(por_pasaje)
    mejor_global = max(c.valor for c in por_pasaje[primero]) or 1e-9
    elegidas: list[_Candidata] = []
    for numero in sorted(por_pasaje):
        puntuadas = sorted(por_pasaje[numero], key=lambda c: -c.valor)
        if numero == primero:
            if sum(len(c.oracion) for c in puntuadas) <= _PASAJE_CORTO:
                elegidas += puntuadas
            else:
                tope = puntuadas[0].valor
                elegidas += [c for c in puntuadas[: parametros.oraciones_maximas - 1] if c.valor >= 0.5 * tope]
        elif puntuadas[0].valor >= 0.6 * mejor_global:
            elegidas.append(puntuadas[0])
    return elegidas


def _componer(citas: list[Cita], elegidas: list[_Candidata], pasajes: int) -> str:
    partes = []
    usadas = sorted({c.cita.numero for c in elegidas} | {c.numero for c in citas[:pasajes] if c.fragmento.derogado and c.fragmento.estado != ESTADO_ANTERIOR})
    for numero in usadas:
        cita = citas[numero - 1]
        fragmento = cita.fragmento
        if fragmento.derogado and fragmento.estado != ESTADO_ANTERIOR:
            partes.append(_derogado(fragmento, cita))
            continue
        seleccion = sorted((c for c in elegidas if c.cita is cita), key=lambda c: c.posicion)
        if fragmento.estado == ESTADO_ANTERIOR:
            introduccion = f"Texto anterior, ya no vigente ({fragmento.vigencia or 'sin fechas'}), de la {cita.etiqueta.split(' — ')[0]}:"
        else:
            introduccion = f"Según la {cita.etiqueta}:"
        partes.append(introduccion + "\n" + "\n".join(f"«{c.oracion}» [{numero}]" for c in seleccion))
    if not partes:  # nada puntuó: se cita el comienzo del mejor pasaje
        primera = oraciones(_cuerpo(citas[0].fragmento))[:1]
        citas[0].oraciones = primera
        partes.append(f"Según la {citas[0].etiqueta}:\n" + "\n".join(f"«{o}» [1]" for o in primera))
    return "\n\n".join(partes)


def _derogado(fragmento: Fragmento, cita: Cita) -> str:
    nombre = f"El artículo {fragmento.articulo} de la {fragmento.titulo}"
    cita.oraciones = [fragmento.texto.split("\n")[-1]]
    if fragmento.estado == ESTADO_INEXEQUIBLE:
        return f"{nombre} fue declarado inexequible por la Corte Constitucional; no tiene texto vigente. [{cita.numero}]"
    return f"{nombre} fue derogado; no tiene texto vigente. [{cita.numero}]"


def lista_de_fuentes(citas: list[Cita]) -> str:
    return "Fuentes:\n" + "\n".join(f"[{c.numero}] {c.etiqueta}" for c in citas)
