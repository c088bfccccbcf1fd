"""Actualización incremental y segura del índice.

Cada actualización construye una versión nueva (una colección de Chroma más su
copia local de textos y BM25) y solo al final la activa con una única escritura
del registro. Si el proceso muere a mitad de camino, la versión anterior sigue
activa y la próxima ejecución borra lo que quedó a medias.

- Solo se cargan y fragmentan los archivos nuevos o modificados (huella SHA-256).
- Los vectores de los fragmentos sin cambios se copian de la versión anterior y los
  de un archivo modificado se reutilizan por huella del texto: nunca se embebe dos
  veces el mismo texto con el mismo modelo.
- Un archivo que falla se informa y se omite; si ya estaba indexado se conserva
  su versión anterior (el índice que funcionaba no pierde nada).
- Un cerrojo de archivo impide dos indexadores a la vez sobre el mismo índice.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import numpy as np

from .. import entorno  # noqa: F401
from .almacen import (
    Manifiesto,
    Registro,
    carpeta_cache,
    cliente_chroma,
    nombre_coleccion,
    nombre_textos,
    textos_existentes,
    versiones_existentes,
)
from ..corpus.cargadores import ErrorDeCarga, cargar, es_cargable, formato_no_admitido
from ..corpus.catalogo import catalogo_en
from ..configuracion import Configuracion
from .embeddings import Embebedor, cargar_modelo, nombre_de_modelo
from ..corpus.fragmentacion import fragmentar
from .abierto import PAGINA_CHROMA, escribir_cache, escribir_textos, leer_fragmentos
from ..modelos import TIPO_GUIA, Fragmento
from ..parametros import INDEXADO

LOTE_CHROMA = 256
bitacora = logging.getLogger("asistente.indexado.indexador")

# al_avanzar(etapa, hechos, total): para la barra de la CLI y el progreso de la web.
Progreso = Callable[[str, int, int], None]


class ErrorDeIndexado(RuntimeError):
    """Nada se pudo hacer (cerrojo ocupado, carpeta inexistente, modelo distinto…)."""


class IndiceOcupado(ErrorDeIndexado):
    pass


@dataclass
class Omitido:
    archivo: str
    motivo: str


@dataclass
class Resumen:
    nuevos: list[str] = field(default_factory=list)
    modificados: list[str] = field(default_factory=list)
    eliminados: list[str] = field(default_factory=list)
    sin_cambios: list[str] = field(default_factory=list)
    omitidos: list[Omitido] = field(default_factory=list)
    avisos: list[Omitido] = field(default_factory=list)
    cambios: list[dict] = field(default_factory=list)  # por documento: artículos agregados/modificados/eliminados
    fragmentos: int = 0
    embebidos: int = 0
    segundos: float = 0.0
    version: str = ""
    modelo: str = ""

    @property
    def hubo_cambios(self) -> bool:
        return bool(self.nuevos or self.modificados or self.eliminados)

    def a_dict(self) -> dict:
        """Resumen para `--json`: conteos en las claves principales y el detalle aparte."""
        return {
            "nuevos": len(self.nuevos),
            "modificados": len(self.modificados),
            "eliminados": len(self.eliminados),
            "sin_cambios": len(self.sin_cambios),
            "omitidos": [asdict(o) for o in self.omitidos],
            "fragmentos": self.fragmentos,
            "segundos": round(self.segundos, 2),
            "embebidos": self.embebidos,
            "version": self.version,
            "modelo": self.modelo,
            "avisos": [asdict(a) for a in self.avisos],
            "detalle": {"nuevos": self.nuevos, "modificados": self.modificados, "eliminados": self.eliminados},
            "cambios": self.cambios,
        }


@dataclass
class _Archivo:
    ruta: Path
    datos: bytes | None = None
    sha256: str = ""
    error: str = ""


def actualizar(configuracion: Configuracion, completo: bool = False, al_avanzar: Progreso | None = None,
               lexico_primero: bool | None = None) -> Resumen:
    """Lleva el índice al estado del corpus. Devuelve el resumen; lanza `ErrorDeIndexado` si no pudo.

    `lexico_primero`: activar la versión nueva en cuanto tiene textos y BM25 y embeber después
    (etapa «semantica», reanudable). None: solo si hay al menos `INDEXADO.segundo_plano_desde`
    textos por embeber."""
    inicio = time.perf_counter()
    for carpeta in configuracion.corpus:
        if not carpeta.is_dir():
            raise ErrorDeIndexado(f"La carpeta del corpus no existe: {carpeta}")
    configuracion.indice.mkdir(parents=True, exist_ok=True)
    with _cerrojo(configuracion.indice):
        _quitar_temporales(configuracion.indice)
        resumen = _actualizar(configuracion, completo, al_avanzar or (lambda *_: None), lexico_primero)
    resumen.segundos = time.perf_counter() - inicio
    return resumen


def _quitar_temporales(indice: Path) -> None:
    """Copias locales a medio escribir de una construcción interrumpida (`versiones/<colección>.XXXX`).

    Con el cerrojo tomado nadie más escribe: una carpeta sin el archivo «listo», o con el
    nombre de un temporal (`tempfile.mkdtemp`: punto y 8 caracteres), solo puede ser de un
    proceso que murió. Las copias completas de versiones viejas se limpian al activar una nueva.
    """
    carpeta = indice / "versiones"
    if not carpeta.is_dir():
        return
    for sub in carpeta.iterdir():
        if sub.is_dir() and (not (sub / "listo").exists() or re.fullmatch(r"[^.]+\.[a-z0-9_]{8}", sub.name)):
            shutil.rmtree(sub, ignore_errors=True)


def _cerrojo(carpeta: Path):
    from filelock import FileLock, Timeout

    class _Cerrojo:
        def __init__(self) -> None:
            self._lock = FileLock(str(carpeta / ".indexando.lock"))

        def __enter__(self):
            try:
                self._lock.acquire(timeout=0)
            except Timeout as error:
                raise IndiceOcupado(
                    f"Otro proceso está actualizando el índice en {carpeta}; espere a que termine e intente de nuevo."
                ) from error
            return self

        def __exit__(self, *_):
            self._lock.release()

    return _Cerrojo()


def _actualizar(configuracion: Configuracion, completo: bool, al_avanzar: Progreso, lexico_primero: bool | None) -> Resumen:
    """Las fases, en orden: clasificar los archivos → fragmentar lo cambiado → versión nueva con lo
    que ya tiene vector → embeber lo que falta → activar; o, si falta mucho (o `lexico_primero`),
    activar primero (búsqueda por palabras clave) y embeber después, en la versión ya activa."""
    cliente = cliente_chroma(configuracion)
    registro = Registro(cliente)
    anterior = registro.leer()
    modelo_nombre = nombre_de_modelo(configuracion.modelo)
    if anterior and anterior.modelo != modelo_nombre and not completo:
        raise ErrorDeIndexado(
            f"El índice se construyó con el modelo «{anterior.modelo}» y la configuración pide «{modelo_nombre}». "
            "Los vectores de dos modelos no se mezclan: ejecute «python indexar.py --completo» para reconstruirlo."
        )
    resumen = Resumen(modelo=modelo_nombre)
    previos = anterior.archivos if anterior is not None and not completo else {}
    cambiados, conservados, omitidos = _clasificar(configuracion, anterior, completo, resumen, al_avanzar)
    nuevos_fragmentos, entradas = _fragmentar(configuracion, cambiados, conservados, omitidos, previos, resumen, al_avanzar)

    if not resumen.hubo_cambios and anterior is not None and not completo:
        _asegurar_cache(configuracion, cliente, anterior)
        resumen.version, resumen.fragmentos = anterior.etiqueta, anterior.fragmentos
        if set(omitidos) != set(anterior.omitidos):
            anterior.omitidos = omitidos
            registro.activar(anterior)
        # Una fase semántica interrumpida (kill -9, apagón) sigue donde quedó.
        resumen.embebidos = _completar_vectores(configuracion, cliente, anterior, al_avanzar)
        al_avanzar("listo", 1, 1)
        return resumen
    if not nuevos_fragmentos and not conservados:
        raise ErrorDeIndexado("No quedó ningún documento que indexar: " + "; ".join(f"{Path(o.archivo).name}: {o.motivo}" for o in resumen.omitidos))

    # Versión nueva: lo conservado y lo que ya tiene vector pasan tal cual.
    version = (anterior.version + 1) if anterior else 1
    coleccion = _coleccion_nueva(cliente, version, modelo_nombre)
    cambiados_claves = set(nuevos_fragmentos) | set(resumen.eliminados) | set(anterior.archivos if anterior and completo else ())
    conservados_fragmentos, viejos_por_archivo, reutilizables, presentes = _copiar_lo_conservado(
        configuracion, cliente, anterior, modelo_nombre, coleccion, conservados, cambiados_claves, al_avanzar
    )
    fragmentos_finales = conservados_fragmentos + [f for fs in nuevos_fragmentos.values() for f in fs]
    presentes |= _agregar_con_vector(coleccion, nuevos_fragmentos, reutilizables)
    del reutilizables
    pendientes = _pendientes(fragmentos_finales, presentes)
    if lexico_primero is None:
        lexico_primero = len(pendientes) >= INDEXADO.segundo_plano_desde
    if not lexico_primero:
        resumen.embebidos = _embeber(configuracion, coleccion, pendientes, len(presentes), len(fragmentos_finales), al_avanzar, "embebiendo")
        pendientes = {}

    # Activación atómica: textos, copia local (BM25) y una escritura del registro.
    al_avanzar("activando", 0, 1)
    manifiesto = Manifiesto(
        version=version,
        coleccion=coleccion.name,
        modelo=modelo_nombre,
        creado=_ahora(),
        fragmentos=len(fragmentos_finales),
        archivos={**conservados, **entradas},
        omitidos=omitidos,
        textos=nombre_textos(coleccion.name),
    )
    escribir_textos(cliente, manifiesto.textos, fragmentos_finales, INDEXADO.fragmentos_por_bloque)
    escribir_cache(carpeta_cache(configuracion, manifiesto), fragmentos_finales)
    registro.activar(manifiesto)
    al_avanzar("activando", 1, 1)  # desde aquí la versión nueva ya es la activa
    resumen.version, resumen.fragmentos = manifiesto.etiqueta, manifiesto.fragmentos
    resumen.cambios = _informe_de_cambios(resumen, nuevos_fragmentos, viejos_por_archivo, previos)
    _limpiar(configuracion, cliente, conservar={manifiesto.coleccion, anterior.coleccion if anterior else ""})
    del fragmentos_finales, conservados_fragmentos, viejos_por_archivo, nuevos_fragmentos
    if pendientes:  # fase semántica sobre la versión ya activa: cada lote guardado ya se busca
        resumen.embebidos = _embeber(configuracion, coleccion, pendientes, len(presentes), manifiesto.fragmentos, al_avanzar, "semantica")
    al_avanzar("listo", 1, 1)
    return resumen


def _clasificar(configuracion: Configuracion, anterior: Manifiesto | None, completo: bool, resumen: Resumen, al_avanzar: Progreso):
    """Qué archivos cambiaron, cuáles pasan tal cual y cuáles se omiten (con su motivo)."""
    previos: dict = anterior.archivos if anterior is not None and not completo else {}
    omitidos_previos: dict = anterior.omitidos if anterior is not None and not completo else {}
    archivos = _explorar(configuracion.corpus, al_avanzar, configuracion.archivo_maximo)
    cambiados: list[_Archivo] = []
    conservados: dict[str, dict] = {}  # ruta → entrada del manifiesto que pasa tal cual
    omitidos: dict[str, dict] = {}
    for clave, archivo in archivos.items():
        if archivo.error:
            _omitir(resumen, omitidos, clave, archivo.sha256, archivo.error, previos, conservados)
        elif clave in previos and previos[clave]["sha256"] == archivo.sha256:
            resumen.sin_cambios.append(clave)
            conservados[clave] = previos[clave]
            archivo.datos = None  # no se vuelve a leer: no ocupa memoria
        elif clave in omitidos_previos and omitidos_previos[clave]["sha256"] == archivo.sha256:
            # Mismo archivo que ya falló: se vuelve a informar sin volver a intentarlo.
            _omitir(resumen, omitidos, clave, archivo.sha256, omitidos_previos[clave]["motivo"], previos, conservados)
        else:
            cambiados.append(archivo)
    resumen.eliminados = sorted(set(previos) - set(archivos))
    return cambiados, conservados, omitidos


def _fragmentar(configuracion, cambiados: list[_Archivo], conservados: dict, omitidos: dict, previos: dict, resumen: Resumen, al_avanzar: Progreso):
    """Carga y fragmenta lo nuevo o modificado (sin embeber). Un archivo que falla se omite."""
    catalogo = catalogo_en(configuracion.ruta_catalogo)
    ids_en_uso = {e["doc_id"]: r for r, e in conservados.items()}
    nuevos_fragmentos: dict[str, list[Fragmento]] = {}
    entradas: dict[str, dict] = {}
    for n, archivo in enumerate(cambiados, start=1):
        clave = str(archivo.ruta)
        al_avanzar("cargando", n, len(cambiados))
        try:
            documento = cargar(archivo.ruta, catalogo, archivo.datos)
            if documento.doc_id in ids_en_uso:
                raise ErrorDeCarga(f"su identificador {documento.doc_id} ya lo usa {ids_en_uso[documento.doc_id]}")
            fragmentos = fragmentar(documento, catalogo)
            if not fragmentos:
                raise ErrorDeCarga("no se encontró texto que indexar")
            if len(fragmentos) > configuracion.fragmentos_maximos:
                raise ErrorDeCarga(
                    f"da {len(fragmentos)} fragmentos, más que el máximo de {configuracion.fragmentos_maximos} por documento "
                    "(ASISTENTE_FRAGMENTOS_MAXIMOS); divídalo en documentos más cortos"
                )
        except ErrorDeCarga as error:
            _omitir(resumen, omitidos, clave, archivo.sha256, str(error), previos, conservados)
            continue
        except Exception as error:  # un fallo inesperado en un archivo no detiene el resto
            _omitir(resumen, omitidos, clave, archivo.sha256, f"error inesperado al procesarlo ({type(error).__name__}: {error})", previos, conservados)
            continue
        finally:
            archivo.datos = None  # ya fragmentado: los bytes no hacen falta
        ids_en_uso[documento.doc_id] = clave
        (resumen.modificados if clave in previos else resumen.nuevos).append(clave)
        resumen.avisos += [Omitido(clave, a) for a in documento.avisos]
        nuevos_fragmentos[clave] = fragmentos
        entradas[clave] = _entrada(archivo, documento, fragmentos)
    return nuevos_fragmentos, entradas


def _copiar_lo_conservado(configuracion, cliente, anterior: Manifiesto | None, modelo_nombre: str, coleccion,
                          conservados: dict, cambiados_claves: set[str], al_avanzar: Progreso):
    """Los fragmentos de los archivos sin cambios (de la copia local de la versión anterior) y sus
    vectores (de su colección, los que ya tenga); de los archivos cambiados, los vectores por
    huella (un texto que no cambió no se vuelve a embeber) y los fragmentos viejos (el informe)."""
    fragmentos: list[Fragmento] = []
    viejos_por_archivo: dict[str, list[Fragmento]] = defaultdict(list)
    reutilizables: dict[str, list[float]] = {}
    presentes: set[str] = set()
    if anterior is None:
        return fragmentos, viejos_por_archivo, reutilizables, presentes
    _asegurar_cache(configuracion, cliente, anterior)
    for f in leer_fragmentos(carpeta_cache(configuracion, anterior)):
        if f.archivo in conservados:
            fragmentos.append(f)
        elif f.archivo in cambiados_claves:
            viejos_por_archivo[f.archivo].append(f)
    if anterior.modelo != modelo_nombre:  # con --completo y otro modelo, los vectores no sirven
        return fragmentos, viejos_por_archivo, reutilizables, presentes
    vieja = cliente.get_collection(anterior.coleccion, embedding_function=None)
    for ids, vectores, textos, metadatos in _paginas(vieja):
        copiar = [i for i, m in enumerate(metadatos) if m.get("archivo") in conservados]
        if copiar:
            coleccion.add(
                ids=[ids[i] for i in copiar],
                embeddings=[vectores[i] for i in copiar],
                documents=[textos[i] for i in copiar],
                metadatas=[metadatos[i] for i in copiar],
            )
            presentes.update(ids[i] for i in copiar)
        for i, m in enumerate(metadatos):
            if m.get("archivo") in cambiados_claves:
                reutilizables[m.get("huella", "")] = np.asarray(vectores[i], dtype=np.float32)  # 4 bytes por cifra, no 24
        al_avanzar("copiando", len(presentes), anterior.fragmentos)
    return fragmentos, viejos_por_archivo, reutilizables, presentes


def _agregar_con_vector(coleccion, nuevos_fragmentos: dict[str, list[Fragmento]], reutilizables: dict) -> set[str]:
    """Guarda los fragmentos nuevos cuyo vector ya existe (texto sin cambios en un archivo modificado)."""
    agregados: set[str] = set()
    for fragmentos in nuevos_fragmentos.values():
        claves = _claves_de_vector(fragmentos)
        con_vector = [f for f in fragmentos if claves[f.id] in reutilizables]
        for inicio in range(0, len(con_vector), LOTE_CHROMA):
            lote = con_vector[inicio : inicio + LOTE_CHROMA]
            _guardar(coleccion, lote, [reutilizables[claves[f.id]].tolist() for f in lote])
        agregados.update(f.id for f in con_vector)
    return agregados


def _pendientes(fragmentos: list[Fragmento], presentes: set[str]) -> dict[str, tuple[str, list[Fragmento]]]:
    """Lo que falta embeber, en orden de prioridad: huella → (texto, fragmentos que usan ese vector).

    Primero la guía, luego las normas que el catálogo asigna a un módulo (las que más se
    preguntan) y después las demás; dentro de cada documento, en su orden. Un texto repetido
    (en un documento o en varios) se embebe una vez; una versión anterior de un artículo usa
    el vector de su texto vigente.
    """
    por_documento: dict[str, list[Fragmento]] = defaultdict(list)
    for f in fragmentos:
        por_documento[f.archivo].append(f)

    def prioridad(archivo: str):
        primero = por_documento[archivo][0]
        return (0 if primero.tipo == TIPO_GUIA else 1 if primero.modulo else 2, archivo)

    pendientes: dict[str, tuple[str, list[Fragmento]]] = {}
    for archivo in sorted(por_documento, key=prioridad):
        documento = por_documento[archivo]
        faltan = [f for f in documento if f.id not in presentes]
        if not faltan:
            continue
        claves = _claves_de_vector(documento)
        textos = {f.huella: f.texto_embebible for f in documento}
        for f in sorted(faltan, key=lambda f: f.orden):
            clave = claves[f.id]
            pendientes.setdefault(clave, (textos.get(clave, f.texto_embebible), []))[1].append(f)
    return pendientes


def _embeber(configuracion, coleccion, pendientes: dict[str, tuple[str, list[Fragmento]]], hechos: int, total: int,
             al_avanzar: Progreso, etapa: str) -> int:
    """Embebe lo pendiente por lotes y guarda cada lote en cuanto está: un kill -9 pierde solo el lote
    en curso, y en la versión activa cada fragmento guardado entra ya en la búsqueda híbrida."""
    if not pendientes:
        return 0
    claves = list(pendientes)
    bitacora.info("por embeber: %d textos distintos para %d fragmentos", len(claves), sum(len(p[1]) for p in pendientes.values()))
    al_avanzar(etapa, hechos, total)
    lotes = [claves[i : i + INDEXADO.lote_semantico] for i in range(0, len(claves), INDEXADO.lote_semantico)]
    with Embebedor(cargar_modelo(configuracion.modelo)) as embebedor:
        siguiente = embebedor.pedir([pendientes[c][0] for c in lotes[0]])
        for numero, lote in enumerate(lotes):
            vectores = siguiente.get().tolist()
            if numero + 1 < len(lotes):  # el siguiente se calcula mientras este se guarda
                siguiente = embebedor.pedir([pendientes[c][0] for c in lotes[numero + 1]])
            hechos = _guardar_lote(coleccion, pendientes, lote, vectores, hechos)
            bitacora.info("embebidos: %d textos", numero * INDEXADO.lote_semantico + len(lote))
            al_avanzar(etapa, hechos, total)
    return len(claves)


def _guardar_lote(coleccion, pendientes: dict, lote: list[str], vectores: list, hechos: int) -> int:
    """Guarda los fragmentos de un lote (todos los que usan cada vector) y devuelve cuántos hay ya."""
    fragmentos, por_fragmento = [], []
    for clave, vector in zip(lote, vectores):
        for f in pendientes[clave][1]:
            fragmentos.append(f)
            por_fragmento.append(vector)
    for desde in range(0, len(fragmentos), LOTE_CHROMA):
        _guardar(coleccion, fragmentos[desde : desde + LOTE_CHROMA], por_fragmento[desde : desde + LOTE_CHROMA])
    return hechos + len(fragmentos)


def _guardar(coleccion, fragmentos: list[Fragmento], vectores: list) -> None:
    coleccion.add(
        ids=[f.id for f in fragmentos],
        embeddings=vectores,
        documents=[f.texto for f in fragmentos],
        metadatas=[f.metadatos() for f in fragmentos],
    )


def _completar_vectores(configuracion: Configuracion, cliente, manifiesto: Manifiesto, al_avanzar: Progreso) -> int:
    """Reanuda la fase semántica de la versión activa: embebe los fragmentos que aún no tienen vector."""
    if not manifiesto.textos:
        return 0  # índice anterior a #15: su colección ya tiene todos los vectores
    coleccion = cliente.get_collection(manifiesto.coleccion, embedding_function=None)
    if coleccion.count() >= manifiesto.fragmentos:
        return 0
    presentes: set[str] = set()
    desde = 0
    while True:
        pagina = coleccion.get(include=[], limit=PAGINA_CHROMA * 5, offset=desde)
        if not pagina["ids"]:
            break
        presentes.update(pagina["ids"])
        desde += len(pagina["ids"])
    pendientes = _pendientes(leer_fragmentos(carpeta_cache(configuracion, manifiesto)), presentes)
    return _embeber(configuracion, coleccion, pendientes, len(presentes), manifiesto.fragmentos, al_avanzar, "semantica")


def _claves_de_vector(fragmentos: list[Fragmento]) -> dict[str, str]:
    """Qué vector usa cada fragmento: el de su propio texto, salvo las versiones anteriores.

    Las versiones anteriores nunca se buscan por similitud (la búsqueda filtra
    vigente=True); solo se piden por referencia al artículo. Comparten el vector
    del texto vigente de su artículo en vez de costar un embedding cada una.
    """
    vigentes = {}
    for f in fragmentos:
        if f.vigente and f.articulo and (f.articulo not in vigentes):
            vigentes[f.articulo] = f.huella
    return {f.id: (f.huella if f.vigente else vigentes.get(f.articulo, f.huella)) for f in fragmentos}


def _explorar(carpetas, al_avanzar: Progreso, maximo_bytes: int | None = None) -> dict[str, _Archivo]:
    rutas: list[tuple[Path, Path]] = []  # (ruta, carpeta del corpus donde está)
    for carpeta in carpetas:
        for ruta in sorted(carpeta.rglob("*")):
            relativa = ruta.relative_to(carpeta)
            if any(p.startswith(".") for p in relativa.parts) or (ruta.is_dir() and not ruta.is_symlink()):
                continue
            rutas.append((Path(os.path.abspath(ruta)), carpeta))  # sin resolver enlaces: el nombre que ve el personal
    vistas = dict(rutas)
    archivos: dict[str, _Archivo] = {}
    for n, ruta in enumerate(vistas, start=1):
        al_avanzar("leyendo", n, len(vistas))
        archivo = _Archivo(ruta)
        archivos[str(ruta)] = archivo
        archivo.error = _problema_de_ruta(ruta, vistas[ruta], maximo_bytes)
        if archivo.error:
            continue
        try:
            archivo.datos = ruta.read_bytes()
        except FileNotFoundError:
            archivo.error = "el archivo desapareció durante la indexación"
            continue
        except OSError as error:
            archivo.error = f"no se pudo leer ({error.strerror or error})"
            continue
        archivo.sha256 = hashlib.sha256(archivo.datos).hexdigest()
    return archivos


def _problema_de_ruta(ruta: Path, carpeta: Path, maximo_bytes: int | None) -> str:
    """Por qué no se lee este archivo, o "" si se puede leer (enlaces, formato, tamaño)."""
    if ruta.is_symlink():
        destino = os.readlink(ruta)
        if not ruta.exists():
            return f"es un enlace roto: apunta a «{destino}», que no existe"
        if ruta.is_dir():
            return "es un enlace a una carpeta; los enlaces a carpetas no se siguen (copie los documentos dentro del corpus)"
        if not ruta.resolve().is_relative_to(carpeta.resolve()):
            return f"es un enlace que sale de la carpeta del corpus (apunta a «{destino}»); no se sigue"
    if not es_cargable(ruta):
        return formato_no_admitido(ruta)
    try:
        tamano = ruta.stat().st_size
    except FileNotFoundError:
        return "el archivo desapareció durante la indexación"
    except OSError as error:
        return f"no se pudo leer ({error.strerror or error})"
    if maximo_bytes is not None and tamano > maximo_bytes:
        return (f"ocupa {_megas(tamano)} MB, más que el máximo de {_megas(maximo_bytes)} MB "
                "por archivo (ASISTENTE_ARCHIVO_MAXIMO_MB); divídalo o súbalo sin imágenes")
    return ""


def _megas(n: int) -> str:
    """1,5 · 50 · 0,1 (coma decimal, sin «,0»)."""
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0").replace(".", ",")


def _omitir(resumen: Resumen, omitidos: dict, clave: str, sha256: str, motivo: str, previos: dict, conservados: dict) -> None:
    if clave in previos:
        # Lo que ya estaba indexado se conserva: un archivo dañado no borra su versión buena.
        conservados[clave] = previos[clave]
        motivo += "; se conserva la versión indexada anteriormente"
    resumen.omitidos.append(Omitido(clave, motivo))
    omitidos[clave] = {"sha256": sha256, "motivo": motivo}


def _entrada(archivo: _Archivo, documento, fragmentos: list[Fragmento]) -> dict:
    vigentes = [f for f in fragmentos if f.vigente]
    return {
        "sha256": archivo.sha256,
        "doc_id": documento.doc_id,
        "titulo": documento.titulo,
        "tipo": documento.tipo,
        "modulo": _modulo_unico(fragmentos),
        "fragmentos": len(fragmentos),
        "articulos": len({f.articulo for f in vigentes if f.articulo}),
        "derogados": len({f.articulo for f in vigentes if f.derogado}),
        "cargado": _ahora(),
        "avisos": list(documento.avisos),
    }


def _modulo_unico(fragmentos: list[Fragmento]) -> str:
    """El módulo del documento si todo él pertenece a uno (una norma); vacío si abarca varios (la guía)."""
    modulos = {f.modulo for f in fragmentos if f.modulo}
    return modulos.pop() if len(modulos) == 1 else ""


def _coleccion_nueva(cliente, version: int, modelo_nombre: str):
    nombre = nombre_coleccion(version)
    if nombre in versiones_existentes(cliente):
        cliente.delete_collection(nombre)  # restos de una ejecución interrumpida
    return cliente.create_collection(
        nombre, embedding_function=None, metadata={"hnsw:space": "cosine", "modelo": modelo_nombre, "version": version}
    )


def _paginas(coleccion):
    desde = 0
    while True:
        pagina = coleccion.get(include=["embeddings", "documents", "metadatas"], limit=PAGINA_CHROMA, offset=desde)
        if not pagina["ids"]:
            return
        yield pagina["ids"], [list(map(float, v)) for v in pagina["embeddings"]], pagina["documents"], pagina["metadatas"]
        desde += len(pagina["ids"])


def _asegurar_cache(configuracion: Configuracion, cliente, manifiesto: Manifiesto) -> None:
    if not (carpeta_cache(configuracion, manifiesto) / "listo").exists():
        from .abierto import IndiceAbierto

        IndiceAbierto._reconstruir_cache(cliente, manifiesto, carpeta_cache(configuracion, manifiesto))


def _informe_de_cambios(resumen: Resumen, nuevos: dict[str, list[Fragmento]], viejos: dict[str, list[Fragmento]], previos: dict) -> list[dict]:
    """Qué artículos o secciones cambiaron en cada documento, para saber qué volver a validar."""
    informe = []
    for clave in resumen.nuevos + resumen.modificados + resumen.eliminados:
        antes = _por_unidad(viejos.get(clave, []))
        despues = _por_unidad(nuevos.get(clave, []))
        fragmentos = nuevos.get(clave) or viejos.get(clave) or []
        informe.append(
            {
                "archivo": clave,
                "doc_id": fragmentos[0].doc_id if fragmentos else previos.get(clave, {}).get("doc_id", ""),
                "titulo": fragmentos[0].titulo if fragmentos else previos.get(clave, {}).get("titulo", ""),
                "estado": "nuevo" if clave in resumen.nuevos else "eliminado" if clave in resumen.eliminados else "modificado",
                "agregados": sorted(set(despues) - set(antes), key=_orden_natural),
                "modificados": sorted((u for u in set(antes) & set(despues) if antes[u] != despues[u]), key=_orden_natural),
                "eliminados": sorted(set(antes) - set(despues), key=_orden_natural),
            }
        )
    return informe


def _por_unidad(fragmentos: list[Fragmento]) -> dict[str, str]:
    """Texto vigente de cada artículo (o sección) de un documento."""
    unidades: dict[str, list[str]] = defaultdict(list)
    for f in sorted(fragmentos, key=lambda f: f.orden):
        if f.vigente:
            unidades[f.articulo or f.seccion or f.ruta].append(f.texto)
    return {u: "\n".join(t) for u, t in unidades.items()}


def _orden_natural(unidad: str):
    import re

    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", unidad)]


def _limpiar(configuracion: Configuracion, cliente, conservar: set[str]) -> None:
    """Borra versiones viejas (se conserva la anterior: un proceso puede seguir leyéndola)."""
    textos = {nombre_textos(c) for c in conservar if c}
    for nombre in versiones_existentes(cliente) + textos_existentes(cliente):
        if nombre not in conservar and nombre not in textos:
            try:
                cliente.delete_collection(nombre)
            except Exception:  # otra instancia pudo borrarla ya
                pass
    carpeta = configuracion.indice / "versiones"
    if carpeta.is_dir():
        for sub in carpeta.iterdir():
            if sub.name.split(".")[0] not in conservar:
                shutil.rmtree(sub, ignore_errors=True)


def _ahora() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")
