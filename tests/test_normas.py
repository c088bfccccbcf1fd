"""Fragmentación de normas: encabezados, citas, vigencia, derogatorias y anexos."""
from __future__ import annotations

import pytest

from asistente.corpus.cargadores import cargar
from asistente.corpus.fragmentacion import fragmentar
from asistente.corpus.fragmentacion.normas import clave_articulo, leer_encabezado
from asistente.modelos import Bloque, Documento


def _norma(texto: str, catalogo, doc_id="LEY-999-2020"):
    bloques = [Bloque(p) for p in texto.strip().split("\n\n")]
    documento = Documento(doc_id, "Ley 999 de 2020", "norma", bloques, "/tmp/ley.md", "/tmp/ley.md")
    return fragmentar(documento, catalogo)


def _vigentes(fragmentos):
    return {f.articulo: f for f in fragmentos if f.vigente and f.parte == 1 and f.articulo}


@pytest.mark.parametrize(
    "linea, numero",
    [
        ("**Artículo 3°.**Principios generales. Los principios…", "3"),
        ("**ARTICULO 1°****Campo de aplicación.** La presente ley…", "1"),
        ("***Artículo 14.*** *Información publicada con anterioridad.*", "14"),
        ("Artículo 9º. Plan de ordenamiento territorial. El plan…", "9"),
        ("Artículo 7º.Competencias en materia de ordenamiento territorial.", "7"),
        ("**Artículo 49B.** Prohibición.", "49B"),
        ("**Artículo 18-A.** Derecho al buen trato.", "18-A"),
        ("**Artículo 34-1.** Las superintendencias…", "34-1"),
        ("**Artículo transitorio.** Mientras se expide la ley…", "transitorio"),
        ("**Artí\u00adculo 44.***Obligaciones complementarias*.", "44"),
        ("### Artículo 15º.-** Anexos. ***El proyecto de ordenanza…", "15"),
        ("**Artículo 1º** *Definición*. Se entiende por veeduría…", "1"),
        ("**Articulo 21: Redes de veedurías**: Los diferentes tipos…", "21"),
        ("**ARTICULO 5**º. PRINCIPIOS RECTORES DE LA ADMINISTRACION MUNICIPAL:", "5"),
        ("**Artículo 36 .***Duración*. Las incompatibilidades…", "36"),
        ("**ARTÌCULO 157.** *Comisiones de trabajo*.", "157"),  # acento grave (Decreto 19 de 2012)
    ],
)
def test_reconoce_todas_las_variantes_de_encabezado(linea, numero):
    encabezado = leer_encabezado(linea)
    assert encabezado is not None, linea
    assert encabezado.numero == numero


@pytest.mark.parametrize(
    "linea",
    [
        "Artículo 5, ya que expone la creación de registros",
        "El artículo 40 de la Ley 152 de 1994 dispone…",
        "Artículos 3 y 4 de la presente ley.",
        "**Parágrafo 1º.** Los municipios…",
    ],
)
def test_no_confunde_referencias_con_encabezados(linea):
    assert leer_encabezado(linea) is None


def test_clave_de_articulo_compara_variantes():
    assert clave_articulo("18-A") == clave_articulo("18A") == "18A"
    assert clave_articulo("34-1") == "34-1" != clave_articulo("341")
    assert clave_articulo("Transitorio") == "TRANSITORIO"


def test_un_fragmento_por_articulo_con_titulo_y_encabezado(catalogo):
    fragmentos = _norma(
        """
**Artículo 1°.**Objeto. Esta ley regula la prueba.

**Artículo 2°.** *Ámbito*. Se aplica a todos.

**Parágrafo.** Con excepciones.
""",
        catalogo,
    )
    vigentes = _vigentes(fragmentos)
    assert set(vigentes) == {"1", "2"}
    assert vigentes["1"].titulo_articulo == "Objeto"
    assert vigentes["2"].texto.startswith("Artículo 2. Ámbito.\nSe aplica a todos.")
    assert "Con excepciones." in vigentes["2"].texto


def test_el_texto_citado_por_un_articulo_modificatorio_se_queda_dentro(catalogo):
    fragmentos = _norma(
        """
**Artículo 3°.** El artículo 4° de la Ley 136 de 1994 quedará así:

**Artículo 4°.***Principios rectores.* Los municipios ejercen sus competencias.

**Artículo 9°.** Texto citado que no es de esta ley.

**Artículo 4°.** Adiciónese el artículo 5° de la Ley 136 de 1994 así:

g) Sostenibilidad.

**Artículo 5°.** Otro artículo propio.
""",
        catalogo,
    )
    vigentes = _vigentes(fragmentos)
    assert set(vigentes) == {"3", "4", "5"}
    assert "Principios rectores" in vigentes["3"].texto
    assert "Texto citado que no es de esta ley" in vigentes["3"].texto
    assert "Sostenibilidad" in vigentes["4"].texto


