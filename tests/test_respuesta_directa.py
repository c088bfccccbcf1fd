"""La respuesta directa (issue #11) sobre el índice real de corpus/ + ../shared/normativa:
una pregunta por clase de respuesta, y lo que la respuesta directa debe traer de la fuente principal."""
from __future__ import annotations

import re

import pytest

from asistente.corpus.fragmentacion.normas import clave_articulo
from asistente.respuesta.oraciones import oraciones


def _principal(respuesta) -> tuple[str, str]:
    primera = respuesta.citas_usadas[0]
    return primera.fragmento.doc_id, clave_articulo(primera.fragmento.articulo or "")


# (clase, pregunta, historial, fuente principal, artículo, textos que la respuesta directa debe traer)
CASOS = [
    ("plazo", "¿Cuánto tiempo tiene el alcalde para llevar el plan de desarrollo al concejo?", [],
     "LEY-152-1994", "40", ["cuatro (4) meses"]),
    ("cantidad en una tabla", "¿Cuál es el límite de gastos de funcionamiento de los municipios de sexta categoría?", [],
     "LEY-617-2000", "6", ["80%"]),
    ("quién", "¿Quién es el responsable de establecer el sistema de control interno en una entidad pública?", [],
     "LEY-87-1993", "6", ["representante legal o máximo directivo"]),
    ("definición", "¿Qué es una veeduría ciudadana?", [],
     "LEY-850-2003", "1", ["mecanismo democrático de representación"]),
    ("pasos", "¿Cuál es el procedimiento para constituir una veeduría ciudadana?", [],
     "LEY-850-2003", "3", ["elegir de una forma democrática a los veedores", "acta de constitución"]),
    ("par que se confunde", "Si el concejo no decide sobre el plan de ordenamiento territorial, ¿después de cuánto tiempo puede el alcalde adoptarlo por decreto?", [],
     "LEY-388-1997", "26", ["sesenta (60) días"]),
    ("seguimiento", "¿y en qué plazo se lo deben presentar al concejo?", ["¿Quién aprueba el plan de desarrollo del municipio?"],
     "LEY-152-1994", "40", ["cuatro (4) meses"]),
    # El plazo de la acción preguntada (pagar), no el primero del artículo; y un plazo sin cifra.
    ("plazo de la acción", "credito de tesoreria hasta cuando hay que pagarlo", [],
     "LEY-819-2003", "15", ["antes del 20 de diciembre"]),
    ("plazo sin cifra", "Si el concejo no decide sobre el plan de desarrollo municipal, ¿cuándo puede el alcalde adoptarlo por decreto?", [],
     "LEY-152-1994", "40", ["dentro del mes siguiente a su presentación"]),
    # Quién hace la acción preguntada (crear), no la oración que más repite las palabras de la pregunta.
    ("quién hace la acción", "Varios municipios queremos conformar una provincia administrativa y de planificación. ¿Quién la crea?", [],
     "LEY-1454-2011", "16", ["Corresponde a las Asambleas Departamentales crear las provincias"]),
    # Una oración larga recortada: se conserva la cláusula con la cifra pedida (en letras).
    ("cantidad recortada", "¿Qué porcentaje del censo electoral se necesita para pedir un cabildo abierto?", [],
     "LEY-134-1994", "82", ["cinco por mil del censo electoral"]),
    # «¿Dónde…?» en una norma pregunta ante quién: la oración de la acción preguntada (inscribir).
    ("dónde", "¿y dónde se inscribe?", ["¿Cuál es el procedimiento para constituir una veeduría ciudadana?"],
     "LEY-850-2003", "3", ["personerías municipales o distritales", "Cámaras de Comercio"]),
    # «¿Qué dice el artículo…?»: se lee en orden desde el comienzo, con las oraciones que caben enteras.
    ("qué dice el artículo", "que dice el art 33 de la ley 1712", [],
     "LEY-1712-2014", "33", ["rige a los seis (6) meses", "Para los entes territoriales la ley entrará en vigencia un año después"]),
    # Un artículo que reescribe otro: no basta su «…quedará así:», va el comienzo del texto nuevo.
    ("qué dice un artículo que reescribe otro", "¿Qué dice el artículo 9 de la Ley 1474 de 2011?", [],
     "LEY-1474-2011", "9", ["que quedará así: Artículo 14. Reportes del responsable de control interno."]),
    # El ejemplo de la página, dicho de corrido y con un saludo.
    ("con saludo", "oiga y el plan de desarrollo hasta cuando lo tengo q presentar al concejo", [],
     "LEY-152-1994", "40", ["cuatro (4) meses"]),
    # «¿De qué trata la ley…?»: su título (el encabezado), no «no encuentro la respuesta».
    ("objeto de la norma", "¿De qué trata la Ley 1712 de 2014?", [],
     "LEY-1712-2014", "", ["por medio de la cual se crea la Ley de Transparencia"]),
    ("objeto por su alias", "¿Para qué sirve la ley de veedurías?", [],
     "LEY-850-2003", "", ["por medio de la cual se reglamentan las veedurías ciudadanas"]),
]


