"""Pestaña «Índice» del personal por sus funciones (sin navegador): cargas, retiros, actualización e informe.

Las reglas de cada archivo (tipo, tamaño, nombres) las prueba test_cargas.py; aquí, que la
pestaña las use sobre la carpeta de cargas, que anote todo en la auditoría y que la
actualización corra en segundo plano con su informe de cambios.
"""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from filelock import FileLock
from conftest import LEY, PREGUNTA

from asistente.indexado.almacen import Registro, cliente_chroma
from asistente.indexado.indexador import actualizar
from asistente.personal.actualizacion import Actualizacion
from asistente.personal.auditoria import ACTUALIZACION_INDICE, CARGA, CARGA_RECHAZADA, ELIMINACION
from asistente.personal.documentos import RETIRO_RECHAZADO
from asistente.web.pestana_indice import SOLO_CONSULTA, PestanaIndice
from asistente.calidad.conjunto import Pregunta

LEY_NUEVA = LEY.replace("7001-2020", "7003-2022").replace("7001 DE 2020", "7003 DE 2022").replace("consejos de planeación", "comités de archivo")


@pytest.fixture(autouse=True)
def carpeta_de_subidas_de_gradio(tmp_path, monkeypatch):
    """Las subidas de estas pruebas van donde Gradio guarda las del navegador: la única carpeta admitida."""
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "subidos"))
    return tmp_path / "subidos"


def _archivo(carpeta, nombre: str, texto: str):
    ruta = carpeta / nombre
    ruta.parent.mkdir(parents=True, exist_ok=True)
    ruta.write_text(texto, encoding="utf-8")
    return ruta


def _acciones(servicio) -> list[tuple[str, str]]:
    return [(e.usuario, e.accion) for e in reversed(servicio.auditoria.listar())]


def test_cargar_y_retirar_solo_en_la_carpeta_de_cargas_y_todo_queda_en_la_auditoria(servicio_personal, tmp_path):
    servicio = servicio_personal
    pestana = PestanaIndice(servicio)
    cargas = servicio.configuracion.carpeta_cargas
    subidos = tmp_path / "subidos"

    html = pestana.cargar([_archivo(subidos, "LEY-7003-2022.md", LEY_NUEVA)], "ana")
    assert "Se cargó «LEY-7003-2022.md»" in html and "cuando se actualice el índice" in html
    assert (cargas / "LEY-7003-2022.md").read_text(encoding="utf-8") == LEY_NUEVA
    assert pestana.cargados() == ["LEY-7003-2022.md"]
    assert not (subidos / "LEY-7003-2022.md").exists()  # la copia temporal de Gradio no queda

    # Rechazos: mismo contenido otra vez, la ley del corpus base (ya indexada) con otro nombre, y un «PDF» que es texto.
    otra_vez = pestana.cargar([str(_archivo(subidos / "b", "copia.md", LEY_NUEVA))], "ana")
    assert "ya está cargado" in otra_vez
    duplicada = pestana.cargar([_archivo(subidos, "ley-base.md", LEY)], "ana")
    assert "Este contenido ya está cargado como «LEY-7001-2020.md»" in duplicada
    falso = pestana.cargar([_archivo(subidos, "informe.pdf", "no soy un PDF")], "ana")
    assert "no coincide con el contenido" in falso and "&lt;" not in falso.replace("&lt;/", "")
    assert pestana.cargados() == ["LEY-7003-2022.md"]  # ningún rechazo escribió nada
    assert pestana.cargar([], "ana").startswith('<p class="p-tenue">Elija')

    # Retirar: nada fuera de la carpeta de cargas (la ley del corpus base sigue), y sí lo cargado.
    fuera = pestana.retirar("../../corpus/LEY-7001-2020.md", "ana")
    assert "fuera de la carpeta" in fuera and (servicio.configuracion.corpus[0] / "LEY-7001-2020.md").exists()
    retirada = pestana.retirar("LEY-7003-2022.md", "luis")
    assert "Se retiró «LEY-7003-2022.md»" in retirada and not (cargas / "LEY-7003-2022.md").exists()
    assert pestana.cargados() == []

    assert _acciones(servicio) == [
        ("ana", CARGA), ("ana", CARGA_RECHAZADA), ("ana", CARGA_RECHAZADA), ("ana", CARGA_RECHAZADA),
        ("ana", RETIRO_RECHAZADO), ("luis", ELIMINACION),
    ]
    evento = servicio.auditoria.listar(accion=CARGA)[0]
    assert evento.detalle["nombre"] == "LEY-7003-2022.md" and evento.version_indice == "v0001" and evento.detalle["sha256"]
    bitacora = pestana.bitacora()
    assert "Retiro de documento" in bitacora and "Carga rechazada" in bitacora and "luis" in bitacora

    # Un servidor que solo consulta (ASISTENTE_GESTIONA_INDICE=0) no carga, no retira ni actualiza.
    servicio.configuracion = replace(servicio.configuracion, gestiona_indice=False)
    consulta = PestanaIndice(servicio)
    assert SOLO_CONSULTA.split(":")[0] in consulta.cargar([_archivo(subidos, "LEY-7004-2023.md", LEY_NUEVA)], "ana")
    assert consulta.actualizar("ana") == (False, SOLO_CONSULTA) and pestana.cargados() == []


