"""Qué preguntas de evaluación citan lo que cambió en una actualización del índice."""
from __future__ import annotations

from asistente.calidad.afectadas import (
    AGREGADO,
    DOCUMENTO_ELIMINADO,
    ELIMINADO,
    MODIFICADO,
    POR_SEGUIMIENTO,
    misma_unidad,
    preguntas_afectadas,
)
from asistente.calidad.conjunto import EVALUACION, Pregunta, cargar


def _p(id_, fuente=None, articulo=None, seccion=None, aceptables=(), previa=None, responde=True):
    return Pregunta(id_, f"¿pregunta {id_}?", responde, fuente, articulo, seccion, ["hecho"] if responde else [],
                    previa=previa, aceptables=list(aceptables))


def _cambio(doc_id, estado="modificado", agregados=(), modificados=(), eliminados=(), titulo=""):
    return {"archivo": f"/corpus/{doc_id}.md", "doc_id": doc_id, "titulo": titulo or doc_id, "estado": estado,
            "agregados": list(agregados), "modificados": list(modificados), "eliminados": list(eliminados)}


def test_articulo_modificado_agregado_o_retirado_y_aceptables():
    preguntas = [
        _p("a", "LEY-152-1994", "40"),
        _p("b", "LEY-152-1994", "39"),  # otro artículo de la misma ley: no
        _p("c", "LEY-1474-2011", "9", aceptables=["LEY-152-1994:41"]),  # por una fuente aceptable
        _p("d", "LEY-388-1997", "84A"),  # «84-A» en el informe es el mismo artículo
        _p("e", "LEY-388-1997", "24"),
        _p("f", responde=False),
    ]
    cambios = [_cambio("LEY-152-1994", modificados=["40"], eliminados=["41"]), _cambio("LEY-388-1997", agregados=["84-A"])]
    afectadas = {a.pregunta.id: a for a in preguntas_afectadas(cambios, preguntas)}
    assert set(afectadas) == {"a", "c", "d"}
    assert (afectadas["a"].doc_id, afectadas["a"].unidad, afectadas["a"].cambio) == ("LEY-152-1994", "40", MODIFICADO)
    assert (afectadas["c"].doc_id, afectadas["c"].unidad, afectadas["c"].cambio) == ("LEY-152-1994", "41", ELIMINADO)
    assert afectadas["d"].cambio == AGREGADO and afectadas["d"].a_dict()["id"] == "d"


def test_documento_retirado_afecta_todas_sus_preguntas_y_sus_seguimientos():
    preguntas = [_p("a", "LEY-87-1993", "1"), _p("b", "LEY-87-1993", "6", previa="a"), _p("c", "LEY-152-1994", "40", previa="b"),
                 _p("d", "LEY-152-1994", "40")]
    afectadas = preguntas_afectadas([_cambio("LEY-87-1993", estado="eliminado")], preguntas)
    assert [(a.pregunta.id, a.cambio) for a in afectadas] == [("a", DOCUMENTO_ELIMINADO), ("b", DOCUMENTO_ELIMINADO), ("c", POR_SEGUIMIENTO)]
    assert afectadas[2].previa == "b" and afectadas[2].doc_id == "LEY-87-1993"


def test_secciones_de_la_guia_sin_tildes_ni_mayusculas_y_subsecciones():
    preguntas = [_p("g1", "guia", seccion="Marco conceptual"), _p("g2", "guia", seccion="Introducción"),
                 _p("g3", "LEY-152-1994", "3", aceptables=["guia:Ejes de la asesoría y asistencia técnica en DSEGPP"])]
    cambios = [_cambio("guia-asesoria-asistencia-tecnica", modificados=["MARCO CONCEPTUAL", "Ejes de la asesoria y asistencia tecnica en DSEGPP"])]
    assert [a.pregunta.id for a in preguntas_afectadas(cambios, preguntas)] == ["g1", "g3"]
    assert misma_unidad("guia-x", "Marco conceptual › Política pública", "Marco conceptual")
    assert not misma_unidad("guia-x", "Marco normativo", "Marco conceptual")
    assert not misma_unidad("LEY-1-2000", "", "")  # una unidad vacía no coincide con nada
    # Un documento que no es la guía no cuenta como «guia» aunque tenga la misma sección.
    assert preguntas_afectadas([_cambio("LEY-152-1994", modificados=["Marco conceptual"])], preguntas[:1]) == []


def test_con_el_conjunto_real():
    preguntas = cargar(EVALUACION)
    afectadas = preguntas_afectadas([_cambio("LEY-388-1997", modificados=["24"])], preguntas)
    ids = [a.pregunta.id for a in afectadas]
    assert ids[:2] == ["eval-001", "eval-002"]  # eval-002 cita el art. 24 y además sigue a eval-001
    assert all(a.doc_id == "LEY-388-1997" for a in afectadas)
    assert preguntas_afectadas([], preguntas) == [] and preguntas_afectadas([_cambio("LEY-9999-2030", agregados=["1"])], preguntas) == []
