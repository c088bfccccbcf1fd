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
from .modelos import ESTADO_ANTERIOR, ESTADO_INEXEQUIBLE, Fragmento
from .oraciones import cuerpo, oraciones, raices, termino_definido
from .parametros import Parametros
from .recuperacion import Resultado
from .texto import plegar

_PLAZO = re.compile(r"\b(cuanto tiempo|plazo|termino|cuando|cuantos dias|cuantos meses|cuantos anos|hasta cuando|en que tiempo|fecha|vence|antes de|cada cuanto|cuanto dura|durante cuanto|cuantas veces|con que frecuencia|periodicidad|que tan seguido)\b")
_CIFRA_DE_TIEMPO = re.compile(r"\b(d[ií]as?|mes(es)?|años?|semanas?|horas?|plazo|t[eé]rmino|dentro de|antes de|a más tardar|per[ií]odo|veces)\b", re.IGNORECASE)
# Una periodicidad responde «¿cada cuánto?» aunque no lleve cifra («rendirá un informe anual»).
_PERIODICIDAD = re.compile(r"\b(anual(es|mente)?|mensual(es|mente)?|semestral(es|mente)?|trimestral(es|mente)?|bimestral(es|mente)?|cada (año|mes|semestre|trimestre|vigencia)|al año)\b", re.IGNORECASE)
_CANTIDAD = re.compile(r"\b(cuantos|cuantas|cuanto|porcentaje|numero de|monto|valor|edad)\b")
# Cifras en dígitos o en letras: las normas escriben «cuatro veces al año» sin «(4)».
_NUMERO = re.compile(
    r"\d|\b(dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|treinta|cuarenta|cincuenta|sesenta|noventa|cien|ciento|mil)\b",
    re.IGNORECASE,
)
_LARGO_MAXIMO_ORACION = 700
_PASAJE_CORTO = 650  # un artículo o sección de este tamaño se cita entero
_LIMITE_COMPLETO = 2500  # «¿qué dice el artículo X?»: se cita hasta este tamaño
_ITEMS_DE_LISTA = 4  # numerales que arrastra una oración que termina en «:»
# Fila de una tabla: en Markdown («| Especial | 50% |») o como renglón corto («Quinta 240 SMML»).
_FILA = re.compile(r"^(\|.*|(?!Par[aá]grafo)[^|]{1,60})$")
_FILAS_DE_TABLA = 30
_FILA_PREGUNTADA = 4.0  # en desarrollo 3 a 6 dan lo mismo; 0 a 2 no alcanzan a elegir la fila
_ITEM = re.compile(r"^\s*(\d{1,3}[.)°º]|[a-zA-Z][.)]|[-•]|[IVXLC]{1,6}[.)])\s")
# Oraciones que solo se entienden con la anterior.
_CONTINUACION = re.compile(
    r"^(Sus?|Dich[oa]s?|Est[eaos]+|Ese|Esa|Esos|Esas|Tal(es)?|Para (ello|tal efecto|estos efectos|el efecto)|En (este|tal|dicho) caso|"
    r"Así mismo|Asimismo|Igualmente|Además|Sin embargo|No obstante|En todo caso|De igual (forma|manera)|Cuando esto)\b"
)
_PESO_CONTEXTO = 0.3  # términos de la pregunta anterior, en un seguimiento
# Una oración vale menos cuanto peor puntuó su pasaje en la búsqueda: (puntaje / mejor)^4.
# Así, si la búsqueda duda entre pasajes casi empatados, todos aportan; si uno se destaca,
# los demás casi no. En desarrollo: exponente 4 → hechos 0,874 y 1.960 caracteres por
# respuesta; 3 → 0,874 y 2.090; 5 → 0,868 y 1.800; 10 → 0,852 y 1.360. Antes se dividía
# por 1 + 0,35 × (puesto − 1): 0,868 y 1.870; con 0,25: 0,874 y 2.050.
_PESO_DEL_PUNTAJE_DEL_PASAJE = 4
_DEFINICION = 2.0  # la oración define lo preguntado; en desarrollo 1, 2 o 4 dan lo mismo (hechos 0,861→0,868)


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
        return partes[0].texto + "".join("\n" + cuerpo(p) for p in partes[1:])

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
    expansiones: list[str] | None = None,
) -> tuple[str, list[Cita]]:
    """Compone la respuesta citada. Devuelve (texto, citas ordenadas por pertinencia).

    `pasajes`: cuántos de los primeros resultados pueden aportar oraciones. `completos`:
    citarlos enteros (la pregunta nombró el artículo). `contexto`: la pregunta anterior
    de un seguimiento, que pesa menos que la actual al elegir oraciones. `expansiones`: el
    nombre largo de las siglas de la pregunta («SGP» → «Sistema General de Participaciones»).
    """
    pasajes = pasajes or parametros.pasajes_en_respuesta
    citas = [
        Cita(n, r.fragmento, etiqueta(r.fragmento, catalogo), r.puntaje, partes=r.partes or [r.fragmento])
        for n, r in enumerate(resultados, start=1)
    ]
    if not citas:
        return "", []
    candidatas = [
        _Candidata(oracion, cita, posicion, raices(oracion))
        for cita in citas[:pasajes]
        if not (cita.fragmento.derogado and cita.fragmento.estado != ESTADO_ANTERIOR)
        for posicion, oracion in enumerate(o for parte in cita.partes for o in oraciones(cuerpo(parte)))
    ]
    _puntuar(candidatas, pregunta, contexto, expansiones or [])
    elegidas = _completas(candidatas) if completos else _sin_repetir(_con_continuacion(_elegir(candidatas, parametros), candidatas, _palabras(pregunta)))
    for candidata in elegidas:
        candidata.cita.oraciones.append(candidata.oracion)
    return _componer(citas, elegidas, pasajes), citas