def test_solo_se_carga_lo_que_esta_en_la_carpeta_de_subidas_de_gradio(servicio_personal, tmp_path):
    """Un evento fabricado con la ruta de cualquier archivo del servidor no lo copia al corpus (ni lo borra)."""
    servicio = servicio_personal
    pestana = PestanaIndice(servicio)
    secreto = _archivo(tmp_path / "fuera", "secreto.md", "# Secreto\n\nclave del servidor\n")
    enlace = tmp_path / "subidos" / "abc" / "enlace.md"
    enlace.parent.mkdir(parents=True)
    enlace.symlink_to(secreto)
    eventos = [
        {"path": str(secreto), "orig_name": "secreto.md", "meta": {"_type": "gradio.FileData"}},
        {"path": str(tmp_path / "subidos" / ".." / "fuera" / "secreto.md"), "orig_name": "atajo.md"},
        {"path": str(enlace), "orig_name": "enlace.md"},
        {"path": "http://127.0.0.1:9/ley.md", "orig_name": "remoto.md"},
        {"path": str(tmp_path / "subidos"), "orig_name": "carpeta.md"},
        {"orig_name": "sin-ruta.md"},
    ]
    html = pestana.cargar(eventos, "ana")
    for nombre in ("secreto.md", "atajo.md", "enlace.md", "remoto.md", "carpeta.md", "sin-ruta.md"):
        assert f"«{nombre}» no llegó por la carga de esta página" in html
    assert pestana.cargados() == [] and not any(servicio.configuracion.carpeta_cargas.iterdir())
    assert secreto.read_text(encoding="utf-8").startswith("# Secreto")  # ni leído ni borrado
    assert _acciones(servicio) == [("ana", CARGA_RECHAZADA)] * len(eventos)

    # Lo que sí subió el navegador (un dict de Gradio con su nombre original) entra con ese nombre.
    subido = _archivo(tmp_path / "subidos" / "f00d", "tmpx1.md", LEY_NUEVA)
    html = pestana.cargar([{"path": str(subido), "orig_name": "LEY-7003-2022.md"}], "ana")
    assert "Se cargó «LEY-7003-2022.md»" in html and not subido.exists() and not subido.parent.exists()


