"""La versión activa del índice, abierta para consultar: Chroma + BM25 + textos en memoria."""
from __future__ import annotations

import base64
import json
import os
import re
import shutil
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .almacen import Manifiesto, Registro, carpeta_cache, cliente_chroma
from ..configuracion import Configuracion
from ..corpus.fragmentacion.normas import clave_articulo
from ..corpus.identidad import identificar, que_modifica
from .lexico import IndiceLexico, tokenizar
from ..modelos import Fragmento
from ..respuesta.oraciones import cuerpo
from ..parametros import INDEXADO, PREDETERMINADOS
from ..texto import plegar

PAGINA_CHROMA = 2000
# Cuántos vectores hay se vuelve a contar como mucho cada tanto (la fase semántica los agrega).
_INTERVALO_CONTEO_S = 2.0


class IndiceNoDisponible(RuntimeError):
    """No hay índice que consultar (aún no se ha construido, o no se puede abrir)."""


@dataclass(frozen=True)
class Filtro:
    """Qué fragmentos puede devolver una búsqueda: siempre los vigentes; los derogados solo si se
    permiten; si se dan, solo los de esos documentos (`ambitos`, doc_id) y de ese módulo."""

    ambitos: tuple[str, ...] = ()
    modulo: str | None = None
    permitir_derogados: bool = False

    def donde(self) -> dict:
        """La misma condición en la sintaxis `where` de Chroma."""
        condiciones: list[dict] = [{"vigente": True}]
        if not self.permitir_derogados:
            condiciones.append({"derogado": False})
        if self.ambitos:
            condiciones.append({"doc_id": {"$in": list(self.ambitos)}})
        if self.modulo:
            condiciones.append({"modulo": self.modulo})
        return condiciones[0] if len(condiciones) == 1 else {"$and": condiciones}


