"""Modo servidor: el índice en un `chroma run` real, compartido por varios servidores de aplicación.

Cada «servidor de aplicación» es un `Asistente` con su propia carpeta local del índice
(la copia de textos y BM25); Chroma y el registro de la versión activa están en el servidor.
"""
from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, RAIZ, ServidorChroma, base_unica

from asistente import Asistente
from asistente.indexado.almacen import ErrorDeAlmacen, Registro, carpeta_cache, cliente_chroma, describir_almacen, version_activa
from asistente.configuracion import Configuracion
from asistente.corpus.fragmentacion.normas import clave_articulo
from asistente.indexado.indexador import actualizar
from asistente.indexado.abierto import IndiceAbierto, IndiceNoDisponible

LEYES = ("LEY-87-1993.md", "LEY-850-2003.md", "LEY-872-2003.md")
PREGUNTAS = [
    ("LEY-87-1993", "2", "¿Cuáles son los objetivos del sistema de control interno?"),
    ("LEY-850-2003", "1", "¿Qué es una veeduría ciudadana?"),
    ("LEY-872-2003", "1", "¿Para qué se crea el sistema de gestión de la calidad en las entidades públicas?"),
    ("guia", "Marco conceptual", "Según la guía, ¿qué es una política pública?"),
]
LEY_NUEVA = """---
titulo: "LEY 7001 DE 2020 - de prueba sobre planeación"
identificador: "LEY-7001-2020"
---

**Artículo 1°.** *Objeto*. Esta ley organiza los consejos de planeación del municipio.

**Artículo 2°.** *Plazo*. El alcalde presentará el plan al concejo dentro de los primeros cuatro (4) meses.
"""
_INTERVALO_REVISION = 2.0  # cada cuánto mira un Asistente si cambió la versión activa

en_servidor = pytest.mark.servidor_chroma


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, normativa) -> Path:
    """La guía, el catálogo y tres leyes cortas de ../shared/normativa."""
    carpeta = tmp_path_factory.mktemp("corpus-servidor")
    shutil.copytree(CORPUS / "guia", carpeta / "guia")
    shutil.copy(CORPUS / "catalogo.yaml", carpeta / "catalogo.yaml")
    for nombre in LEYES:
        shutil.copy(normativa / nombre, carpeta / nombre)
    return carpeta


@pytest.fixture(scope="module")
def en_el_servidor(tmp_path_factory, servidor_chroma, corpus) -> Configuracion:
    """Índice construido por el «servidor de aplicación 1» (que también corre el indexador)."""
    carpeta = tmp_path_factory.mktemp("app1")
    configuracion = Configuracion(corpus=(corpus,), indice=carpeta / "indice", datos=carpeta / "datos",
                                  chroma_url=servidor_chroma, chroma_base=base_unica())
    resumen = actualizar(configuracion)
    assert not resumen.omitidos and resumen.version == "v0001", resumen.omitidos
    return configuracion


def _otro_servidor(configuracion: Configuracion, carpeta: Path) -> Configuracion:
    """Otro servidor de aplicación: mismo Chroma y misma base, carpeta local vacía."""
    return dataclasses.replace(configuracion, indice=carpeta / "indice", datos=carpeta / "datos")


def _cita(respuesta, fuente: str, unidad: str) -> bool:
    for cita in (c.a_dict() for c in respuesta.citas):
        if fuente == "guia" and cita["doc_id"].startswith("guia") and cita["seccion"] == unidad:
            return True
        if cita["doc_id"] == fuente and clave_articulo(cita["articulo"] or "") == clave_articulo(unidad):
            return True
    return False


@en_servidor
def test_responde_con_el_indice_en_el_servidor(en_el_servidor):
    asistente = Asistente(en_el_servidor)
    for fuente, unidad, pregunta in PREGUNTAS:
        respuesta = asistente.responder(pregunta)
        assert not respuesta.abstencion and _cita(respuesta, fuente, unidad), (pregunta, [c.etiqueta for c in respuesta.citas])
        assert respuesta.version_indice == "v0001"
    assert asistente.responder("¿Quién ganó el último partido de la Selección Colombia?").abstencion
    assert not (en_el_servidor.indice / "chroma").exists()  # nada de Chroma embebido en modo servidor
    assert describir_almacen(en_el_servidor).startswith(f"servidor Chroma {en_el_servidor.chroma_url}")
    assert version_activa(en_el_servidor) == "v0001"


@en_servidor
def test_otro_servidor_de_aplicacion_con_la_carpeta_vacia_responde_igual(tmp_path, en_el_servidor):
    otro = _otro_servidor(en_el_servidor, tmp_path)
    assert not otro.indice.exists()
    primero, segundo = Asistente(en_el_servidor), Asistente(otro)
    for _, _, pregunta in PREGUNTAS:
        a, b = primero.responder(pregunta), segundo.responder(pregunta)
        assert (b.respuesta, [c.a_dict() for c in b.citas], b.version_indice) == (a.respuesta, [c.a_dict() for c in a.citas], a.version_indice)
    manifiesto = segundo.indice().manifiesto
    assert (carpeta_cache(otro, manifiesto) / "listo").exists()  # la copia local se derivó de Chroma


