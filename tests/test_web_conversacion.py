"""Turnos del chat y puesta en marcha con objetos reales: respuestas, avisos legibles y recuperación.

Índices pequeños construidos aquí (una ley de prueba): nada se simula del núcleo.
"""
from __future__ import annotations

import pytest

from conftest import PREGUNTA, configuracion_pequena

from asistente import Asistente
from asistente.configuracion import Configuracion
from asistente.indexado.etapas import Etapa
from asistente.indexado.indexador import actualizar
from asistente.web.conversacion import ERROR_INTERNO, Turno, atender
from asistente.web.preparacion import ETAPAS, Preparacion
from asistente.web.presentacion import mensajes, panel_de_fuentes


@pytest.fixture(scope="module")
def configuracion(tmp_path_factory) -> Configuracion:
    configuracion = configuracion_pequena(tmp_path_factory.mktemp("web-pequeno"))
    actualizar(configuracion)
    return configuracion


def test_un_turno_normal_cita_y_se_dibuja(configuracion):
    turno = atender(Asistente(configuracion), PREGUNTA, [])
    assert not turno.fallido and not turno.respuesta.abstencion
    assert "cuatro (4) meses" in turno.respuesta.cuerpo and turno.respuesta.version_indice == "v0001"
    assert "**\\[1\\]**" in mensajes([turno])[1]["content"]
    assert "<mark>El alcalde presentará el plan al concejo dentro de los primeros cuatro (4) meses.</mark>" in panel_de_fuentes(turno)


def test_pregunta_demasiado_larga_o_vacia_da_un_aviso_y_no_cuenta_como_contexto(configuracion):
    asistente = Asistente(configuracion)
    larga = atender(asistente, "¿plazo? " + "x" * 1200, [])
    assert larga.fallido and "demasiado larga" in larga.texto
    assert mensajes([larga])[1]["content"].startswith("**Aviso:** La pregunta es demasiado larga")
    vacia = atender(asistente, "   ", [])
    assert vacia.fallido and vacia.texto
    # Un seguimiento después de un aviso sigue funcionando: los turnos fallidos no se pasan como historial.
    despues = atender(asistente, PREGUNTA, [larga, vacia])
    assert not despues.fallido and "cuatro (4) meses" in despues.respuesta.cuerpo


def test_el_filtro_de_modulo_llega_a_la_busqueda(configuracion):
    # La ley de prueba no pertenece a ningún módulo del catálogo: filtrando por uno, no hay evidencia.
    turno = atender(Asistente(configuracion), PREGUNTA, [], modulo="2")
    assert not turno.fallido and turno.respuesta.abstencion and turno.respuesta.cuerpo.startswith("No encuentro")


def test_modulo_desconocido_da_un_aviso(configuracion):
    turno = atender(Asistente(configuracion), PREGUNTA, [], modulo="Módulo 9")
    assert turno.fallido and turno.respuesta is None and "No conozco el módulo «Módulo 9»" in turno.aviso


@pytest.mark.lento
def test_indice_vacio_da_un_aviso_legible(tmp_path):
    turno = atender(Asistente(Configuracion(corpus=(tmp_path,), indice=tmp_path / "indice", datos=tmp_path / "datos")), PREGUNTA, [])
    assert turno.fallido and turno.aviso.startswith("No puedo responder todavía: El índice está vacío")


def test_un_error_interno_da_un_aviso_y_el_asistente_se_recupera(tmp_path, configuracion, caplog):
    import shutil

    copia = Configuracion(corpus=configuracion.corpus, indice=tmp_path / "indice", datos=tmp_path / "datos")
    shutil.copytree(configuracion.indice, copia.indice)
    copia_local = next(copia.indice.rglob("fragmentos.jsonl"))
    copia_local.write_text('{"id": "roto", "texto": ', encoding="utf-8")  # la copia local quedó dañada
    asistente = Asistente(copia)

    fallido = atender(asistente, PREGUNTA, [])
    assert fallido.fallido and fallido.aviso == ERROR_INTERNO
    assert "Error al responder" in caplog.text  # el detalle técnico va al registro, no a la página

    (copia_local.parent / "listo").unlink()  # sin la marca, el índice rehace su copia desde Chroma
    recuperado = atender(asistente, PREGUNTA, [fallido])
    assert not recuperado.fallido and "cuatro (4) meses" in recuperado.respuesta.cuerpo