def test_actualizar_en_segundo_plano_con_informe_de_cambios_y_preguntas_afectadas(servicio_personal, tmp_path):
    servicio = servicio_personal
    preguntas = [
        Pregunta("t-1", PREGUNTA, True, "LEY-7003-2022", "2", hechos=["cuatro (4) meses"]),
        Pregunta("t-2", "¿Y quién evalúa?", True, "LEY-7003-2022", "3", hechos=["cada año"], previa="t-1"),
        Pregunta("t-3", "¿Qué organiza la ley?", True, "LEY-7001-2020", "1", hechos=["consejos"]),
    ]
    servicio.actualizacion = Actualizacion(servicio.configuracion, servicio.auditoria, preguntas=lambda: preguntas)
    pestana = PestanaIndice(servicio)
    assert "v0001" in pestana.estado() and "Ley 7001 de 2020" in pestana.estado()
    assert "Todavía no se ha actualizado" in pestana.informe()

    # 1. Una ley nueva: se inicia, un segundo clic avisa que ya hay una en curso, y al final el informe.
    pestana.cargar([_archivo(tmp_path / "subidos", "LEY-7003-2022.md", LEY_NUEVA)], "ana")
    assert pestana.actualizar("ana")[0]
    repetida, aviso = pestana.actualizar("luis")
    assert not repetida and aviso.startswith("Ya hay una actualización en curso (la inició ana")
    assert "Actualizando el índice (la inició ana" in pestana.avance() or not servicio.actualizacion.en_curso
    assert servicio.actualizacion.esperar(120)
    assert pestana.avance() == ""
    informe = servicio.actualizacion.ultimo
    assert informe["estado"] == "ok" and informe["version"] == "v0002" and informe["nuevos"] == 1
    assert [(c["doc_id"], c["estado"]) for c in informe["cambios"]] == [("LEY-7003-2022", "nuevo")]
    html = pestana.informe()
    assert "Informe de cambios · versión v0002" in html and "Ley 7003 de 2022" in html and "art. 1, 2, 3" in html
    assert "v0002" in pestana.estado() and "carga del personal" in pestana.estado()

    # 2. Cambia el texto de un artículo: el informe nombra la ley, el artículo y las preguntas que lo citan.
    (servicio.configuracion.carpeta_cargas / "LEY-7003-2022.md").write_text(
        LEY_NUEVA.replace("cuatro (4) meses", "seis (6) meses"), encoding="utf-8")
    inicio = time.perf_counter()
    assert pestana.actualizar("ana")[0] and servicio.actualizacion.esperar(120)
    print(f"\nActualización de una ley cambiada (índice pequeño): {time.perf_counter() - inicio:.1f} s")
    informe = servicio.actualizacion.ultimo
    assert informe["cambios"] == [{
        "archivo": str(servicio.configuracion.carpeta_cargas / "LEY-7003-2022.md"), "doc_id": "LEY-7003-2022",
        "titulo": "Ley 7003 de 2022", "estado": "modificado",
        "agregados": [], "modificados": ["2"], "eliminados": [],
    }]
    assert [(a["id"], a["cambio"]) for a in informe["afectadas"]] == [("t-1", "modificado"), ("t-2", "seguimiento")]
    html = pestana.informe()
    assert "<td>art. 2</td>" in html and "t-1" in html and "t-2" in html and "t-3" not in html
    # La auditoría guarda quién, la versión y el mismo informe; otro proceso lo puede mostrar.
    evento = servicio.auditoria.listar(accion=ACTUALIZACION_INDICE)[0]
    assert evento.usuario == "ana" and evento.version_indice == "v0003" and evento.detalle["afectadas"][0]["id"] == "t-1"
    assert PestanaIndice(replace_actualizacion(servicio)).informe() == html
    time.sleep(2.1)  # el Asistente revisa la versión activa cada 2 s y cambia solo
    respuesta = servicio.asistente.responder(PREGUNTA, documento="LEY-7003-2022")
    assert respuesta.version_indice == "v0003" and "seis (6) meses" in respuesta.respuesta

    # 3. Otro proceso tiene el cerrojo del índice (p. ej. «python indexar.py»): se informa, nada cambia.
    with FileLock(str(servicio.configuracion.indice / ".indexando.lock")):
        assert pestana.actualizar("luis")[0] and servicio.actualizacion.esperar(60)
    informe = servicio.actualizacion.ultimo
    assert informe["estado"] == "ocupado" and "Otro proceso está actualizando el índice" in informe["mensaje"]
    assert "no se hizo" in pestana.informe() and servicio.asistente.version_indice == "v0003"
    assert [e.detalle["estado"] for e in servicio.auditoria.listar(accion=ACTUALIZACION_INDICE)] == ["ocupado", "ok", "ok"]


