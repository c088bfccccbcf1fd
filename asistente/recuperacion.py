"""Búsqueda híbrida: densa (e5 en Chroma) + léxica (BM25), fusionadas por rangos ponderados.

Reglas que no dependen del ajuste:
- Si la pregunta nombra norma y artículo («artículo 40 de la Ley 152») se busca directo.
- Solo texto vigente: las versiones anteriores nunca compiten con el texto vigente
  (solo aparecen, marcadas, si se pide el texto anterior de un artículo nombrado).
- Un artículo aparece una sola vez (su mejor parte).
- Un artículo derogado solo aparece si la pregunta nombra ese artículo o esa norma.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .catalogo import Catalogo
from .consulta import Consulta, quitar_referencias
from .fragmentacion.normas import clave_articulo
from .indice import IndiceAbierto
from .lexico import terminos_de_contenido, tokenizar
from .modelos import TIPO_GUIA, Fragmento
from .oraciones import PREFIJO, cuerpo, oraciones, raices
from .parametros import PREDETERMINADOS, Parametros
from .texto import plegar

_SEGUIMIENTO = re.compile(
    r"^\W*(y|e|pero|entonces|tambien|ademas|o sea|y si|y que|y quien|y cuando|y donde|y como|y cuanto|y en)\b"
)
_ANAFORA = re.compile(r"\b(eso|esto|ese|esa|esos|esas|ello|dicho|dicha|mismo|misma|lo anterior|aquel|aquella)\b")
_TEXTO_ANTERIOR = re.compile(r"\b(antes|anterior|original|decia|version|versiones|historic|modificad|reformad|cambi)")
_NOMBRE_PROPIO = re.compile(r"(?<![\w])[A-ZÁÉÍÓÚÑ][A-Za-zÁÉÍÓÚÑáéíóúñü]{2,}")
# Nombres de la guía y de sus secciones: quien los usa pregunta por la guía aunque nombre una norma.
_PIDE_LA_GUIA = re.compile(r"\b(la guia|marco normativo|ayudas de contenido|modulo)\b")
_NUMERO_SUELTO = re.compile(r"^\W*(?:y|e)?\s*(?:el|al|del)?\s*(?:art[ií]culo\s*)?(\d{1,4}(?:-?[a-z])?)\W*$")


@dataclass
class Resultado:
    fragmento: Fragmento
    puntaje: float
    similitud: float = 0.0  # coseno con la pregunta (e5)
    lexico: float = 0.0  # BM25 normalizado al mejor candidato
    directo: bool = False  # hallado por referencia explícita al artículo
    partes: list[Fragmento] = field(default_factory=list)  # todas las partes vigentes de su artículo o sección


@dataclass
class Busqueda:
    resultados: list[Resultado]
    texto: str  # lo que se buscó (con el contexto de la conversación si fue un seguimiento)
    normas_nombradas: list[str] = field(default_factory=list)  # doc_id presentes
    normas_no_cargadas: list[str] = field(default_factory=list)  # nombres legibles
    desconocidas: list[str] = field(default_factory=list)  # nombres propios que ningún documento menciona
    articulos_inexistentes: list[str] = field(default_factory=list)
    seguimiento: bool = False
    soporte: float = 0.0  # la mejor oración de esos pasajes: qué fracción de la pregunta contiene

    @property
    def similitud_maxima(self) -> float:
        return max((r.similitud for r in self.resultados), default=0.0)


class Recuperador:
    def __init__(self, indice: IndiceAbierto, modelo, parametros: Parametros = PREDETERMINADOS, catalogo: Catalogo | None = None) -> None:
        self.indice = indice
        self.modelo = modelo
        self.parametros = parametros
        self.catalogo = catalogo

    def buscar(
        self,
        consulta: Consulta,
        previas: list[Consulta] | None = None,
        modulo: str | None = None,
        doc_id: str | None = None,
        k: int = 5,
    ) -> Busqueda:
        previas = previas or []
        seguimiento = bool(previas) and es_seguimiento(consulta)
        articulos = list(consulta.articulos)
        nombradas, no_cargadas = self._normas_nombradas(consulta)
        consultas = [(consulta.texto, 1.0)]
        if previas:
            anterior = previas[-1]
            unida = f"{anterior.texto} {consulta.texto}"
            # Sin marca clara de seguimiento («¿y…?», «eso») se busca también con el contexto,
            # con menos peso: así un cambio de tema no arrastra la conversación anterior.
            if seguimiento:
                consultas = [(unida, 1.0), (consulta.texto, self.parametros.peso_sola_en_seguimiento)]
            else:
                consultas = [(consulta.texto, 1.0), (unida, self.parametros.peso_contexto)]
            if seguimiento and not nombradas and not no_cargadas:
                nombradas, _ = self._normas_nombradas(anterior)
                if not articulos and anterior.articulos:
                    suelto = _NUMERO_SUELTO.match(plegar(consulta.texto))
                    if suelto:  # «¿y el 41?» tras preguntar por el artículo 40
                        articulos = [clave_articulo(suelto.group(1))]
        if nombradas:  # la búsqueda ya se limita a esas normas: su nombre solo estorba
            frases = self.catalogo.frases_de_normas() if self.catalogo is not None else []
            limpias = [(quitar_referencias(t, frases), peso) for t, peso in consultas]
            if limpias[0][0] != consultas[0][0]:
                # La redacción completa sigue contando, con poco peso: sin el nombre de la
                # norma una pregunta puede quedar demasiado general («¿a quiénes se aplica?»).
                limpias.append((consultas[0][0], self.parametros.peso_contexto / 2))
            consultas = limpias
        # Siglas («SGP» → «Sistema General de Participaciones») en ambos buscadores; palabras
        # corrientes («plata» → «recursos») según `sinonimos_en`.
        usar = self.parametros.sinonimos_en
        consultas = [
            (self._expandir(t, usar == "ambas"), self._expandir(t, usar in ("lexica", "ambas")), peso)
            for t, peso in consultas
        ]

        texto = consultas[0][0]
        busqueda = Busqueda([], texto, nombradas, no_cargadas, seguimiento=seguimiento)
        busqueda.desconocidas = self._desconocidas(consulta.original)
        vectores = [self.modelo.consulta(t) for t, _, _ in consultas]

        directos: list[Resultado] = []
        if articulos:
            directos = self._directos(nombradas, articulos, vectores[0], pide_anterior=bool(_TEXTO_ANTERIOR.search(plegar(consulta.texto))), busqueda=busqueda)
        ambitos = nombradas if nombradas else ([doc_id] if doc_id else [])
        if nombradas and _PIDE_LA_GUIA.search(plegar(consulta.texto)):
            # «¿la ley antitrámites hace parte del marco normativo de MIPG?» se responde en la guía.
            ambitos = nombradas + self._documentos_de_la_guia()
        # Un derogado entra en la búsqueda solo si se nombra su norma sin nombrar artículo;
        # si se nombra el artículo, ya llegó por la búsqueda directa.
        permitir_derogados = bool(nombradas) and not articulos
        listas = [
            (self._hibrida(lexico, v, ambitos, modulo, permitir_derogados), peso)
            for (_, lexico, peso), v in zip(consultas, vectores)
        ]
        candidatos = listas[0][0] if len(listas) == 1 else _combinar(listas, self.parametros.k_rrf)
        vistos = {_unidad(r.fragmento) for r in directos}
        resultados = directos + [r for r in candidatos if _unidad(r.fragmento) not in vistos]
        busqueda.resultados = resultados[: max(k, len(directos))]
        for resultado in busqueda.resultados:
            resultado.partes = self._partes(resultado.fragmento)
        busqueda.soporte = soporte(
            terminos_de_contenido(consulta.texto), busqueda.resultados[:3], self.indice.lexico.idf, equivalentes_de(self.catalogo, consulta.texto)
        )
        return busqueda

    def _partes(self, fragmento: Fragmento) -> list[Fragmento]:
        """El artículo (o la sección) entero: la respuesta puede citar cualquier parte suya."""
        if fragmento.partes <= 1:
            return [fragmento]
        if fragmento.articulo:
            hermanas = self.indice.articulo(fragmento.doc_id, fragmento.articulo)
        else:
            hermanas = [f for f in self.indice.documento(fragmento.doc_id) if f.ruta == fragmento.ruta]
        hermanas = [f for f in hermanas if f.vigente == fragmento.vigente and f.vigencia == fragmento.vigencia]
        return sorted(hermanas, key=lambda f: f.orden) or [fragmento]

    def _documentos_de_la_guia(self) -> list[str]:
        return [d for d in self.indice.documentos() if self.indice.documento(d)[0].tipo == TIPO_GUIA]

    # --- normas y artículos nombrados ------------------------------------------------------
    def _expandir(self, texto: str, sinonimos: bool) -> str:
        if self.catalogo is None:
            return texto
        expansiones = self.catalogo.expansiones(texto, sinonimos=sinonimos)
        return f"{texto} ({'; '.join(expansiones)})" if expansiones else texto

    def _normas_nombradas(self, consulta: Consulta) -> tuple[list[str], list[str]]:
        """(doc_id cargados que la pregunta nombra, nombres legibles de normas nombradas que no están)."""
        documentos = set(self.indice.documentos())
        nombradas: list[str] = []
        no_cargadas: list[str] = []
        for referencia in consulta.normas:
            coincidencias = sorted(d for d in documentos if referencia.coincide(d))
            if coincidencias:
                nombradas += [d for d in coincidencias if d not in nombradas]
            else:
                no_cargadas.append(referencia.legible)
        if self.catalogo is not None:
            nombradas += [d for d in self.catalogo.normas_por_alias(consulta.texto) if d in documentos and d not in nombradas]
            for otra in self.catalogo.otras_por_alias(consulta.texto):
                if otra.identificador in documentos:
                    nombradas.append(otra.identificador)
                elif otra.nombre not in no_cargadas and not any(r.coincide(otra.identificador) for r in consulta.normas):
                    no_cargadas.append(otra.nombre)
        return nombradas, no_cargadas

    def _desconocidas(self, original: str) -> list[str]:
        """Nombres propios y siglas de la pregunta que no aparecen en ningún documento («Envigado», «FURAG»)."""
        glosario = set(self.catalogo.glosario) if self.catalogo is not None else set()
        desconocidas = []
        for m in _NOMBRE_PROPIO.finditer(original):
            palabra = m.group(0)
            inicio_de_oracion = not original[: m.start()].strip(" ¿¡\"'«(") or original[: m.start()].rstrip().endswith((".", "?", "!", ":", "¿", "¡"))
            if inicio_de_oracion and not palabra.isupper():
                continue
            if palabra.upper() in glosario or self.indice.lexico.conoce(palabra):
                continue
            if palabra not in desconocidas:
                desconocidas.append(palabra)
        return desconocidas

    def _directos(self, nombradas, articulos, vector, pide_anterior: bool, busqueda: Busqueda) -> list[Resultado]:
        documentos = nombradas or self.indice.documentos()
        resultados = []
        for clave in articulos:
            hallados = False
            for doc in documentos:
                fragmentos = self.indice.articulo(doc, clave)
                if not fragmentos:
                    continue
                hallados = True
                vigentes = [f for f in fragmentos if f.vigente]
                mejor = self._mejor_parte(vigentes, vector) if vigentes else None
                if mejor is not None:  # se cita desde el comienzo del artículo
                    resultados.append(Resultado(vigentes[0], puntaje=2.0, similitud=mejor[1], directo=True))
                if pide_anterior or not vigentes:
                    for f in fragmentos:
                        if not f.vigente and f.parte == 1:
                            resultados.append(Resultado(f, puntaje=1.5, similitud=mejor[1] if mejor else 0.0, directo=True))
            if not hallados and nombradas:
                busqueda.articulos_inexistentes.append(clave)
        if not nombradas and len({r.fragmento.doc_id for r in resultados}) > 1:
            # «artículo 40» sin decir de qué norma: se ordenan por parecido con la pregunta.
            resultados.sort(key=lambda r: -r.similitud)
        return resultados

    def _mejor_parte(self, fragmentos: list[Fragmento], vector: np.ndarray) -> tuple[Fragmento, float]:
        datos = self.indice.coleccion.get(ids=[f.id for f in fragmentos], include=["embeddings"])
        similitudes = {i: float(np.dot(np.asarray(e, dtype=np.float32), vector)) for i, e in zip(datos["ids"], datos["embeddings"])}
        mejor = max(fragmentos, key=lambda f: (similitudes.get(f.id, 0.0), -f.parte))
        return mejor, similitudes.get(mejor.id, 0.0)

    # --- búsqueda híbrida -----------------------------------------------------------------
    def candidatos(self, texto: str, vector: np.ndarray, ambitos: list[str], modulo: str | None, permitir_derogados: bool):
        """Candidatos de cada buscador: [(id, similitud)] densos y [(id, bm25)] léxicos."""
        p = self.parametros
        densos = self.indice.buscar_denso(vector, p.candidatos_densos, _filtro_chroma(ambitos, modulo, permitir_derogados))
        permitidos = self.indice.vigente.copy()
        if not permitir_derogados:
            permitidos &= ~self.indice.derogado
        if ambitos:
            permitidos &= np.isin(self.indice.doc_id, ambitos)
        if modulo:
            permitidos &= self.indice.modulo == modulo
        puntajes = self.indice.lexico.puntajes(texto, permitidos)
        orden = np.argsort(-puntajes)[: p.candidatos_lexicos]
        lexicos = [(self.indice.lexico.ids[i], float(puntajes[i])) for i in orden if puntajes[i] > 0]
        return densos, lexicos

    def _hibrida(self, texto: str, vector: np.ndarray, ambitos: list[str], modulo: str | None, permitir_derogados: bool) -> list[Resultado]:
        densos, lexicos = self.candidatos(texto, vector, ambitos, modulo, permitir_derogados)
        similitudes = dict(densos)
        faltan = [i for i, _ in lexicos if i not in similitudes]
        if faltan:  # la abstención necesita la similitud de todos los candidatos
            datos = self.indice.coleccion.get(ids=faltan, include=["embeddings"])
            for id_, e in zip(datos["ids"], datos["embeddings"]):
                similitudes[id_] = float(np.dot(np.asarray(e, dtype=np.float32), vector))
        maximo_lexico = lexicos[0][1] if lexicos else 1.0
        valores_lexicos = dict(lexicos)
        resultados = [
            Resultado(self.indice.fragmentos[i], puntaje, similitud=similitudes.get(i, 0.0), lexico=valores_lexicos.get(i, 0.0) / maximo_lexico)
            for i, puntaje in fusionar(densos, lexicos, self.parametros)
        ]
        unicos, vistos = [], set()
        for resultado in resultados:  # un artículo una sola vez: su parte mejor puntuada
            unidad = _unidad(resultado.fragmento)
            if unidad not in vistos:
                vistos.add(unidad)
                unicos.append(resultado)
        return unicos


def fusionar(densos: list[tuple[str, float]], lexicos: list[tuple[str, float]], p: Parametros) -> list[tuple[str, float]]:
    """Une los candidatos de ambos buscadores. Devuelve (id, puntaje) ordenados.

    «rrf»: Σ peso / (k + rango). «lineal»: peso_denso · similitud normalizada +
    peso_lexico · BM25 normalizado (cada uno llevado a [0, 1] dentro de sus candidatos),
    que conserva cuánto mejor es un candidato y no solo su puesto.
    """
    puntajes: dict[str, float] = {}
    if p.fusion == "lineal":
        for lista, peso in ((densos, p.peso_denso), (lexicos, p.peso_lexico)):
            if not lista:
                continue
            valores = [v for _, v in lista]
            minimo, maximo = min(valores), max(valores)
            escala = (maximo - minimo) or 1.0
            for id_, valor in lista:
                puntajes[id_] = puntajes.get(id_, 0.0) + peso * (valor - minimo) / escala
    else:
        for rango, (id_, _) in enumerate(densos, start=1):
            puntajes[id_] = puntajes.get(id_, 0.0) + p.peso_denso / (p.k_rrf + rango)
        for rango, (id_, _) in enumerate(lexicos, start=1):
            puntajes[id_] = puntajes.get(id_, 0.0) + p.peso_lexico / (p.k_rrf + rango)
    return sorted(puntajes.items(), key=lambda par: -par[1])


def _combinar(listas: list[tuple[list[Resultado], float]], k: int) -> list[Resultado]:
    """Une los resultados de varias búsquedas por rangos recíprocos ponderados."""
    puntajes: dict[tuple, float] = {}
    mejores: dict[tuple, Resultado] = {}
    for resultados, peso in listas:
        for rango, resultado in enumerate(resultados, start=1):
            unidad = _unidad(resultado.fragmento)
            puntajes[unidad] = puntajes.get(unidad, 0.0) + peso / (k + rango)
            previo = mejores.get(unidad)
            if previo is None or resultado.similitud > previo.similitud:
                mejores[unidad] = resultado
    ordenadas = sorted(puntajes, key=lambda u: -puntajes[u])
    for unidad in ordenadas:
        mejores[unidad].puntaje = puntajes[unidad]
    return [mejores[u] for u in ordenadas]


def soporte(tokens: list[str], resultados: list[Resultado], idf, equivalentes: dict[str, list[frozenset[str]]] | None = None) -> float:
    """La mejor oración de los pasajes: fracción (ponderada por especificidad) de la pregunta que contiene.

    Una respuesta suele estar en una oración que cubre casi toda la pregunta; un pasaje
    que solo se le parece por el tema no tiene ninguna. Un término también está presente
    si lo está una de sus formas equivalentes (todas las raíces de esa forma): la norma
    dice «imagen» donde el funcionario dice «foto», y «Sistema General de Participaciones»
    donde pregunta por el «SGP». Un término con equivalentes pesa como el más específico de
    ellos en las normas: «alcaldía» pesa como «administración municipal» (que está en todas
    partes) y «mujer» como «mujeres», esté o no la palabra misma.
    """
    buscados = set(tokens)
    formas = {t: [frozenset([t])] + list((equivalentes or {}).get(t, [])) for t in buscados}
    pesos = {t: min(idf(t), max(sum(idf(r) for r in f) for f in formas[t][1:])) if formas[t][1:] else idf(t) for t in buscados}
    total = sum(pesos.values())
    if not total:
        return 0.0
    mejor = 0.0
    for resultado in resultados:
        for parte in resultado.partes or [resultado.fragmento]:
            for oracion in oraciones(cuerpo(parte)):
                presentes = raices(oracion)
                valor = sum(pesos[t] for t in buscados if any(all(_esta(r, presentes) for r in forma) for forma in formas[t]))
                mejor = max(mejor, valor / total)
    return mejor


def equivalentes_de(catalogo: Catalogo | None, texto: str) -> dict[str, list[frozenset[str]]]:
    """Raíz de cada palabra de la pregunta con equivalente → las raíces de cada forma que la reemplaza."""
    if catalogo is None:
        return {}
    salida: dict[str, list[frozenset[str]]] = {}
    for palabra, formas in catalogo.equivalencias(texto):
        alternativas = [frozenset(r) for r in map(terminos_de_contenido, formas) if r]
        for raiz in terminos_de_contenido(palabra):
            salida.setdefault(raiz, []).extend(alternativas)
    return salida


def _esta(raiz: str, presentes: set[str]) -> bool:
    return raiz in presentes or raiz[:PREFIJO] in presentes


def es_seguimiento(consulta: Consulta) -> bool:
    """¿La pregunta solo se entiende con la anterior? («¿y quién lo aprueba?»)."""
    plegado = plegar(consulta.texto)
    if consulta.normas:
        return False
    return bool(_SEGUIMIENTO.search(plegado) or _ANAFORA.search(plegado) or len(tokenizar(consulta.texto)) <= 2)


def _unidad(fragmento: Fragmento) -> tuple:
    return (fragmento.doc_id, fragmento.articulo or fragmento.ruta or fragmento.seccion, fragmento.vigente)


def _filtro_chroma(ambitos: list[str], modulo: str | None, permitir_derogados: bool) -> dict:
    condiciones: list[dict] = [{"vigente": True}]
    if not permitir_derogados:
        condiciones.append({"derogado": False})
    if ambitos:
        condiciones.append({"doc_id": {"$in": list(ambitos)}})
    if modulo:
        condiciones.append({"modulo": modulo})
    return condiciones[0] if len(condiciones) == 1 else {"$and": condiciones}