@pytest.mark.lento
def test_preparacion_construye_el_indice_que_falta_e_informa_el_avance(tmp_path):
    configuracion = configuracion_pequena(tmp_path)
    preparacion = Preparacion(Asistente(configuracion))
    assert not preparacion.terminado and preparacion.descripcion() == "Cargando el modelo y el índice…"
    etapas = []
    avanzar = preparacion._avanzar

    def registrar(etapa, hechos, total):
        avanzar(etapa, hechos, total)
        etapas.append((etapa, preparacion.descripcion(), preparacion.porcentaje))

    preparacion._avanzar = registrar
    assert preparacion.iniciar().esperar(300)
    assert preparacion.listo and not preparacion.error and preparacion.descripcion() == "El asistente está listo."
    nombres = [e for e, _, _ in etapas]
    assert nombres[0] == Etapa.LEYENDO and Etapa.EMBEBIENDO in nombres and nombres[-1] == Etapa.LISTO
    assert all(n in set(Etapa) and n in ETAPAS for n in nombres)  # el indexador solo usa etapas con nombre en la página
    embebiendo = next(d for e, d, _ in etapas if e == "embebiendo")
    assert embebiendo.startswith("Construyendo el índice por primera vez. Calculando los vectores de búsqueda: ")
    assert all(p is None or 0 <= p <= 100 for _, _, p in etapas)
    assert atender(preparacion.asistente, PREGUNTA, []).respuesta.version_indice == "v0001"


@pytest.mark.lento
def test_preparacion_sin_indice_ni_permiso_para_indexar_o_sin_corpus_informa_el_motivo(tmp_path):
    configuracion = Configuracion(corpus=(tmp_path / "corpus",), indice=tmp_path / "i1", datos=tmp_path / "d")
    sin_indexar = Preparacion(Asistente(configuracion), indexar_si_falta=False)
    assert sin_indexar.iniciar().esperar(120) and not sin_indexar.listo
    assert sin_indexar.descripcion().startswith("El asistente no pudo prepararse: El índice está vacío")
    sin_indexar.revisar()
    assert sin_indexar.error  # sigue sin índice
    configuracion_pequena(tmp_path)  # escribe la ley en tmp_path/corpus
    actualizar(configuracion)  # alguien (p. ej. el personal) construye el índice
    sin_indexar.revisar()
    assert sin_indexar.listo and not sin_indexar.error
    sin_corpus = Preparacion(Asistente(Configuracion(corpus=(tmp_path / "no-existe",), indice=tmp_path / "i2", datos=tmp_path / "d")))
    assert sin_corpus.iniciar().esperar(120) and "La carpeta del corpus no existe" in sin_corpus.error


def test_construir_chat_arma_la_pagina_con_sus_controles(configuracion, tmp_path):
    import gradio as gr

    from asistente.personal.opiniones import Opiniones
    from asistente.web.chat import construir_chat

    pagina = construir_chat(Asistente(configuracion), Opiniones(tmp_path / "o.sqlite3"))
    assert isinstance(pagina, gr.Blocks)
    ids = {b.elem_id for b in pagina.blocks.values() if getattr(b, "elem_id", None)}
    assert {"chat", "pregunta", "enviar", "fuentes", "filtro-modulo", "nueva", "copiar", "descargar", "comentario-opinion"} <= ids
    filtro = next(b for b in pagina.blocks.values() if getattr(b, "elem_id", None) == "filtro-modulo")
    assert [valor for _, valor in filtro.choices] == ["", "1", "2", "3"]
    assert pagina.title.startswith("Asistente de la Guía")
    # Ningún evento queda expuesto como API pública.
    assert all(d.api_visibility != "public" for d in pagina.fns.values())


def test_turno_sin_respuesta_expone_su_aviso_como_texto():
    assert Turno("p", aviso="No puedo responder todavía: x").texto == "No puedo responder todavía: x"