@en_servidor
def test_dos_indices_en_bases_distintas_del_mismo_servidor_no_se_ven(tmp_path, en_el_servidor):
    vecino = dataclasses.replace(_otro_servidor(en_el_servidor, tmp_path), chroma_base=base_unica())
    with pytest.raises(IndiceNoDisponible, match="El índice está vacío"):
        Asistente(vecino).responder("¿Qué es una veeduría ciudadana?")
    assert Registro(cliente_chroma(en_el_servidor)).leer().etiqueta == "v0001"
    # La misma colección «fragmentos-v0001» puede existir en cada base sin chocar.
    assert carpeta_cache(vecino, Registro(cliente_chroma(en_el_servidor)).leer()) != carpeta_cache(en_el_servidor, Registro(cliente_chroma(en_el_servidor)).leer())


@pytest.mark.lento
def test_servidor_inalcanzable_da_un_error_claro_en_espanol(tmp_path):
    from conftest import _puerto_libre

    url = f"http://127.0.0.1:{_puerto_libre()}"  # nadie escucha ahí
    configuracion = Configuracion(corpus=(CORPUS,), indice=tmp_path / "indice", datos=tmp_path / "datos", chroma_url=url)
    with pytest.raises(ErrorDeAlmacen, match=f"No se pudo conectar con el servidor de Chroma en {url}.*chroma run"):
        cliente_chroma(configuracion)
    with pytest.raises(IndiceNoDisponible, match="No se pudo conectar con el servidor de Chroma"):
        IndiceAbierto.abrir(configuracion)
    with pytest.raises(IndiceNoDisponible, match="No se pudo conectar"):
        Asistente(configuracion).responder("¿Qué es una veeduría ciudadana?")
    assert version_activa(configuracion) == ""
    proceso = subprocess.run([sys.executable, str(RAIZ / "indexar.py")], capture_output=True, text=True, timeout=300, cwd=RAIZ,
                             env={**_sin_chroma_del_entorno(), **configuracion.variables_de_entorno()})
    assert proceso.returncode == 1 and "No se pudo conectar con el servidor de Chroma" in proceso.stderr
    assert "Traceback" not in proceso.stderr


@pytest.mark.parametrize("url, mensaje", [("127.0.0.1:8000", "no es una URL válida"), ("ftp://x:1", "no es una URL válida"),
                                           ("http://127.0.0.1:99999", "puerto")])
def test_url_mal_escrita(tmp_path, url, mensaje):
    with pytest.raises(ErrorDeAlmacen, match=mensaje):
        cliente_chroma(Configuracion(indice=tmp_path, chroma_url=url))


@en_servidor
def test_nombre_de_base_invalido(tmp_path, servidor_chroma):
    with pytest.raises(ErrorDeAlmacen, match="rechazó la base «a b»"):
        cliente_chroma(Configuracion(indice=tmp_path, chroma_url=servidor_chroma, chroma_base="a b"))


@en_servidor
def test_el_servidor_se_cae_y_vuelve_vacio(tmp_path):
    """Caída: error claro; vuelta con la carpeta de datos vacía: la base se recrea sola y el índice dice que está vacío."""
    try:
        servidor = ServidorChroma(tmp_path / "chroma-1")
    except RuntimeError as error:
        pytest.skip(str(error))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "LEY-7001-2020.md").write_text(LEY_NUEVA, encoding="utf-8")
    configuracion = Configuracion(corpus=(corpus,), indice=tmp_path / "indice", datos=tmp_path / "datos",
                                  chroma_url=servidor.url, chroma_base=base_unica())
    try:
        assert actualizar(configuracion).version == "v0001"
        registro = Registro(cliente_chroma(configuracion))
        servidor.detener()
        with pytest.raises(ErrorDeAlmacen, match="No se pudo conectar con el servidor de Chroma"):
            registro.leer()
        servidor = ServidorChroma(tmp_path / "chroma-2", puerto=servidor.puerto)
        assert Registro(cliente_chroma(configuracion)).leer() is None
        assert actualizar(configuracion).version == "v0001"  # se reconstruye; la copia local vieja no se confunde con esta
        respuesta = Asistente(configuracion).responder("¿En qué plazo presenta el alcalde el plan al concejo?")
        assert "cuatro (4) meses" in respuesta.respuesta
    finally:
        servidor.detener()


@en_servidor
def test_una_actualizacion_por_un_servidor_la_ve_el_otro(tmp_path, en_el_servidor, corpus):
    """Va al final: agrega una ley al corpus del módulo."""
    primero, segundo = Asistente(en_el_servidor), Asistente(_otro_servidor(en_el_servidor, tmp_path))
    pregunta = "¿En qué plazo presenta el alcalde el plan al concejo?"
    assert segundo.responder(pregunta).version_indice == "v0001"
    (corpus / "LEY-7001-2020.md").write_text(LEY_NUEVA, encoding="utf-8")
    resumen = actualizar(en_el_servidor)
    assert (resumen.version, resumen.nuevos) == ("v0002", [str(corpus / "LEY-7001-2020.md")])
    time.sleep(_INTERVALO_REVISION + 0.2)
    for asistente in (segundo, primero):
        respuesta = asistente.responder(pregunta)
        assert respuesta.version_indice == "v0002" and "cuatro (4) meses" in respuesta.respuesta
        assert _cita(respuesta, "LEY-7001-2020", "2")


def _sin_chroma_del_entorno() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("ASISTENTE_")}