class IndiceAbierto:
    def __init__(self, configuracion: Configuracion, cliente, manifiesto: Manifiesto, fragmentos: list[Fragmento], lexico: IndiceLexico) -> None:
        self.configuracion = configuracion
        self.cliente = cliente
        self.manifiesto = manifiesto
        self.coleccion = cliente.get_collection(manifiesto.coleccion, embedding_function=None)
        self.lexico = lexico
        self.fragmentos = {f.id: f for f in fragmentos}
        ids = lexico.ids
        self.vigente = np.array([self.fragmentos[i].vigente for i in ids], dtype=bool)
        self.derogado = np.array([self.fragmentos[i].derogado for i in ids], dtype=bool)
        self.modulo = np.array([self.fragmentos[i].modulo for i in ids], dtype=object)
        self.doc_id = np.array([self.fragmentos[i].doc_id for i in ids], dtype=object)
        # Cada documento como un entero: filtrar por documentos compara enteros (con 250.000
        # fragmentos, `np.isin` sobre cadenas costaba 23 ms por búsqueda).
        self._codigo_documento = {d: n for n, d in enumerate(sorted(set(self.doc_id)))}
        self._doc_codigo = np.array([self._codigo_documento[d] for d in self.doc_id], dtype=np.int32)
        self._posicion = {i: n for n, i in enumerate(ids)}
        self._total = len(ids)
        self._vectores = -1
        self._contado = 0.0
        self._cerrojo_conteo = threading.Lock()
        self._vistos = -1  # vectores que había al abrir (o al último refresco) la colección
        self._refrescado = time.monotonic()
        self._refrescando = False
        # Búsqueda densa exacta en memoria (índices pequeños y completos); None = aún no se decidió.
        self._exacta: tuple[np.ndarray, np.ndarray] | bool | None = None
        self._cerrojo_exacta = threading.Lock()
        self._por_articulo: dict[tuple[str, str], list[Fragmento]] = {}
        self._por_documento: dict[str, list[Fragmento]] = {}
        self._por_modificado: dict[str, list[Fragmento]] = {}  # «el art. 361 de la Constitución» → quien lo reescribe
        for fragmento in sorted(fragmentos, key=lambda f: (f.doc_id, f.orden)):
            self._por_documento.setdefault(fragmento.doc_id, []).append(fragmento)
            if fragmento.articulo:
                self._por_articulo.setdefault((fragmento.doc_id, clave_articulo(fragmento.articulo)), []).append(fragmento)


        # (doc_id, artículo) → (doc_id, artículo) de la norma cargada cuyo artículo reescribe.
        self._destinos: dict[tuple[str, str], tuple[str, str]] = {}
        cargadas = {i: d for d in self._por_documento if (i := identificar(d)) is not None}
        for (doc_id, clave), partes in self._por_articulo.items():
            primera = next((f for f in partes if f.parte == 1), partes[0])
            modificacion = que_modifica(primera.titulo_articulo, cuerpo(primera))
            if modificacion is None:
                continue
            for fragmento in partes:
                fragmento.modifica = modificacion.etiqueta
            self._por_modificado.setdefault(modificacion.etiqueta, []).extend(partes)
            if modificacion.norma in cargadas:
                self._destinos[(doc_id, clave)] = (cargadas[modificacion.norma], modificacion.articulo)

    # --- apertura -------------------------------------------------------------------------
    @classmethod
    def abrir(cls, configuracion: Configuracion) -> IndiceAbierto:
        try:
            cliente = cliente_chroma(configuracion)
            manifiesto = Registro(cliente).leer()
        except Exception as error:
            raise IndiceNoDisponible(f"No se pudo abrir el índice: {error}") from error
        if manifiesto is None:
            raise IndiceNoDisponible(
                "El índice está vacío: constrúyalo con «python indexar.py» (o desde la pestaña Índice)."
            )
        carpeta = carpeta_cache(configuracion, manifiesto)
        if not (carpeta / "listo").exists():
            cls._reconstruir_cache(cliente, manifiesto, carpeta)
        return cls(configuracion, cliente, manifiesto, leer_fragmentos(carpeta), IndiceLexico.abrir(carpeta / "lexico"))

    @staticmethod
    def _reconstruir_cache(cliente, manifiesto: Manifiesto, carpeta: Path) -> None:
        """En un servidor de aplicación nuevo (modo servidor) la copia local se deriva de Chroma:
        de la colección de textos de la versión (completa aunque falten vectores) o, en un
        índice anterior a #15, de la de vectores."""
        if manifiesto.textos:
            escribir_cache(carpeta, leer_textos(cliente, manifiesto.textos))
            return
        coleccion = cliente.get_collection(manifiesto.coleccion, embedding_function=None)
        fragmentos = []
        desde = 0
        while True:
            pagina = coleccion.get(include=["documents", "metadatas"], limit=PAGINA_CHROMA, offset=desde)
            if not pagina["ids"]:
                break
            fragmentos += [Fragmento.desde_metadatos(i, d, m) for i, d, m in zip(pagina["ids"], pagina["documents"], pagina["metadatas"])]
            desde += len(pagina["ids"])
        escribir_cache(carpeta, fragmentos)

    # --- búsqueda semántica en preparación (#15) --------------------------------------------
    @property
    def vectores(self) -> int:
        """Fragmentos que ya tienen vector (la fase semántica los agrega mientras se consulta)."""
        ahora = time.monotonic()
        with self._cerrojo_conteo:
            if self._vectores < self._total and ahora - self._contado >= _INTERVALO_CONTEO_S:
                self._vectores = self.coleccion.count()
                self._contado = ahora
                if self._vistos < 0:
                    self._vistos = self._vectores
                if (self._vectores > self._vistos and not self.configuracion.chroma_url and not self._refrescando
                        and ahora - self._refrescado >= INDEXADO.refresco_embebido_s):
                    self._vistos, self._refrescado, self._refrescando = self._vectores, ahora, True
                    threading.Thread(target=self._refrescar, name="refresco-de-vectores", daemon=True).start()
            return self._vectores

    def vectores_de(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Los vectores que existan de esos fragmentos (los que aún no tienen, no aparecen)."""
        exacta = self.matriz_exacta()
        if exacta is not None:
            matriz, tiene = exacta
            return {i: matriz[n] for i in ids if (n := self._posicion.get(i)) is not None and tiene[n]}
        if self.semantica_completa:
            datos = self.coleccion.get(ids=ids, include=["embeddings"])
        else:
            try:
                datos = self.coleccion.get(ids=ids, include=["embeddings"])
            except Exception:  # noqa: BLE001  Chroma embebido: vectores que otro proceso agregó y este aún no ve
                return {}
        return {i: np.asarray(e, dtype=np.float32) for i, e in zip(datos["ids"], datos["embeddings"])}

    def matriz_exacta(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(vectores en el orden de `lexico.ids`, cuáles existen) si el índice cabe en memoria
        (`Parametros.busqueda_exacta_hasta`) y ya tiene todos sus vectores; si no, None y se
        consulta el grafo HNSW de Chroma. Ver docs/decisiones.md."""
        if self._exacta is None:
            if self._total > PREDETERMINADOS.busqueda_exacta_hasta:
                self._exacta = False
            elif self.semantica_completa:  # mientras se embebe, Chroma (los vectores siguen llegando)
                with self._cerrojo_exacta:
                    if self._exacta is None:
                        self._exacta = self._cargar_matriz()
        return self._exacta or None

    def _cargar_matriz(self) -> tuple[np.ndarray, np.ndarray]:
        ids = self.lexico.ids
        matriz = np.zeros((len(ids), 0), dtype=np.float32)
        tiene = np.zeros(len(ids), dtype=bool)
        for desde in range(0, len(ids), PAGINA_CHROMA):
            pagina = self.coleccion.get(ids=ids[desde : desde + PAGINA_CHROMA], include=["embeddings"])
            for i, vector in zip(pagina["ids"], pagina["embeddings"]):
                if matriz.shape[1] == 0:
                    matriz = np.zeros((len(ids), len(vector)), dtype=np.float32)
                matriz[self._posicion[i]] = vector
                tiene[self._posicion[i]] = True
        return matriz, tiene

    def _refrescar(self) -> None:
        """Chroma embebido no ve en este proceso los vectores que el indexador (otro proceso) agrega
        a la colección abierta: se abre un cliente nuevo, se calienta y se cambia de una vez."""
        try:
            cliente = cliente_chroma(self.configuracion, nuevo=True)
            coleccion = cliente.get_collection(self.manifiesto.coleccion, embedding_function=None)
            muestra = coleccion.get(limit=1, include=["embeddings"])["embeddings"]
            if len(muestra):  # carga el grafo aquí, no en la primera consulta
                coleccion.query(query_embeddings=[list(map(float, muestra[0]))], n_results=1, include=[])
            self.cliente, self.coleccion = cliente, coleccion
        except Exception:  # noqa: BLE001  se intentará en el próximo intervalo
            pass
        finally:
            self._refrescando = False

    @property
    def semantica_completa(self) -> bool:
        return self.vectores >= self._total

    @property
    def fragmentos_total(self) -> int:
        return self._total

    # --- consultas --------------------------------------------------------------------------
    def permitidos(self, filtro: Filtro) -> np.ndarray:
        """El filtro como máscara sobre los fragmentos (en el orden de `lexico.ids`)."""
        permitidos = self.vigente.copy()
        if not filtro.permitir_derogados:
            permitidos &= ~self.derogado
        if filtro.ambitos:
            permitidos &= np.isin(self._doc_codigo, [self._codigo_documento[d] for d in filtro.ambitos if d in self._codigo_documento])
        if filtro.modulo:
            permitidos &= self.modulo == filtro.modulo
        return permitidos

    def buscar_denso(
        self, vector: np.ndarray, n: int, filtro: Filtro, sobremuestreo: float = 0.0, permitidos: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """Los `n` vecinos más cercanos que cumplen `filtro` (`permitidos`: su máscara, si ya se calculó).

        Con `sobremuestreo` > 0, si la condición deja pasar al menos la mitad del índice se pide a
        Chroma sin filtro `n × sobremuestreo` vecinos y se filtra aquí: el filtro de metadatos de
        Chroma cuesta 10 veces más que la búsqueda (36 ms frente a 4 ms con 5.625 fragmentos). Si
        no alcanzan `n`, se repite con el filtro de Chroma.
        """
        total = min(self._total, self.vectores)  # con la búsqueda semántica en preparación, los que ya están
        if total == 0:
            return []
        if permitidos is None:
            permitidos = self.permitidos(filtro)
        exacta = self.matriz_exacta()
        if exacta is not None:
            matriz, tiene = exacta
            similitudes = np.where(permitidos & tiene, matriz @ vector.astype(np.float32, copy=False), -np.inf)
            mejores = np.argsort(-similitudes, kind="stable")[:n]
            ids = self.lexico.ids
            return [(ids[j], float(similitudes[j])) for j in mejores if similitudes[j] > -np.inf]
        if sobremuestreo > 0 and permitidos.sum() >= total / 2:
            pedidos = min(total, int(n * sobremuestreo))
            resultado = self.coleccion.query(query_embeddings=[vector.tolist()], n_results=pedidos, include=["distances"])
            pares = [(i, 1.0 - float(d)) for i, d in zip(resultado["ids"][0], resultado["distances"][0])
                     if i in self._posicion and permitidos[self._posicion[i]]]
            if len(pares) >= n or pedidos >= total:
                return pares[:n]
        resultado = self.coleccion.query(
            query_embeddings=[vector.tolist()], n_results=min(n, total), where=filtro.donde(), include=["distances"]
        )
        # Espacio coseno: distancia = 1 − similitud.
        return [(i, 1.0 - float(d)) for i, d in zip(resultado["ids"][0], resultado["distances"][0])]

    def articulo(self, doc_id: str, numero: str) -> list[Fragmento]:
        return self._por_articulo.get((doc_id, clave_articulo(numero)), [])

    def destino(self, fragmento: Fragmento) -> tuple[str, str] | None:
        """(doc_id, artículo) de la norma cargada cuyo artículo reescribe este fragmento, o None."""
        return self._destinos.get((fragmento.doc_id, clave_articulo(fragmento.articulo))) if fragmento.articulo else None

    def que_modifican(self, modificado: str) -> list[Fragmento]:
        """Los fragmentos de los artículos que reescriben «el art. 361 de la Constitución»."""
        return self._por_modificado.get(modificado, [])

    def conoce(self, nombre: str) -> bool:
        """¿Algún fragmento menciona este nombre? Una palabra: su raíz está en el vocabulario. Varias
        («SECOP II»): aparecen seguidas en un mismo fragmento (se leen solo los que traen la más rara)."""
        tokens = tokenizar(nombre)
        if len(tokens) <= 1:
            return self.lexico.conoce(nombre)
        if not all(self.lexico.conoce(t) for t in nombre.split()):
            return False
        rara = max(tokens, key=self.lexico.idf)
        ids = self.lexico.con_termino(rara)
        if len(ids) > PREDETERMINADOS.frase_leida_hasta:  # dos palabras corrientes: leerlo todo costaría segundos
            return True
        frase = re.compile(r"\b" + r"[\s-]+".join(re.escape(p) for p in plegar(nombre).split()) + r"\b")
        return any(frase.search(plegar(self.fragmentos[i].texto)) for i in ids)

    def documento(self, doc_id: str) -> list[Fragmento]:
        return self._por_documento.get(doc_id, [])

    def documentos(self) -> list[str]:
        return list(self._codigo_documento)


def escribir_cache(carpeta: Path, fragmentos: list[Fragmento]) -> None:
    """Escribe textos y BM25 en una carpeta temporal y la renombra: nunca queda a medias."""
    carpeta.parent.mkdir(parents=True, exist_ok=True)
    temporal = Path(tempfile.mkdtemp(prefix=carpeta.name + ".", dir=carpeta.parent))
    try:
        with open(temporal / "fragmentos.jsonl", "w", encoding="utf-8") as salida:
            salida.writelines(json.dumps({"id": f.id, "texto": f.texto, "metadatos": f.metadatos()}, ensure_ascii=False) + "\n" for f in fragmentos)
        IndiceLexico.construir([f.id for f in fragmentos], [f.texto_indexable for f in fragmentos]).guardar(temporal / "lexico")
        (temporal / "listo").write_text("1", encoding="utf-8")
        if carpeta.exists():
            shutil.rmtree(carpeta, ignore_errors=True)
        os.replace(temporal, carpeta)
    finally:
        if temporal.exists():
            shutil.rmtree(temporal, ignore_errors=True)




def leer_fragmentos(carpeta: Path) -> list[Fragmento]:
    with open(carpeta / "fragmentos.jsonl", encoding="utf-8") as entrada:
        return [Fragmento.desde_metadatos(d["id"], d["texto"], d["metadatos"]) for d in map(json.loads, entrada)]


def escribir_textos(cliente, nombre: str, fragmentos: list[Fragmento], por_bloque: int) -> None:
    """Los textos de todos los fragmentos de una versión, comprimidos en bloques de una colección
    de Chroma (un vector ficticio por bloque, como el registro): un servidor de aplicación nuevo
    reconstruye con ellos su copia local aunque la fase semántica no haya terminado."""
    if nombre in {c.name for c in cliente.list_collections()}:
        cliente.delete_collection(nombre)  # restos de una ejecución interrumpida
    coleccion = cliente.create_collection(nombre, embedding_function=None)
    for numero, inicio in enumerate(range(0, len(fragmentos), por_bloque)):
        lineas = "".join(
            json.dumps({"id": f.id, "texto": f.texto, "metadatos": f.metadatos()}, ensure_ascii=False) + "\n"
            for f in fragmentos[inicio : inicio + por_bloque]
        )
        datos = base64.b64encode(zlib.compress(lineas.encode("utf-8"), 6)).decode("ascii")
        coleccion.add(ids=[f"bloque-{numero:06d}"], embeddings=[[1.0]], metadatas=[{"datos": datos, "orden": numero}])


def leer_textos(cliente, nombre: str) -> list[Fragmento]:
    coleccion = cliente.get_collection(nombre, embedding_function=None)
    bloques = coleccion.get(include=["metadatas"])["metadatas"]
    fragmentos = []
    for bloque in sorted(bloques, key=lambda m: m["orden"]):
        for linea in zlib.decompress(base64.b64decode(bloque["datos"])).decode("utf-8").splitlines():
            d = json.loads(linea)
            fragmentos.append(Fragmento.desde_metadatos(d["id"], d["texto"], d["metadatos"]))
    return fragmentos
