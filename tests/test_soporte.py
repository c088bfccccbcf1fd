"""Soporte de la zona dudosa sobre pasajes escritos aquí (sin índice): qué cuenta como presente."""
from __future__ import annotations

from conftest import RAIZ

from asistente.corpus.catalogo import Catalogo
from asistente.respuesta.analisis import analizar_pregunta
from asistente.respuesta.consulta import analizar
from asistente.indexado.lexico import terminos_de_contenido
from asistente.modelos import Fragmento
from asistente.respuesta.recuperacion import Resultado, equivalentes_de, soporte

CATALOGO = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml")


def _soporte(pregunta: str, texto: str, con_equivalentes: bool = True, idf=lambda _: 1.0) -> float:
    fragmento = Fragmento(id="LEY-1-2000:10:1", texto=texto, doc_id="LEY-1-2000", titulo="Ley 1 de 2000", tipo="norma", fuente="prueba", articulo="10")
    formas = equivalentes_de(CATALOGO, pregunta) if con_equivalentes else None
    return soporte(terminos_de_contenido(pregunta), [Resultado(fragmento, puntaje=1.0, similitud=0.86)], idf, formas)


def test_la_palabra_corriente_cuenta_por_su_equivalente_en_la_norma():
    pregunta = "¿Se puede poner la foto del alcalde en las vallas?"
    texto = "Ninguna entidad podrá contratar publicidad oficial que contenga el nombre, la voz o la imagen del alcalde."
    assert _soporte(pregunta, texto, con_equivalentes=False) < 0.5
    assert _soporte(pregunta, texto) == 1.0


def test_la_sigla_cuenta_solo_con_su_nombre_largo_completo():
    pregunta = "¿Cómo se distribuye el SGP?"
    completo = "Los recursos del Sistema General de Participaciones se distribuyen según los criterios de esta ley."
    otro_sistema = "Los recursos del Sistema General de Regalías se distribuyen según los criterios de esta ley."
    assert _soporte(pregunta, completo) == 1.0
    assert _soporte(pregunta, otro_sistema) < 1.0


def test_un_sinonimo_de_varias_palabras_debe_estar_entero():
    # «alcaldía» equivale a «administración municipal», no a cualquier oración que diga «municipal».
    pregunta = "¿Quién nombra al tesorero de la alcaldía?"
    assert _soporte(pregunta, "El concejo municipal nombra al tesorero.") < _soporte(pregunta, "La administración municipal nombra al tesorero.")


def test_antioquia_y_las_cantidades_vagas_no_son_contenido():
    # «Varios» es del idioma (en el código); «Antioquia» y sus gentilicios son del dominio (en el catálogo).
    ajenas = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml").palabras_sin_contenido
    assert terminos_de_contenido("Varios municipios antioqueños de Antioquia", ajenas) == terminos_de_contenido("municipios")
    assert terminos_de_contenido("Varios municipios de Antioquia") == terminos_de_contenido("municipios Antioquia")
    # La pregunta analizada con el catálogo las deja fuera de sus términos (los que mide el soporte).
    catalogo = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml")
    analisis = analizar_pregunta(analizar("¿Qué municipios de Antioquia tienen plan de desarrollo?"), catalogo=catalogo)
    assert "antioqui" not in analisis.terminos and "municipi" in analisis.terminos


def test_un_equivalente_que_esta_en_todas_partes_pesa_poco():
    # «alcaldía» se halla como «administración municipal», común en las normas: no basta para creer
    # que la oración responde «¿quién nombra al tesorero de la alcaldía?».
    def idf(raiz: str) -> float:
        return 1.0 if raiz in {"administr", "municipal"} else 5.0

    pregunta = "¿Quién nombra al tesorero de la alcaldía?"
    assert _soporte(pregunta, "La administración municipal publica su informe anual.", idf=idf) < 0.2
    assert _soporte(pregunta, "El alcalde nombra al tesorero.", idf=idf) > 0.8


def test_se_pregunta_por_el_objeto_de_una_norma_solo_si_no_se_pregunta_por_nada_mas():
    catalogo = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml")
    documentos = {"LEY-1712-2014", "LEY-152-1994", "LEY-850-2003"}

    def pide(pregunta: str) -> bool:
        return analizar_pregunta(analizar(pregunta), catalogo=catalogo, documentos=documentos).pide_objeto

    for pregunta in ("¿De qué trata la Ley 1712 de 2014?", "¿Cuál es el objeto de la Ley 152 de 1994?", "¿Para qué sirve la ley de veedurías?",
                     "¿Qué regula la ley de transparencia?", "¿Qué es la Ley 850 de 2003?", "¿Qué dice la Ley 152 de 1994?"):
        assert pide(pregunta), pregunta
    for pregunta in ("¿Qué establece la Ley 152 de 1994 sobre el plan de inversiones?", "¿De qué trata el artículo 5 de la Ley 152 de 1994?",
                     "¿Para qué sirve el banco de programas y proyectos?", "¿Qué es el plan de desarrollo según la Ley 152 de 1994?",
                     "¿De qué trata la Ley 80 de 1993?"):
        assert not pide(pregunta), pregunta


def test_el_verbo_que_cambia_de_vocal_se_halla_en_su_otra_forma():
    """«¿Quién elige…?» y la norma dice «elegirán»: la raíz de la pregunta (elig) no es la de la
    norma (eleg). Solo para el verbo de la acción preguntada y si algún documento tiene la otra raíz."""
    from asistente.respuesta.analisis import variantes_de_la_raiz

    vocabulario = {"eleg", "aprob", "requer", "alcald", "gobern"}
    conoce = vocabulario.__contains__
    assert variantes_de_la_raiz(["elig", "aprueb", "requier"], conoce) == {"elig": "eleg", "aprueb": "aprob", "requier": "requer"}
    # «alcaldía» no es «alcalde», «sirve» no es «servicio», «puede» no dice nada; sin la otra raíz, nada.
    assert variantes_de_la_raiz(["alcaldi", "sirv", "pued", "cuent"], conoce) == {}
    catalogo = Catalogo.cargar(RAIZ / "corpus" / "catalogo.yaml")
    analisis = analizar_pregunta(analizar("¿Quién elige al personero?"), catalogo=catalogo, conoce=conoce)
    assert frozenset({"eleg"}) in analisis.equivalentes["elig"]
    # En un sustantivo no: «gobierno» no se busca como «gobernador».
    assert "gobiern" not in analizar_pregunta(analizar("¿Qué dice el gobierno?"), catalogo=catalogo, conoce=conoce).equivalentes


def test_el_saludo_del_comienzo_no_es_parte_de_la_pregunta():
    """«Oiga, y el plan de desarrollo hasta cuándo…»: embebido con «oiga», el artículo 40 de la
    Ley 152 salía de los 5 primeros."""
    assert analizar("oiga y el plan de desarrollo hasta cuando lo tengo q presentar al concejo").texto == (
        "el plan de desarrollo hasta cuando lo tengo q presentar al concejo")
    assert analizar("Hola, buenas tardes. Una pregunta: ¿quién aprueba el plan?").texto == "¿quién aprueba el plan?"
    assert analizar("Buenos días, ¿cuánto dura el personero?").texto == "¿cuánto dura el personero?"
    assert analizar("¿Hola?").texto == "¿Hola?"  # sin nada más, queda como está
    assert analizar("Holanda y la Ley 152").texto == "Holanda y la Ley 152"

