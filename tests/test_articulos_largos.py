"""Un artículo de cientos de partes (las leyes de presupuesto de la biblioteca completa) no se
lee entero en cada respuesta: solo las `partes_por_pasaje` más cercanas a la hallada."""
from __future__ import annotations

from conftest import configuracion_pequena

from asistente import Asistente
from asistente.indexado.indexador import actualizar
from asistente.parametros import PREDETERMINADOS
from asistente.respuesta.recuperacion import Recuperador

_MUNICIPIOS = ["Abejorral", "Betulia", "Caicedo", "Dabeiba", "Ebéjico", "Frontino", "Guarne", "Heliconia"]


def _ley_con_articulo_largo(numerales: int) -> str:
    lineas = ["---", "titulo: Ley 7002 de 2020", "---", "", "**Artículo 1°.** *Apropiaciones*. Se aprueban las siguientes partidas:", ""]
    for n in range(1, numerales + 1):
        municipio = _MUNICIPIOS[n % len(_MUNICIPIOS)]
        lineas.append(
            f"{n}. Para el programa {n} de {municipio} se apropian {n * 1000} millones de pesos, que la secretaría de "
            f"hacienda girará en {n % 12 + 1} cuotas durante la vigencia, con el informe trimestral número {n} ante el "
            f"concejo municipal y la publicación del avance físico y financiero del programa {n} en la página web de la entidad, "
            f"según el cronograma aprobado por el consejo de gobierno para la línea estratégica {n}."
        )
        lineas.append("")
    lineas.append("**Artículo 2°.** *Vigencia*. La presente ley rige a partir de su publicación.")
    return "\n".join(lineas) + "\n"


def test_un_articulo_de_muchas_partes_se_lee_alrededor_de_la_hallada(tmp_path):
    configuracion = configuracion_pequena(tmp_path, _ley_con_articulo_largo(120))
    (configuracion.corpus[0] / "LEY-7001-2020.md").rename(configuracion.corpus[0] / "LEY-7002-2020.md")
    actualizar(configuracion)
    asistente = Asistente(configuracion)
    indice = asistente.indice()
    partes = indice.articulo("LEY-7002-2020", "1")
    tope = PREDETERMINADOS.partes_por_pasaje
    assert len(partes) > 2 * tope, "la ley de prueba debe tener un artículo mucho más largo que el tope"
    recuperador = Recuperador(indice, asistente.modelo, PREDETERMINADOS, asistente.catalogo)
    for hallada in (partes[0], partes[len(partes) // 2], partes[-1]):
        leidas = recuperador._partes(hallada)
        assert len(leidas) == tope and hallada in leidas
        ordenes = [f.orden for f in leidas]
        assert ordenes == sorted(ordenes) and len(set(ordenes)) == tope  # contiguas, en orden
    # y se responde con el artículo, sin leerlo entero
    respuesta = asistente.responder("¿Cuántos millones se apropian para el programa 118 de Caicedo?")
    assert not respuesta.abstencion and respuesta.directa.startswith("Según la Ley 7002 de 2020, art. 1:"), respuesta.respuesta
