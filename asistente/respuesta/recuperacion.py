"""Búsqueda híbrida: densa (e5 en Chroma) + léxica (BM25), fusionadas por rangos ponderados.

Reglas que no dependen del ajuste:
- Si la pregunta nombra norma y artículo («artículo 40 de la Ley 152») se busca directo.
- Solo texto vigente: las versiones anteriores nunca compiten con el texto vigente
  (solo aparecen, marcadas, si se pide el texto anterior de un artículo nombrado).
- Un artículo aparece una sola vez (su mejor parte).
- Un artículo derogado solo aparece si la pregunta nombra ese artículo o esa norma.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .analisis import Analisis, equivalentes_de, es_seguimiento  # noqa: F401  (se importan desde aquí)
from ..corpus.catalogo import Catalogo
from ..indexado.abierto import Filtro, IndiceAbierto
from ..modelos import TIPO_GUIA, TIPO_NORMA, Fragmento
from .oraciones import PREFIJO, cuerpo, oraciones, raices
from ..parametros import PREDETERMINADOS, Parametros


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

    def buscar(self, analisis: Analisis, modulo: str | None = None, doc_id: str | None = None, k: int = 5) -> Busqueda:
        """Los pasajes que pueden responder, según lo que dice la pregunta analizada."""
        busqueda = Busqueda([], analisis.busquedas[0].denso, analisis.normas_nombradas, analisis.normas_no_cargadas, seguimiento=analisis.seguimiento)
        busqueda.desconocidas = list(analisis.desconocidas)
        vectores = [self.modelo.consulta(b.denso) for b in analisis.busquedas]
        nombradas, articulos = analisis.normas_nombradas, analisis.articulos

        directos: list[Resultado] = []
        if articulos:
            directos = self._directos(nombradas, articulos, vectores[0], pide_anterior=analisis.pide_anterior, busqueda=busqueda)
        for modificado in analisis.articulos_modificados:  # «el artículo 361 de la Constitución»
            directos += self._del_articulo(self.indice.que_modifican(modificado), vectores[0], analisis.pide_anterior)
        if analisis.pide_objeto:  # «¿de qué trata la Ley 1712?»: su título y su artículo 1
            directos += self._objeto(nombradas, vectores[0])
        ambitos = nombradas if nombradas else ([doc_id] if doc_id else [])
        if nombradas and analisis.pide_la_guia:
            # «¿la ley antitrámites hace parte del marco normativo de MIPG?» se responde en la guía.
            ambitos = nombradas + self._documentos_de_la_guia()
        # Un derogado entra en la búsqueda solo si se nombra su norma sin nombrar artículo;
        # si se nombra el artículo, ya llegó por la búsqueda directa.
        permitir_derogados = bool(nombradas) and not articulos
        listas = [
            (self._hibrida(b.lexico, v, ambitos, modulo, permitir_derogados), b.peso)
            for b, v in zip(analisis.busquedas, vectores)
        ]
        candidatos = listas[0][0] if len(listas) == 1 else _combinar(listas, self.parametros.k_rrf)
        # El encabezado de una norma (título, considerandos) no es texto normativo: va después de
        # los artículos.
        candidatos = sorted(candidatos, key=_es_encabezado_de_norma)
        vistos = {_unidad(r.fragmento) for r in directos}
        resultados = directos + [r for r in candidatos if _unidad(r.fragmento) not in vistos]
        if self.parametros.lo_modificado != "no":
            resultados = self._con_lo_modificado(resultados, vectores[0], k, ambitos)
        busqueda.resultados = resultados[: max(k, len(directos))]
        for resultado in busqueda.resultados:
            resultado.partes = self._partes(resultado.fragmento)
        busqueda.soporte = soporte(analisis.terminos, busqueda.resultados[:3], self.indice.lexico.idf, analisis.equivalentes)
        return busqueda

    def _con_lo_modificado(self, resultados: list[Resultado], vector, k: int, ambitos: list[str]) -> list[Resultado]:
        """Junto a un artículo que reescribe el de otra norma cargada («El artículo 10 de la Ley 1474
        de 2011 quedará así»), ese artículo de la norma modificada, que trae el texto vigente."""
        salida: list[Resultado] = []
        vistos = {_unidad(r.fragmento) for r in resultados[:k]}
        for resultado in resultados[:k]:
            destino = self.indice.destino(resultado.fragmento)
            companero = None
            if destino is not None:
                doc, articulo = destino
                if not ambitos or doc in ambitos:
                    vigentes = [f for f in self.indice.articulo(doc, articulo) if f.vigente]
                    if vigentes and _unidad(vigentes[0]) not in vistos:
                        mejor, similitud = self._mejor_parte(vigentes, vector)
                        companero = Resultado(mejor, puntaje=resultado.puntaje, similitud=similitud)
                        vistos.add(_unidad(mejor))
            if companero is not None and self.parametros.lo_modificado == "antes":
                salida.append(companero)
            salida.append(resultado)
            if companero is not None and self.parametros.lo_modificado == "despues":
                salida.append(companero)
        return salida + resultados[k:]

    def _partes(self, fragmento: Fragmento) -> list[Fragmento]:
        """El artículo (o la sección) entero: la respuesta puede citar cualquier parte suya."""
        if fragmento.partes <= 1:
            return [fragmento]
        if fragmento.articulo:
            hermanas = self.indice.articulo(fragmento.doc_id, fragmento.articulo)
        else:
            hermanas = [f for f in self.indice.documento(fragmento.doc_id)
                        if not f.articulo and f.ruta == fragmento.ruta and f.seccion == fragmento.seccion]
        hermanas = sorted((f for f in hermanas if f.vigente == fragmento.vigente and f.vigencia == fragmento.vigencia),
                          key=lambda f: f.orden) or [fragmento]
        tope = self.parametros.partes_por_pasaje
        if len(hermanas) > tope:  # p. ej. una ley de presupuesto: las partes más cercanas a la hallada
            centro = next((n for n, f in enumerate(hermanas) if f.id == fragmento.id), 0)
            desde = min(max(0, centro - tope // 2), len(hermanas) - tope)
            hermanas = hermanas[desde : desde + tope]
        return hermanas

    def _documentos_de_la_guia(self) -> list[str]:
        return [d for d in self.indice.documentos() if self.indice.documento(d)[0].tipo == TIPO_GUIA]

    # --- artículos nombrados ----------------------------------------------------------
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
                resultados += self._del_articulo(fragmentos, vector, pide_anterior)
            if not hallados and nombradas:
                busqueda.articulos_inexistentes.append(clave)
        if not nombradas and len({r.fragmento.doc_id for r in resultados}) > 1:
            # «artículo 40» sin decir de qué norma: se ordenan por parecido con la pregunta.
            resultados.sort(key=lambda r: -r.similitud)
        return resultados

    def _objeto(self, nombradas: list[str], vector) -> list[Resultado]:
        """De cada norma nombrada, el encabezado (su título: «por la cual…») y su artículo 1."""
        resultados = []
        for doc in nombradas:
            encabezado = sorted((f for f in self.indice.documento(doc) if f.tipo == TIPO_NORMA and not f.articulo and f.vigente), key=lambda f: f.orden)
            if encabezado:
                _, similitud = self._mejor_parte(encabezado[:1], vector)
                resultados.append(Resultado(encabezado[0], puntaje=2.0, similitud=similitud, directo=True))
            resultados += self._del_articulo(self.indice.articulo(doc, "1"), vector, pide_anterior=False)
        return resultados

    def _del_articulo(self, fragmentos: list[Fragmento], vector, pide_anterior: bool) -> list[Resultado]:
        """Un artículo hallado por referencia: su texto vigente desde el comienzo (y el anterior si se pide)."""
        resultados = []
        vigentes = [f for f in fragmentos if f.vigente]
        mejor = self._mejor_parte(vigentes, vector) if vigentes else None
        if mejor is not None:  # se cita desde el comienzo del artículo
            resultados.append(Resultado(vigentes[0], puntaje=2.0, similitud=mejor[1], directo=True))
        if pide_anterior or not vigentes:
            for f in fragmentos:
                if not f.vigente and f.parte == 1:
                    resultados.append(Resultado(f, puntaje=1.5, similitud=mejor[1] if mejor else 0.0, directo=True))
        return resultados

    def _mejor_parte(self, fragmentos: list[Fragmento], vector: np.ndarray) -> tuple[Fragmento, float]:
        similitudes = {i: float(np.dot(e, vector)) for i, e in self.indice.vectores_de([f.id for f in fragmentos]).items()}
        mejor = max(fragmentos, key=lambda f: (similitudes.get(f.id, 0.0), -f.parte))
        return mejor, similitudes.get(mejor.id, 0.0)

    # --- búsqueda híbrida -----------------------------------------------------------------
    def candidatos(self, texto: str, vector: np.ndarray, ambitos: list[str], modulo: str | None, permitir_derogados: bool):
        """Candidatos de cada buscador: [(id, similitud)] densos y [(id, bm25)] léxicos."""
        p = self.parametros
        filtro = Filtro(tuple(ambitos), modulo, permitir_derogados)
        permitidos = self.indice.permitidos(filtro)
        densos = self.indice.buscar_denso(vector, p.candidatos_densos, filtro, p.sobremuestreo_denso, permitidos)
        puntajes = self.indice.lexico.puntajes(texto, permitidos)
        orden = np.argsort(-puntajes)[: p.candidatos_lexicos]
        lexicos = [(self.indice.lexico.ids[i], float(puntajes[i])) for i in orden if puntajes[i] > 0]
        return densos, lexicos

    def _hibrida(self, texto: str, vector: np.ndarray, ambitos: list[str], modulo: str | None, permitir_derogados: bool) -> list[Resultado]:
        densos, lexicos = self.candidatos(texto, vector, ambitos, modulo, permitir_derogados)
        similitudes = dict(densos)
        faltan = [i for i, _ in lexicos if i not in similitudes]
        if faltan:  # la abstención necesita la similitud de todos los candidatos
            for id_, e in self.indice.vectores_de(faltan).items():
                similitudes[id_] = float(np.dot(e, vector))
            sin_vector = [i for i in faltan if i not in similitudes]
            if sin_vector:  # búsqueda semántica en preparación
                for id_ in sin_vector:
                    # Sin vector no hay parecido que medir: se le da el umbral de similitud, así
                    # que solo responde si una oración cubre la pregunta (la zona dudosa).
                    similitudes[id_] = self.parametros.umbral_similitud
                densos = _con_puesto_lexico(densos, lexicos, set(sin_vector))
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


def _con_puesto_lexico(densos: list[tuple[str, float]], lexicos: list[tuple[str, float]], sin_vector: set[str]) -> list[tuple[str, float]]:
    """Un fragmento que aún no tiene vector entra en la lista densa en su puesto léxico: sin esto,
    con la búsqueda semántica a medias, lo ya embebido taparía siempre a lo que aún no lo está."""
    puestos = [(float(n), id_, valor) for n, (id_, valor) in enumerate(densos)]
    puestos += [(n + 0.5, id_, valor) for n, (id_, valor) in enumerate(lexicos) if id_ in sin_vector]
    return [(id_, valor) for _, id_, valor in sorted(puestos, key=lambda p: p[0])]


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


def _esta(raiz: str, presentes: set[str]) -> bool:
    return raiz in presentes or raiz[:PREFIJO] in presentes


def _es_encabezado_de_norma(resultado: Resultado) -> bool:
    return resultado.fragmento.tipo == TIPO_NORMA and not resultado.fragmento.articulo


def _unidad(fragmento: Fragmento) -> tuple:
    return (fragmento.doc_id, fragmento.articulo or fragmento.ruta or fragmento.seccion, fragmento.vigente)
