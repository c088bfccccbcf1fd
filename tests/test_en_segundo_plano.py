"""El indexado en segundo plano: un trabajo a la vez y un avance que la página puede leer."""
from __future__ import annotations

import threading

from asistente.indexado.en_segundo_plano import Avance, EnSegundoPlano
from asistente.indexado.etapas import Etapa
from asistente.web.preparacion import describir


def test_un_solo_trabajo_a_la_vez_y_se_puede_volver_a_lanzar_al_terminar():
    fondo, soltar, hechos = EnSegundoPlano("prueba"), threading.Event(), []
    assert not fondo.lanzado and not fondo.vivo
    assert fondo.lanzar(lambda n: (soltar.wait(10), hechos.append(n)), 1)
    assert fondo.vivo and not fondo.lanzar(hechos.append, 2)  # el segundo no arranca mientras vive el primero
    soltar.set()
    fondo.esperar(10)
    assert not fondo.vivo and hechos == [1]
    assert fondo.lanzar(hechos.append, 3)
    fondo.esperar(10)
    assert hechos == [1, 3] and fondo.lanzado
    assert not fondo.lanzar(hechos.append, 4, una_vez=True)  # ya se lanzó uno: «una vez» no arranca otro
    fondo.esperar(10)
    assert hechos == [1, 3]


def test_el_avance_cuenta_solo_en_las_etapas_largas_y_no_al_activar():
    avance = Avance()
    avance(Etapa.LEYENDO, 3, 10)
    assert avance.porcentaje is None and avance.con_cuenta
    avance(Etapa.EMBEBIENDO, 1200, 5627)
    assert avance.porcentaje == 21 and describir(avance) == "Calculando los vectores de búsqueda: 1.200 de 5.627"
    avance(Etapa.EMBEBIENDO, 9000, 5627)  # un total que se quedó corto no pasa de 100 %
    assert avance.porcentaje == 100
    avance(Etapa.ACTIVANDO, 5627, 5627)
    assert not avance.con_cuenta and avance.porcentaje is None and describir(avance) == "Activando el índice"
    avance.reiniciar(Etapa.LEYENDO)
    assert (avance.etapa, avance.hechos, avance.total) == (Etapa.LEYENDO, 0, 0)
