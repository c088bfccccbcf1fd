"""Evaluación: esquema de los conjuntos, métricas en un caso a mano, informes, comparación y validaciones."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest

from asistente.calidad import conjunto
from asistente.calidad.cotejo import coincide, hechos_cubiertos, hechos_presentes
from asistente.personal.validaciones import AlmacenValidaciones, ValidacionInvalida, clave_de_pregunta
from evaluacion.comparacion import comparar
from evaluacion.informe import escribir
from evaluacion.metricas import rango, resumir
from evaluacion.umbrales import MAXIMOS, MAXIMOS_HISTORICOS, MINIMOS_HISTORICOS, UMBRALES, incumplidos


def test_conjunto_de_evaluacion_cumple_el_esquema_y_la_cobertura():
    preguntas = conjunto.cargar(conjunto.EVALUACION)
    assert len(preguntas) >= 100
    leyes = {p.fuente for p in preguntas if p.fuente and p.fuente != "guia"}
    assert len(leyes) >= 15
    secciones = {p.seccion for p in preguntas if p.fuente == "guia"}
    assert {"Introducción", "Marco conceptual", "Objetivos", "¿Por qué la asesoría y asistencia técnica en DSEGPP?",
            "Ejes de la asesoría y asistencia técnica en DSEGPP", "ABC de la guía", "Marco normativo"} <= secciones
    assert sum(not p.responde for p in preguntas) >= 15
    assert sum(1 for p in preguntas if p.previa) >= 10
    assert Counter(p.modulo for p in preguntas if p.responde and p.fuente != "guia").keys() >= {"Política pública", "Plan de Desarrollo Territorial", "MIPG"}


def test_conjuntos_de_desarrollo_y_evaluacion_no_comparten_preguntas():
    desarrollo = {p.pregunta.strip().lower() for p in conjunto.cargar(conjunto.DESARROLLO)}
    evaluacion = {p.pregunta.strip().lower() for p in conjunto.cargar(conjunto.EVALUACION)}
    assert not desarrollo & evaluacion


def test_los_conjuntos_de_la_ampliacion_se_cargan_junto_a_los_de_siempre_sin_repetir():
    """`python -m evaluacion --conjunto A --conjunto B` evalúa la biblioteca ampliada: los dos
    archivos se validan juntos (ids y preguntas sin repetir entre ellos)."""
    ampliacion = conjunto.CARPETA / "ampliacion"
    evaluacion = conjunto.cargar(conjunto.EVALUACION, ampliacion / "conjunto.jsonl")
    desarrollo = conjunto.cargar(conjunto.DESARROLLO, ampliacion / "desarrollo.jsonl")
    assert len(evaluacion) == len(conjunto.cargar(conjunto.EVALUACION)) + len(conjunto.cargar(ampliacion / "conjunto.jsonl"))
    assert {p.fuente for p in evaluacion} >= {"DECRETO-111-1996", "DECRETO-19-2012", "ACTO-LEGISLATIVO-5-2011"}
    assert not {p.pregunta.strip().lower() for p in desarrollo} & {p.pregunta.strip().lower() for p in evaluacion}
    with pytest.raises(conjunto.ConjuntoInvalido, match="ids repetidos"):
        conjunto.cargar(conjunto.EVALUACION, conjunto.EVALUACION)


def test_validacion_del_esquema_detecta_errores(tmp_path):
    malo = tmp_path / "malo.jsonl"
    malo.write_text(
        "\n".join(json.dumps(d, ensure_ascii=False) for d in [
            {"id": "a", "pregunta": "¿x?", "responde": True, "fuente": "LEY-1-2000", "hechos": ["y"]},  # sin artículo
            {"id": "a", "pregunta": "¿z?", "responde": False, "fuente": None, "hechos": []},  # id repetido
            {"id": "c", "pregunta": "¿y?", "responde": False, "hechos": [], "previa": "zz"},  # previa mal
        ]),
        encoding="utf-8",
    )
    with pytest.raises(conjunto.ConjuntoInvalido) as error:
        conjunto.cargar(malo)
    mensaje = str(error.value)
    assert "norma sin artículo" in mensaje and "ids repetidos" in mensaje and "«previa»" in mensaje


def _fila(id_, responde=True, abstencion=False, rango_=1, hechos=1.0, cita=True, latencia=10.0, modulo="MIPG"):
    return {"id": id_, "pregunta": f"¿{id_}?", "modulo": modulo, "tipo": "parafrasis", "responde": responde, "esperado": [],
            "hechos_esperados": [], "abstencion": abstencion, "respuesta": "r", "citas": ["c"], "citas_usadas": ["c"],
            "rango": rango_, "cita_correcta": cita, "hechos": hechos, "latencia_ms": latencia}


def test_metricas_calculadas_a_mano():
    filas = [
        _fila("a", rango_=1, hechos=1.0, latencia=10),
        _fila("b", rango_=3, hechos=0.5, cita=False, latencia=20),
        _fila("c", rango_=None, hechos=0.0, cita=False, latencia=30),
        _fila("d", abstencion=True, rango_=None, hechos=0.0, cita=False, latencia=40),  # respondible pero se abstuvo
        _fila("e", responde=False, abstencion=True, rango_=None, hechos=0.0, cita=False, latencia=50),
        _fila("f", responde=False, abstencion=False, rango_=None, hechos=0.0, cita=False, latencia=60),  # no debía responder
    ]
    m = resumir(filas)
    assert m["acierto@1"] == 0.25 and m["acierto@5"] == 0.5
    assert m["mrr@10"] == round((1 + 1 / 3) / 4, 4)
    assert m["exactitud_citas"] == round(1 / 3, 4)  # de las 3 respondidas, 1 citó bien
    assert m["hechos"] == 0.375
    assert m["abstencion_precision"] == 0.5 and m["abstencion_exhaustividad"] == 0.5
    assert m["fuera_de_tema_respondidas"] == 1
    assert m["latencia_p50_ms"] == 35.0 and m["latencia_p95_ms"] == 60.0


def test_coincidencias_de_citas_y_hechos():
    pregunta = conjunto.Pregunta("x", "¿?", True, fuente="LEY-1098-2006", articulo="18-A", hechos=["cuatro (4) meses"], aceptables=["guia:Marco conceptual"])
    citas = [{"doc_id": "LEY-1098-2006", "articulo": "18", "seccion": None}, {"doc_id": "guia-asesoria", "articulo": None, "seccion": "Marco conceptual"}, {"doc_id": "LEY-1098-2006", "articulo": "18A", "seccion": None}]
    assert rango(citas, pregunta) == 2
    assert coincide(citas[2], ("LEY-1098-2006", "18-A"))
    assert hechos_cubiertos("…dentro de los primeros CUATRO (4)  meses…", ["cuatro (4) meses"]) == 1.0
    assert hechos_cubiertos("tres meses", ["cuatro (4) meses", "tres meses"]) == 0.5
    # La pestaña «Validación» muestra cada hecho con la misma regla.
    assert hechos_presentes("tres meses", ["cuatro (4) meses", "tres meses"]) == [("cuatro (4) meses", False), ("tres meses", True)]


def test_umbrales_en_un_solo_lugar_y_nunca_bajan():
    for nombre, minimo in MINIMOS_HISTORICOS.items():
        assert UMBRALES[nombre] >= minimo
    for nombre, maximo in MAXIMOS_HISTORICOS.items():
        assert MAXIMOS[nombre] <= maximo
    bien = {"acierto@5": 0.95, "hechos": 0.85, "primera_fuente": 0.9, "hechos_directa": 0.9, "cuerpo_mediana": 500, "fuera_de_tema_respondidas": 0}
    assert incumplidos(bien) == []
    fallas = incumplidos({**bien, "acierto@5": 0.85, "fuera_de_tema_respondidas": 2})
    assert len(fallas) == 2 and "acierto@5" in fallas[0]
    largo = incumplidos({**bien, "cuerpo_mediana": 1900, "hechos_directa": None})
    assert len(largo) == 2 and any("cuerpo_mediana" in f for f in largo) and any("hechos_directa" in f for f in largo)


def test_informes_y_comparacion_con_la_ejecucion_anterior(tmp_path):
    anterior = [_fila("a"), _fila("b", rango_=2), _fila("c", responde=False, abstencion=True, rango_=None)]
    actual = [_fila("a", rango_=None, hechos=0.0, cita=False), _fila("b", rango_=1), _fila("c", responde=False, abstencion=False, rango_=None)]
    comparacion = comparar(actual, anterior)
    assert [r["id"] for r in comparacion["empeoraron"]] == ["a", "c"]
    assert [r["id"] for r in comparacion["mejoraron"]] == ["b"]

    def resultado(filas, comp):
        return {"meta": {"fecha": "hoy", "conjunto": "x.jsonl", "preguntas": len(filas), "version_indice": "v0001", "modelo": "m"},
                "metricas": {"Global": resumir(filas), "MIPG": resumir(filas)}, "umbrales_incumplidos": incumplidos(resumir(filas)),
                "comparacion": comp, "filas": filas}

    escribir(tmp_path, resultado(anterior, {"empeoraron": [], "mejoraron": []}))
    actual[0]["validacion"] = {"veredicto": "correcta", "revisor": "ana", "fecha": "ayer", "comentario": "", "cambio": True}
    archivos = escribir(tmp_path, resultado(actual, comparacion))
    assert (tmp_path / "resultados-anterior.json").exists()
    assert json.loads(archivos["resultados"].read_text(encoding="utf-8"))["filas"][0]["id"] == "a"
    resumen = archivos["resumen"].read_text(encoding="utf-8")
    assert resumen.index("Empeoraron") < resumen.index("## Métricas")  # las regresiones van primero
    assert "NO SE CUMPLE" in resumen and "cambiaron desde su validación" in resumen
    pagina = archivos["informe"].read_text(encoding="utf-8")
    assert pagina.count("<svg") == 3 and "http" not in pagina.replace("http-equiv", "")  # gráficas en línea, sin red
    assert pagina.index("Empeoraron") < pagina.index("Métricas por módulo")


def test_almacen_de_validaciones_ida_y_vuelta_y_csv(tmp_path):
    almacen = AlmacenValidaciones(tmp_path / "validaciones.sqlite3")
    primera = almacen.registrar(clave="eval-001", pregunta="¿Quién aprueba el plan?", respuesta="El concejo [1]", citas=["Ley 152 de 1994, art. 40"],
                                veredicto="parcial", revisor="Ana Gómez", comentario="falta el plazo", version_indice="v0003", fuente_esperada="LEY-152-1994:40")
    almacen.registrar(clave="eval-001", pregunta="¿Quién aprueba el plan?", respuesta="El concejo [1]", citas=[], veredicto="correcta", revisor="Luis")
    clave = clave_de_pregunta("¿Y el plazo?")
    almacen.registrar(clave=clave, origen="opinion", pregunta="¿Y el plazo?", respuesta="x", citas=[], veredicto="incorrecta", revisor="Ana Gómez")
    assert primera.veredicto == "parcial" and primera.citas == ["Ley 152 de 1994, art. 40"] and primera.version_indice == "v0003"
    ultimas = almacen.ultimas()
    assert ultimas["eval-001"].veredicto == "correcta" and ultimas[clave].origen == "opinion"
    assert not ultimas["eval-001"].respuesta_cambio("El  concejo [1]") and ultimas["eval-001"].respuesta_cambio("Otra respuesta")
    assert len(almacen.listar(origen="opinion")) == 1 and len(almacen.listar(veredicto="parcial")) == 1
    filas = list(csv.DictReader(io.StringIO(almacen.exportar_csv())))
    assert [f["veredicto"] for f in filas] == ["parcial", "correcta", "incorrecta"] and filas[0]["comentario"] == "falta el plazo"
    with pytest.raises(ValidacionInvalida):
        almacen.registrar(clave="x", pregunta="p", respuesta="r", citas=[], veredicto="buena", revisor="Ana")
    with pytest.raises(ValidacionInvalida):
        almacen.registrar(clave="x", pregunta="p", respuesta="r", citas=[], veredicto="correcta", revisor="  ")
