"""La biblioteca crece: los seis decretos y el acto legislativo de ../shared/ampliacion.

Sobre el índice completo (que ya los lleva): preguntar por cada norma nueva por su número, por
su alias y por su tema la cita con la etiqueta, el artículo y el módulo correctos. Aparte, en
índices pequeños: agregar las siete a un índice existente solo las agrega (informe de cambios),
y un decreto subido como PDF por el personal se indexa con sus artículos bien etiquetados.
"""
from __future__ import annotations

import time

import pytest
from documentos_de_prueba import pdf_desde_markdown

from asistente.configuracion import Configuracion
from asistente.indexado.indexador import actualizar

SIETE = {
    "DECRETO-111-1996": "Decreto 111 de 1996",
    "DECRETO-19-2012": "Decreto 19 de 2012",
    "DECRETO-2482-2012": "Decreto 2482 de 2012",
    "DECRETO-2641-2012": "Decreto 2641 de 2012",
    "DECRETO-943-2014": "Decreto 943 de 2014",
    "DECRETO-28-2008": "Decreto 28 de 2008",
    "ACTO-LEGISLATIVO-5-2011": "Acto Legislativo 5 de 2011",
}

# (pregunta, doc_id, comienzo de la etiqueta de la primera fuente, módulo, comienzo de la directa)
POR_NUMERO_ALIAS_Y_TEMA = [
    # por número, como lo escriben los funcionarios
    ("¿Qué dice el decreto 111 sobre el principio de anualidad?", "DECRETO-111-1996",
     "Decreto 111 de 1996, art. 12", "Plan de Desarrollo Territorial", "Según el Decreto 111 de 1996, art. 12"),
    ("Según el decreto ley 019, ¿se pueden exigir fotocopias de documentos que reposan en la entidad?", "DECRETO-19-2012",
     "Decreto 19 de 2012, art. 9", "MIPG", "Según el Decreto 19 de 2012, art. 9"),
    ("¿Qué dice el decreto 2482 sobre las políticas de desarrollo administrativo?", "DECRETO-2482-2012",
     "Decreto 2482 de 2012, art. 3", "MIPG", "Según el Decreto 2482 de 2012, art. 3"),
    ("¿Cada cuánto se hace el seguimiento al gasto del SGP según el decreto 28 de 2008?", "DECRETO-28-2008",
     "Decreto 28 de 2008, art.", "Plan de Desarrollo Territorial", "Según el Decreto 28 de 2008, art."),
    # por alias
    ("¿Cuáles son los principios del sistema presupuestal según el estatuto orgánico de presupuesto?", "DECRETO-111-1996",
     "Decreto 111 de 1996, art. 12", "Plan de Desarrollo Territorial", "Según el Decreto 111 de 1996, art. 12"),
    ("¿Qué dice el acto legislativo de regalías sobre el Fondo de Ahorro y Estabilización?", "ACTO-LEGISLATIVO-5-2011",
     "Acto Legislativo 5 de 2011, art. 2, que modifica el art. 361 de la Constitución", "Plan de Desarrollo Territorial",
     "Según el Acto Legislativo 5 de 2011, art. 2"),
    # por tema (el ejemplo del issue: antes se negaba por una ley de regalías no cargada)
    ("¿Qué norma constitucional creó el Sistema General de Regalías?", "ACTO-LEGISLATIVO-5-2011",
     "Acto Legislativo 5 de 2011, art. 2, que modifica el art. 361 de la Constitución", "Plan de Desarrollo Territorial",
     "Según el Acto Legislativo 5 de 2011, art. 2"),
    ("¿Qué decreto adoptó el Modelo Integrado de Planeación y Gestión?", "DECRETO-2482-2012",
     "Decreto 2482 de 2012, art. 2", "MIPG", "Según el Decreto 2482 de 2012, art. 2"),
    # de qué trata la norma: su título
    ("¿Qué regula el decreto 28?", "DECRETO-28-2008", "Decreto 28 de 2008, encabezado", "Plan de Desarrollo Territorial",
     "Según el Decreto 28 de 2008, encabezado: «por medio del cual se define la estrategia de monitoreo"),
    ("¿De qué trata el acto legislativo de regalías?", "ACTO-LEGISLATIVO-5-2011", "Acto Legislativo 5 de 2011, encabezado",
     "Plan de Desarrollo Territorial", "Según el Acto Legislativo 5 de 2011, encabezado: «Por el cual se constituye el Sistema General de Regalías"),
    # un artículo de la Constitución (no cargada): lo trae el artículo que lo reescribe
    ("¿Qué dice el artículo 361 de la Constitución sobre los ingresos del Sistema General de Regalías?", "ACTO-LEGISLATIVO-5-2011",
     "Acto Legislativo 5 de 2011, art. 2, que modifica el art. 361 de la Constitución", "Plan de Desarrollo Territorial",
     "Según el Acto Legislativo 5 de 2011, art. 2"),
]


@pytest.mark.parametrize("pregunta,doc_id,etiqueta,modulo,directa", POR_NUMERO_ALIAS_Y_TEMA, ids=[p[0][:40] for p in POR_NUMERO_ALIAS_Y_TEMA])
def test_cada_norma_nueva_se_cita_con_su_etiqueta_articulo_y_modulo(asistente_ampliado, pregunta, doc_id, etiqueta, modulo, directa):
    respuesta = asistente_ampliado.responder(pregunta)
    assert not respuesta.abstencion, respuesta.respuesta
    primera = respuesta.citas[0]
    assert primera.fragmento.doc_id == doc_id, respuesta.respuesta
    assert primera.etiqueta.startswith(etiqueta) and f"({modulo})" in primera.etiqueta, primera.etiqueta
    assert respuesta.directa.startswith(directa), respuesta.directa
    assert "Según la Decreto" not in respuesta.respuesta and "Según la Acto" not in respuesta.respuesta