def _puntuar(candidatas: list[_Candidata], pregunta: str, contexto: str, expansiones: list[str]) -> None:
    actuales = raices(pregunta)
    previas = raices(contexto) - actuales
    # Una sigla expandida es un solo concepto: su nombre largo suma como un término, no como
    # seis («Dirección de Seguimiento y Evaluación a la Gestión…» ahogaba lo que se preguntó).
    grupos = [raices(e) - actuales for e in expansiones]
    plegada = plegar(pregunta)
    pide_plazo = bool(_PLAZO.search(plegada))
    pide_cantidad = bool(_CANTIDAD.search(plegada))
    palabras = _palabras(pregunta)
    frecuencia = Counter(r for c in candidatas for r in c.raices)
    tope_puntaje = max((c.cita.puntaje for c in candidatas), default=1.0) or 1.0
    total = max(len(candidatas), 1)

    def idf(raiz: str) -> float:
        return math.log(1 + total / frecuencia[raiz])

    for c in candidatas:
        valor = sum(idf(r) for r in actuales & c.raices) + _PESO_CONTEXTO * sum(idf(r) for r in previas & c.raices)
        valor += sum(max((idf(r) for r in grupo & c.raices), default=0.0) for grupo in grupos)
        valor /= math.sqrt(1 + 0.1 * len(c.raices))
        if pide_plazo and ((_CIFRA_DE_TIEMPO.search(c.oracion) and _NUMERO.search(c.oracion)) or _PERIODICIDAD.search(c.oracion)):
            valor += 2.5
        if pide_cantidad and _NUMERO.search(c.oracion):
            valor += 1.0
        if c.posicion == 0:
            valor += 0.8  # la primera oración suele enunciar la regla
        fila_preguntada = pide_cantidad and _es_fila(c.oracion) and bool(c.raices & palabras)
        if fila_preguntada:
            valor += _FILA_PREGUNTADA  # «Sexta 200 SMML» cuando se pregunta cuánto en sexta categoría
        definido = termino_definido(c.oracion)
        if definido and raices(definido) <= actuales:
            valor += _DEFINICION  # «1. Joven. Toda persona…» cuando se pregunta por «joven»
        valor *= (c.cita.puntaje / tope_puntaje) ** _PESO_DEL_PUNTAJE_DEL_PASAJE
        if len(c.oracion) > _LARGO_MAXIMO_ORACION:
            valor *= 0.6
        if len(c.oracion) < 25 and not fila_preguntada:
            valor *= 0.3  # muy corta para decir algo, salvo la fila de tabla que nombra lo preguntado
        c.valor = valor


