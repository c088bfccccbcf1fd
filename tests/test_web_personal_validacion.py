"""Pestaña «Validación» del personal por sus funciones (sin navegador): recorrido, veredictos, filtros y CSV.

Con la ley de prueba pequeña y el `Asistente` de verdad: las respuestas no se simulan.
"""
from __future__ import annotations

import csv
import time

from conftest import LEY, PREGUNTA

from asistente.indexado.indexador import actualizar
from asistente.personal.opiniones import NEGATIVO, POSITIVO
from asistente.personal.auditoria import VALIDACION
from asistente.personal.revision import CAMBIADAS, OPINIONES, PENDIENTES, VALIDADAS, Revision, clave_de_opinion
from asistente.personal.validaciones import AlmacenValidaciones
from asistente.web.pestana_validacion import CAMBIO_AL_GUARDAR, SIN_VEREDICTO, PestanaValidacion
from asistente.calidad.conjunto import Pregunta

PREGUNTAS = [
    Pregunta("t-1", PREGUNTA, True, "LEY-7001-2020", "2", hechos=["cuatro (4) meses", "el gobernador"]),
    Pregunta("t-2", "¿y quién lo evalúa cada año?", True, "LEY-7001-2020", "3", hechos=["cada año"], previa="t-1", tipo="seguimiento"),
    Pregunta("t-3", "¿Cuánto cuesta un pasaporte?", False, tipo="fuera_de_tema"),
]


def _pestana(servicio) -> PestanaValidacion:
    servicio.revision = Revision(servicio.asistente, servicio.revision.validaciones, servicio.opiniones, servicio.auditoria,
                                 preguntas=lambda: PREGUNTAS)
    return PestanaValidacion(servicio.revision)


def test_recorrer_validar_filtrar_y_ver_que_cambio(servicio_personal):
    servicio = servicio_personal
    pestana = _pestana(servicio)
    almacen = AlmacenValidaciones(servicio.configuracion.datos / "registros.sqlite3")  # la misma base

    estado, html = pestana.mostrar(pestana.listar())
    assert estado["claves"] == ["t-1", "t-2", "t-3"] and estado["posicion"] == 0
    assert "1 de 3 · t-1" in html and "cuatro (4) meses" in html and "LEY-7001-2020, art. 2 <strong class=\"p-si\">✓ citada" in html
    assert "✓</span> «cuatro (4) meses»" in html and "✗</span> «el gobernador»" in html and "Pendiente de validar" in html
    assert "(índice v0001)" in html and "Pasajes citados" in html

    # Seguimiento: se responde con su conversación previa, que también se muestra.
    estado, html = pestana.mover(estado, +1)
    assert "2 de 3 · t-2 · seguimiento" in html and "Conversación previa" in html and "Evaluará el plan" not in html
    assert "cada año" in html and "LEY-7001-2020, art. 3" in html

    assert pestana.guardar(estado, None, "", "ana")[2] == SIN_VEREDICTO
    estado, html, mensaje = pestana.guardar(estado, "parcial", "Le falta decir quién", "ana")
    assert mensaje == "Validación guardada: t-2 → parcial." and "Validada como <strong>Parcial</strong> por ana" in html
    v = almacen.ultimas()["t-2"]
    assert (v.revisor, v.veredicto, v.comentario, v.origen, v.version_indice) == ("ana", "parcial", "Le falta decir quién", "evaluacion", "v0001")
    assert v.fuente_esperada == "LEY-7001-2020:3" and "cada año" in v.respuesta and v.citas and v.pregunta == PREGUNTAS[1].pregunta
    assert servicio.auditoria.listar(accion=VALIDACION)[0].usuario == "ana"

    # Fuera de tema: debe abstenerse, y se dice si lo hace.
    _, html = pestana.mover(estado, +5)  # la posición se acota al último
    assert "3 de 3 · t-3" in html and "Debe abstenerse" in html and "Hoy se abstiene. ✓" in html

    assert pestana.listar(filtro=PENDIENTES)["claves"] == ["t-1", "t-3"]
    assert pestana.listar(filtro=VALIDADAS)["claves"] == ["t-2"]
    assert pestana.listar(filtro=CAMBIADAS)["claves"] == []

    # Si la respuesta cambia entre que se ve y se guarda, no se guarda a ciegas.
    assert pestana.guardar(dict(estado, huella="otra-cosa"), "correcta", "", "ana")[2] == CAMBIO_AL_GUARDAR
    assert len(almacen.listar()) == 1

    # Cambia la ley y se actualiza el índice: la validada aparece como «cambió desde su validación».
    ley = servicio.configuracion.corpus[0] / "LEY-7001-2020.md"
    ley.write_text(LEY.replace("evaluará el plan cada año", "evaluará el plan cada año y publicará el informe"), encoding="utf-8")
    assert actualizar(servicio.configuracion).version == "v0002"
    time.sleep(2.1)  # el Asistente mira la versión activa cada 2 s
    cambiadas = pestana.listar(filtro=CAMBIADAS)
    assert cambiadas["claves"] == ["t-2"]
    _, html = pestana.mostrar(cambiadas)
    assert "La respuesta cambió desde esta validación" in html and "publicará el informe" in html and "(índice v0002)" in html