def test_una_actualizacion_desmesurada_se_detiene_y_el_chat_sigue_respondiendo(servicio_personal, tmp_path):
    """La actualización de la web corre en otro proceso con techos de memoria y de tiempo."""
    from test_indexador_limites import BOMBA_DE_ALIAS

    from asistente.web.conversacion import atender

    servicio = servicio_personal
    pestana = PestanaIndice(servicio)

    # 1. La bomba de alias subida por el personal: se omite con su motivo y el resto se indexa.
    pestana.cargar([_archivo(tmp_path / "subidos", "bomba.md", BOMBA_DE_ALIAS)], "ana")
    pestana.cargar([_archivo(tmp_path / "subidos", "LEY-7003-2022.md", LEY_NUEVA)], "ana")
    assert pestana.actualizar("ana")[0]
    turno = atender(servicio.asistente, PREGUNTA, [])  # el chat responde mientras tanto
    assert not turno.fallido and "cuatro (4) meses" in turno.respuesta.respuesta
    assert servicio.actualizacion.esperar(120)
    informe = servicio.actualizacion.ultimo
    assert informe["estado"] == "ok" and informe["version"] == "v0002", informe
    assert [Path(o["archivo"]).name for o in informe["omitidos"]] == ["bomba.md"]
    assert "alias de YAML" in informe["omitidos"][0]["motivo"]

    # 2. Un proceso que pasa el techo de memoria o de tiempo se mata; el índice activo no cambia.
    (servicio.configuracion.carpeta_cargas / "LEY-7003-2022.md").write_text(LEY_NUEVA.replace("cada año", "cada mes"), encoding="utf-8")
    for cambio, motivo in (({"actualizacion_memoria": 40 * 1024 * 1024}, "usó más de 40 MB de memoria"),
                           ({"actualizacion_segundos": 0.3}, "tardó más de")):
        servicio.actualizacion = Actualizacion(replace(servicio.configuracion, **cambio), servicio.auditoria)
        pestana = PestanaIndice(servicio)
        assert pestana.actualizar("luis")[0] and servicio.actualizacion.esperar(120)
        informe = servicio.actualizacion.ultimo
        assert informe["estado"] == "error" and motivo in informe["mensaje"], informe
        assert "El índice activo no cambió" in informe["mensaje"] and "no se hizo" in pestana.informe()
        turno = atender(servicio.asistente, PREGUNTA, [])
        assert not turno.fallido and Registro(cliente_chroma(servicio.configuracion)).leer().etiqueta == "v0002"

    # 3. Sin techo que lo detenga, la misma actualización se completa (nada quedó a medias).
    servicio.actualizacion = Actualizacion(servicio.configuracion, servicio.auditoria)
    assert PestanaIndice(servicio).actualizar("luis")[0] and servicio.actualizacion.esperar(120)
    assert servicio.actualizacion.ultimo["version"] == "v0003"


def replace_actualizacion(servicio):
    """El mismo servicio con una `Actualizacion` recién creada (como otro proceso o tras reiniciar)."""
    otro = replace(servicio)
    otro.actualizacion = Actualizacion(servicio.configuracion, servicio.auditoria)
    return otro


@pytest.mark.lento
def test_la_carpeta_de_cargas_es_parte_del_corpus_que_indexa_la_web(tmp_path):
    from conftest import configuracion_pequena

    base = configuracion_pequena(tmp_path)
    assert base.carpeta_cargas == tmp_path / "datos" / "cargas"
    assert base.con_cargas().corpus == base.corpus  # no existe y no se pidió crearla: no se agrega
    con = base.con_cargas(crear=True)
    assert con.corpus == (*base.corpus, tmp_path / "datos" / "cargas") and con.con_cargas().corpus == con.corpus
    dentro = replace(base, cargas=base.corpus[0] / "cargas").con_cargas(crear=True)
    assert dentro.corpus == base.corpus  # ya la recorre el corpus: no se indexa dos veces
    resumen = actualizar(con)
    assert resumen.version == "v0001" and not resumen.omitidos