def test_un_encabezado_que_es_todo_anuncio_de_cita_conserva_su_numero(catalogo):
    """Acto Legislativo 5 de 2011: «Artículo 1°. El artículo 360 de la Constitución Política quedará así:»
    (todo en negrilla, sin cuerpo propio) cita el art. 360; la norma no tiene un «art. 360»."""
    fragmentos = _norma(
        """
**Artículo 1°. El artículo 360 de la Constitución Política quedará así:**

**Artículo 360.** La explotación de un recurso natural no renovable causará una regalía.

Mediante otra ley se determinará la distribución de los ingresos.

**Artículo 2°. El artículo 361 de la Constitución Política quedará así:**

**Artículo 361.** Los ingresos del Sistema General de Regalías se destinarán a proyectos.

**Artículo 3°.** *Vigencia*. El presente acto legislativo rige desde su promulgación.
""",
        catalogo,
    )
    assert {f.articulo for f in fragmentos if f.articulo} == {"1", "2", "3"}
    vigentes = _vigentes(fragmentos)
    assert "Artículo 360. La explotación" in vigentes["1"].texto and "Mediante otra ley" in "".join(
        f.texto for f in fragmentos if f.articulo == "1")
    assert "Sistema General de Regalías" in vigentes["2"].texto and "quedará así" in vigentes["2"].titulo_articulo


def test_legislacion_anterior_sale_del_texto_vigente(catalogo):
    fragmentos = _norma(
        """
**Artículo 6°.** Categorías vigentes: especial, primera y segunda.

TEXTO CORRESPONDIENTE A []

LEGISLACIÓN ANTERIOR []

**Artículo 6°.** Categorías de 2012: solo especial.

Vigente desde: 06/07/2012 y hasta el: 21/11/2019

**ARTICULO 6º.** CATEGORIZACION: categorías de 1994.

Vigente desde: 02/06/1994 y hasta el: 05/10/2000

**Artículo 7°.** Aplicación de las categorías.
""",
        catalogo,
    )
    vigentes = [f for f in fragmentos if f.vigente and f.articulo == "6"]
    assert len(vigentes) == 1 and "especial, primera y segunda" in vigentes[0].texto
    assert "2012" not in vigentes[0].texto and "1994" not in vigentes[0].texto
    anteriores = [f for f in fragmentos if not f.vigente]
    assert [f.vigencia for f in anteriores] == [
        "Vigente desde: 06/07/2012 y hasta el: 21/11/2019",
        "Vigente desde: 02/06/1994 y hasta el: 05/10/2000",
    ]
    assert all(f.articulo == "6" and f.estado == "anterior" for f in anteriores)
    assert "7" in _vigentes(fragmentos)


def test_las_marcas_de_suin_no_quedan_en_el_texto(catalogo):
    fragmentos = _norma(
        """
**Artículo 216.** *Vigencia*. La presente ley rige seis (6) meses después.

JURISPRUDENCIA []

Afecta la vigencia de: []

TEXTO CORRESPONDIENTE A []

**Artículo 217.** Deroga el Decreto 2737 de 1989.
""",
        catalogo,
    )
    texto = " ".join(f.texto for f in fragmentos)
    assert "[]" not in texto and "Afecta la vigencia" not in texto and "JURISPRUDENCIA" not in texto


def test_derogado_e_inexequible_se_marcan(catalogo):
    fragmentos = _norma(
        """
**Artículo 41.** *Derogado.*

**Artículo 42.** Declarado inexequible.

**Artículo 43.** Sigue vigente.
""",
        catalogo,
    )
    vigentes = _vigentes(fragmentos)
    assert vigentes["41"].derogado and vigentes["41"].estado == "derogado"
    assert vigentes["42"].derogado and vigentes["42"].estado == "inexequible"
    assert not vigentes["43"].derogado