def test_opiniones_negativas_con_su_comentario_y_csv(servicio_personal):
    servicio = servicio_personal
    pestana = _pestana(servicio)
    respuesta = servicio.asistente.responder(PREGUNTA)
    opiniones = servicio.opiniones
    opiniones.registrar(PREGUNTA, respuesta.respuesta, [c.a_dict() for c in respuesta.citas], NEGATIVO,
                        comentario="No dice qué pasa si no lo presenta", version_indice="v0001")
    opiniones.registrar(PREGUNTA, respuesta.respuesta, [], NEGATIVO, comentario="=HIPERVINCULO(\"x\")", version_indice="v0001")
    opiniones.registrar("¿y después?", "otra", [], NEGATIVO, contexto=[PREGUNTA])  # otra conversación: otro elemento
    opiniones.registrar("¿Qué es el MIPG?", "x", [], POSITIVO)  # las 👍 no se revisan

    estado, html = pestana.mostrar(pestana.listar(OPINIONES))
    assert len(estado["claves"]) == 2
    # De la más reciente a la más antigua: primero la del seguimiento, con su conversación.
    assert "1 de 2 · «no me gusta» de 1 funcionario" in html and "Conversación previa" in html and "¿y después?" in html
    estado, html = pestana.mover(estado, +1)
    assert "2 de 2 · «no me gusta» de 2 funcionarios" in html
    assert "No dice qué pasa si no lo presenta" in html and "&quot;x&quot;" in html and "Respuesta que vio el funcionario" in html
    assert "cuatro (4) meses" in html

    estado, html, mensaje = pestana.guardar(estado, "incorrecta", "Confirmado: falta la consecuencia", "luis")
    assert mensaje == "Validación guardada: opinión → incorrecta."
    clave = clave_de_opinion(opiniones.listar(voto=NEGATIVO)[-1])
    validacion = servicio.revision.validaciones.ultimas()[clave]
    assert (validacion.origen, validacion.revisor, validacion.veredicto) == ("opinion", "luis", "incorrecta")
    assert pestana.listar(OPINIONES, PENDIENTES)["claves"] == [c for c in estado["claves"] if c != clave]

    # Una de evaluación también, y el CSV las trae todas (con BOM para Excel, sin fórmulas activas).
    estado, _ = pestana.mostrar(pestana.listar())
    pestana.guardar(estado, "correcta", "=1+1", "ana")
    ruta = pestana.exportar()
    assert ruta.name.startswith("validaciones-") and ruta.suffix == ".csv"
    assert ruta.read_bytes().startswith(b"\xef\xbb\xbf")
    filas = list(csv.DictReader(ruta.open(encoding="utf-8-sig", newline="")))
    assert [(f["clave"], f["origen"], f["veredicto"], f["revisor"]) for f in filas] == [
        (clave, "opinion", "incorrecta", "luis"), ("t-1", "evaluacion", "correcta", "ana")]
    assert filas[1]["comentario"] == "'=1+1" and filas[1]["version_indice"] == "v0001" and filas[1]["fuente_esperada"] == "LEY-7001-2020:2"


def test_sin_indice_la_pestana_avisa_y_no_deja_validar(tmp_path):
    from conftest import configuracion_pequena

    from asistente.web.servidor import crear_servicio

    servicio = crear_servicio(configuracion_pequena(tmp_path))  # sin construir el índice
    pestana = _pestana(servicio)
    estado, html = pestana.mostrar(pestana.listar())
    assert "No se puede responder todavía" in html and 'role="alert"' in html
    assert pestana.guardar(estado, "correcta", "", "ana")[2].startswith("No se puede responder todavía")
    assert servicio.revision.validaciones.listar() == []