def test_una_norma_vecina_no_cargada_sigue_nombrandose(asistente_ampliado):
    """La asignación para la paz la creó el Acto Legislativo 4 de 2017, que no está cargado."""
    respuesta = asistente_ampliado.responder("¿Qué porcentaje de las regalías va para la asignación para la paz?")
    assert respuesta.abstencion and "Acto Legislativo 4 de 2017" in respuesta.respuesta


def test_los_considerandos_de_un_decreto_no_le_quitan_el_puesto_a_sus_articulos(asistente_ampliado):
    """El encabezado del Decreto 2641 de 2012 (siete fragmentos de considerandos que repiten la Ley
    1474) no es texto normativo: va después de los artículos."""
    respuesta = asistente_ampliado.responder("¿quién consolida el plan anticorrupción según el decreto 2641 de 2012?")
    assert not respuesta.abstencion, respuesta.respuesta
    etiquetas = [c.etiqueta for c in respuesta.citas[:5]]
    assert etiquetas[0].startswith("Decreto 2641 de 2012, art. 4"), etiquetas
    assert not any("encabezado" in e for e in etiquetas), etiquetas
    assert "oficina de planeación" in respuesta.directa, respuesta.directa


def test_un_sistema_en_una_version_que_ninguna_norma_nombra_no_se_responde(asistente_ampliado):
    """El Decreto 19 de 2012 nombra el SECOP, pero ningún documento cargado habla del SECOP II:
    antes se respondía con la hoja de vida de los contratistas (art. 227)."""
    indice = asistente_ampliado.indice()
    assert indice.conoce("SECOP") and not indice.conoce("SECOP II")
    assert indice.conoce("Título II") and indice.conoce("Sistema General de Regalías")
    respuesta = asistente_ampliado.responder("¿Cómo se crea el usuario de la entidad en el SECOP II y quién lo administra?")
    assert respuesta.abstencion and "«SECOP II»" in respuesta.respuesta, respuesta.respuesta
    # El sistema sin versión sí se responde con lo que dicen las normas.
    assert not asistente_ampliado.responder("¿En qué plataforma se publican los contratos, el SECOP?").abstencion


@pytest.mark.lento
def test_agregar_las_siete_a_un_indice_existente_solo_las_agrega(tmp_path, normativa, ampliacion):
    """Un índice con una ley; se agrega la carpeta de la ampliación: siete nuevas, lo demás intacto."""
    base = tmp_path / "base"
    base.mkdir()
    (base / "LEY-152-1994.md").write_bytes((normativa / "LEY-152-1994.md").read_bytes())
    configuracion = Configuracion(corpus=(base,), indice=tmp_path / "indice", datos=tmp_path / "datos")
    primero = actualizar(configuracion)

    from dataclasses import replace

    resumen = actualizar(replace(configuracion, corpus=(base, ampliacion)))
    nuevos = {c["doc_id"]: c for c in resumen.cambios if c["estado"] == "nuevo"}
    assert set(nuevos) == set(SIETE), resumen.cambios
    assert {c["doc_id"]: c["titulo"] for c in nuevos.values()} == SIETE
    assert [c for c in resumen.cambios if c["estado"] != "nuevo"] == []  # la ley 152 no se tocó
    assert resumen.modificados == [] and resumen.eliminados == [] and not resumen.omitidos and len(resumen.sin_cambios) == 1
    # Los artículos nuevos, por norma (el acto legislativo: sus tres artículos, no los de la Constitución).
    assert nuevos["ACTO-LEGISLATIVO-5-2011"]["agregados"] == ["1", "2", "3", "Encabezado"]
    assert len(nuevos["DECRETO-111-1996"]["agregados"]) == 128  # 127 artículos y el encabezado
    # Solo se embebieron los fragmentos de las siete; los de la ley 152 se reutilizaron.
    assert resumen.fragmentos - primero.fragmentos >= resumen.embebidos > 0


def test_un_decreto_subido_en_pdf_por_el_personal_se_indexa_con_sus_articulos(servicio_personal, ampliacion, tmp_path, monkeypatch):
    from asistente.web.pestana_indice import PestanaIndice

    subidos = tmp_path / "subidos"
    subidos.mkdir()
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(subidos))
    pdf = pdf_desde_markdown(ampliacion / "DECRETO-943-2014.md", subidos / "DECRETO-943-2014.pdf")

    servicio = servicio_personal
    pestana = PestanaIndice(servicio)
    assert "Se cargó «DECRETO-943-2014.pdf»" in pestana.cargar([str(pdf)], "ana")
    assert pestana.actualizar("ana")[0] and servicio.actualizacion.esperar(300)
    informe = servicio.actualizacion.ultimo
    assert informe["estado"] == "ok", informe
    cambio = next(c for c in informe["cambios"] if c["doc_id"] == "DECRETO-943-2014")
    assert cambio["estado"] == "nuevo" and cambio["titulo"] == "Decreto 943 de 2014"
    assert cambio["agregados"] == ["1", "2", "3", "4", "5", "Encabezado"]

    time.sleep(2.1)  # el Asistente revisa la versión activa cada 2 s
    respuesta = servicio.asistente.responder(
        "¿Qué elementos se tienen en cuenta para la implementación del modelo actualizado?", documento="DECRETO-943-2014")
    assert not respuesta.abstencion, respuesta.respuesta
    etiqueta = respuesta.citas[0].etiqueta
    assert etiqueta.startswith("Decreto 943 de 2014, art. 4 (MIPG), pág. "), etiqueta
    assert respuesta.directa.startswith("Según el Decreto 943 de 2014, art. 4")