def test_version_sin_fecha_de_cierre_es_la_vigente(catalogo):
    # Orden invertido de SUIN (Ley 489 de 1998, arts. 15 a 23).
    fragmentos = _norma(
        """
**Artículo 15.***Definición del sistema*. Texto derogado en 2017.

LEGISLACIÓN ANTERIOR []

**Artículo 15.** Derogado

TEXTO CORRESPONDIENTE A []

Vigente desde: 11/09/2017

**Artículo 16.** Siguiente.
""",
        catalogo,
    )
    vigente = _vigentes(fragmentos)["15"]
    assert vigente.derogado
    anterior = [f for f in fragmentos if not f.vigente]
    assert len(anterior) == 1 and "Texto derogado en 2017" in anterior[0].texto


def test_los_anexos_tras_las_firmas_no_son_articulos(catalogo):
    fragmentos = _norma(
        """
**Artículo 1°.** Único artículo real.

El Presidente del honorable Senado de la República,

### Corte Constitucional

Artículo 2. Texto del proyecto revisado por la Corte.
""",
        catalogo,
    )
    assert set(_vigentes(fragmentos)) == {"1"}
    assert not any("Corte" in f.texto for f in fragmentos)


def test_un_articulo_largo_se_parte_y_cada_parte_repite_el_encabezado(catalogo):
    parrafos = "\n\n".join(f"{n}. Numeral largo del artículo con texto suficiente para ocupar espacio en el fragmento {'x' * 120}." for n in range(1, 30))
    fragmentos = _norma(f"**Artículo 8°.** *Funciones*. Son funciones:\n\n{parrafos}", catalogo)
    partes = [f for f in fragmentos if f.articulo == "8"]
    assert len(partes) > 1
    assert all(f.texto.startswith("Artículo 8. Funciones.\n") for f in partes)
    assert [f.parte for f in partes] == list(range(1, len(partes) + 1))
    assert all(f.partes == len(partes) for f in partes)
    assert all(len(f.texto) <= 1600 for f in partes)
    assert "29. Numeral" in partes[-1].texto


# --- las 21 leyes reales ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def leyes(catalogo, normativa):
    from pathlib import Path

    return {ruta.stem: fragmentar(cargar(Path(ruta), catalogo), catalogo) for ruta in sorted(normativa.glob("*.md"))}


def test_las_21_leyes_se_fragmentan_en_articulos_con_su_modulo(leyes):
    assert len(leyes) == 21
    for doc_id, fragmentos in leyes.items():
        vigentes = _vigentes(fragmentos)
        assert len(vigentes) >= 9, doc_id
        assert all(f.modulo for f in fragmentos), doc_id
        assert all(f.titulo.startswith("Ley ") for f in fragmentos), doc_id


def test_ley_152_articulo_40_vigente_con_su_plazo(leyes):
    articulo = _vigentes(leyes["LEY-152-1994"])["40"]
    assert "primeros cuatro (4) meses" in articulo.texto
    assert articulo.modulo == "Plan de Desarrollo Territorial"
    assert articulo.titulo_articulo == "Aprobación"


def test_ley_136_articulo_6_solo_su_texto_vigente(leyes):
    fragmentos = leyes["LEY-136-1994"]
    vigentes = [f for f in fragmentos if f.articulo == "6" and f.vigente]
    anteriores = [f for f in fragmentos if f.articulo == "6" and not f.vigente]
    assert vigentes and len({f.vigencia for f in anteriores}) >= 3
    assert all("Vigente desde" in f.vigencia for f in anteriores if f.vigencia)
    texto_vigente = " ".join(f.texto for f in vigentes)
    assert "importancia económica" not in texto_vigente  # solo estaba en la versión de 2012-2019


def test_derogados_reales(leyes):
    assert _vigentes(leyes["LEY-1474-2011"])["41"].derogado
    assert _vigentes(leyes["LEY-489-1998"])["15"].derogado
    assert _vigentes(leyes["LEY-134-1994"])["17"].estado == "inexequible"
    assert not _vigentes(leyes["LEY-152-1994"])["9"].derogado


def test_ley_1551_conserva_lo_que_cita_y_ley_1712_sin_anexos(leyes):
    articulo_3 = [f for f in leyes["LEY-1551-2012"] if f.articulo == "3" and f.vigente]
    assert any("Principios Rectores del Ejercicio de la Competencia" in f.texto for f in articulo_3)
    transparencia = _vigentes(leyes["LEY-1712-2014"])
    assert max(int(a) for a in transparencia if a.isdigit()) == 33
    assert not any("Senador" in f.texto for f in leyes["LEY-1712-2014"])


def test_guiones_suaves_no_quedan_en_el_texto(leyes):
    assert not any("\u00ad" in f.texto for fs in leyes.values() for f in fs)