@pytest.mark.parametrize("clase, pregunta, historial, fuente, articulo, textos", CASOS, ids=[c[0] for c in CASOS])
def test_la_respuesta_directa_trae_lo_preguntado_de_la_fuente_principal(asistente_completo, clase, pregunta, historial, fuente, articulo, textos):
    respuesta = asistente_completo.responder(pregunta, historial=historial)
    assert not respuesta.abstencion, respuesta.respuesta
    assert _principal(respuesta) == (fuente, articulo), [c.etiqueta for c in respuesta.citas_usadas]
    directa = respuesta.directa
    assert respuesta.respuesta.startswith(directa) and respuesta.cuerpo.startswith(directa)
    assert len(directa) <= asistente_completo.parametros.largo_directa, directa
    for texto in textos:
        assert texto in directa, directa
    assert "[1]" in directa and respuesta.citas_usadas[0].numero == 1
    # Citada, no parafraseada: lo que va entre comillas está en la fuente (salvo los «…» de los
    # recortes; las filas de tabla van sin sus celdas vacías, como las divide `oraciones`).
    fuente_texto = " ".join(oraciones(respuesta.citas_usadas[0].texto))
    for cita in re.findall(r"«(.*?)»", directa):
        for trozo in filter(None, (t.strip(" …") for t in cita.split("…"))):
            assert trozo in fuente_texto, trozo
    assert not re.match(r"^\W*(s[ií]|no)\b", directa, re.IGNORECASE)  # nunca un «Sí» o «No» inventado


def test_si_la_pregunta_no_dice_de_que_plan_habla_la_respuesta_lo_dice(asistente_completo):
    respuesta = asistente_completo.responder("¿Cuánto tiempo tiene el alcalde para llevar el plan al concejo?")
    assert respuesta.directa.startswith("Depende del plan: "), respuesta.directa
    assert "plan de desarrollo" in respuesta.directa and "plan de ordenamiento territorial" in respuesta.directa
    assert "cuatro (4) meses" in respuesta.directa and len(respuesta.directa) <= 300
    # «El plan indicativo» es del plan de desarrollo (catálogo): no hay de qué plan dudar.
    indicativo = asistente_completo.responder("¿Qué es el plan indicativo?")
    assert not indicativo.directa.startswith("Depende del plan"), indicativo.directa
    assert "plan indicativo cuatrienal" in indicativo.directa


def test_numeros_de_cita_siguen_el_orden_de_aparicion_y_el_cuerpo_es_breve(asistente_completo):
    for pregunta in (
        "¿Cuáles son las funciones del concejo municipal?",
        "¿Qué obligaciones de publicar información tienen las entidades?",
        "¿Quiénes integran los consejos territoriales de planeación?",
    ):
        respuesta = asistente_completo.responder(pregunta)
        numeros = [int(n) for n in re.findall(r"\[(\d+)\]", respuesta.cuerpo)]
        vistos = list(dict.fromkeys(numeros))
        assert vistos == list(range(1, len(vistos) + 1)), respuesta.cuerpo
        assert [c.numero for c in respuesta.citas] == list(range(1, len(respuesta.citas) + 1))
        assert respuesta.cuerpo.count("\n- ") <= asistente_completo.parametros.citas_de_apoyo
        assert len(respuesta.cuerpo) <= 1200, respuesta.cuerpo


def test_abstencion_no_tiene_respuesta_directa(asistente_completo):
    respuesta = asistente_completo.responder("¿Va a llover mañana en Rionegro?")
    assert respuesta.abstencion and respuesta.directa == "" and respuesta.a_dict()["directa"] == ""


def test_el_objeto_de_la_norma_se_apoya_en_su_articulo_1_y_solo_si_no_se_pregunta_por_mas(asistente_completo):
    respuesta = asistente_completo.responder("¿Cuál es el objeto de la Ley 1712 de 2014?")
    assert "El objeto de la presente ley es regular el derecho de acceso a la información pública" in respuesta.cuerpo
    assert [c.etiqueta for c in respuesta.citas_usadas][:2] == ["Ley 1712 de 2014, encabezado (MIPG)", "Ley 1712 de 2014, art. 1 (MIPG)"]
    assert "LEY 1712 DE 2014" not in respuesta.cuerpo and "(marzo 06)" not in respuesta.cuerpo  # rótulos del encabezado
    # Si pregunta por algo que la norma dice, se busca eso (no su título).
    otra = asistente_completo.responder("¿Qué establece la Ley 152 de 1994 sobre el plan de inversiones de las entidades territoriales?")
    assert not otra.abstencion and "encabezado" not in otra.citas_usadas[0].etiqueta


def test_el_anuncio_de_lo_que_se_reescribe_no_es_la_respuesta_directa(asistente_completo):
    """«Modifíquese el artículo 14 de la Ley 87 de 1993, que quedará así:» termina en «:» como una
    lista, pero no responde «¿qué requisitos…?»."""
    respuesta = asistente_completo.responder("¿Qué requisitos debe cumplir el jefe de control interno?")
    assert not respuesta.abstencion
    assert "quedará así:»" not in respuesta.directa and "Modifíquese" not in respuesta.directa, respuesta.directa


def test_quien_elige_no_se_abstiene_porque_la_norma_diga_elegiran(asistente_completo):
    respuesta = asistente_completo.responder("¿Quién elige al personero?")
    assert not respuesta.abstencion, respuesta.respuesta
    assert "elegirán personeros" in respuesta.cuerpo, respuesta.cuerpo