def _con_continuacion(elegidas: list[_Candidata], candidatas: list[_Candidata], palabras: set[str]) -> list[_Candidata]:
    """Una oración elegida arrastra lo que la completa: los numerales que anuncia con «:», las
    filas de la tabla que anuncia si nombran algo de la pregunta, y la oración siguiente si la
    continúa («Sus contratos…», «Dicho plan…»)."""
    siguientes = {(c.cita.numero, c.posicion): c for c in candidatas}
    salida, vistas = [], {id(c) for c in elegidas}
    for candidata in elegidas:
        salida.append(candidata)
        if _es_fila(candidata.oracion):  # la fila sola no se entiende: va con lo que anuncia la tabla
            anuncio = _anuncio_de_tabla(candidata, siguientes)
            if anuncio is not None and id(anuncio) not in vistas:
                salida.append(anuncio)
                vistas.add(id(anuncio))
        anuncia_lista = candidata.oracion.rstrip().endswith(":")
        if anuncia_lista:
            filas = _filas_de_tabla(candidata, siguientes, palabras)
            salida += [f for f in filas if id(f) not in vistas]
            vistas.update(id(f) for f in filas)
        posicion, agregadas = candidata.posicion, 0
        while agregadas < _ITEMS_DE_LISTA:
            siguiente = siguientes.get((candidata.cita.numero, posicion + 1))
            if siguiente is None or id(siguiente) in vistas:
                break
            es_item = anuncia_lista and _ITEM.match(siguiente.oracion)
            if not (es_item or (agregadas == 0 and _CONTINUACION.match(siguiente.oracion))):
                break
            salida.append(siguiente)
            vistas.add(id(siguiente))
            posicion, agregadas = posicion + 1, agregadas + 1
            anuncia_lista = anuncia_lista or siguiente.oracion.rstrip().endswith(":")
    return salida


def _palabras(pregunta: str) -> set[str]:
    """Raíces de la pregunta que no son cifras: una fila de tabla la nombra por ellas («sexta»),
    no por números sueltos que casi toda fila comparte."""
    return {r for r in raices(pregunta) if not r.isdigit()}


def _es_fila(oracion: str) -> bool:
    """«| Quinta | 240 SMML |» o «Quinta 240 SMML»: una fila de tabla, no una oración."""
    return oracion.startswith("|") or (len(oracion) <= 40 and bool(re.search(r"\d", oracion)) and not oracion.endswith((".", ":", ";")))


def _anuncio_de_tabla(fila: _Candidata, siguientes: dict) -> _Candidata | None:
    """La oración que anuncia la tabla de esta fila («…no podrán superar los siguientes límites:»)."""
    for posicion in range(fila.posicion - 1, max(fila.posicion - _FILAS_DE_TABLA, -1), -1):
        anterior = siguientes.get((fila.cita.numero, posicion))
        if anterior is None:
            return None
        if anterior.oracion.endswith(":"):
            return anterior
        if len(anterior.oracion) > 200:  # un párrafo: ya no es la tabla
            return None
    return None


def _filas_de_tabla(anuncio: _Candidata, siguientes: dict, palabras: set[str]) -> list[_Candidata]:
    """Filas de la tabla que sigue a «…los siguientes límites:»: el encabezado y las que nombran
    algo de la pregunta con palabras («Tercera y cuarta | 3.0%» para «tercera categoría»)."""
    filas, posicion = [], anuncio.posicion + 1
    while (
        len(filas) < _FILAS_DE_TABLA
        and (fila := siguientes.get((anuncio.cita.numero, posicion))) is not None
        and _FILA.match(fila.oracion)
        and not _ITEM.match(fila.oracion)  # una lista numerada no es una tabla: la arrastra el bucle de numerales
    ):
        filas.append(fila)
        posicion += 1
    if not filas:
        return []
    encabezado, *resto = filas
    pertinentes = [f for f in resto if f.raices & palabras]
    return [encabezado, *pertinentes] if pertinentes else []


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
                elegidas += [c for c in puntuadas[: parametros.oraciones_primer_pasaje] if c.valor >= parametros.umbral_oracion_primero * tope]
        elif puntuadas[0].valor >= parametros.umbral_otros_pasajes * mejor_global:
            tope = puntuadas[0].valor
            elegidas += [c for c in puntuadas[: parametros.oraciones_otros_pasajes] if c.valor >= 0.5 * tope or c is puntuadas[0]]
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
        primera = oraciones(cuerpo(citas[0].fragmento))[:1]
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
