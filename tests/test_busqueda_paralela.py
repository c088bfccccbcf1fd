"""Preguntas simultáneas (#16): la búsqueda densa exacta en memoria y los motores de e5 por pregunta
dan lo mismo que el grafo de Chroma y que un solo motor."""
from __future__ import annotations

import threading

import numpy as np

from asistente.indexado.embeddings import E5Nano
from asistente.indexado.abierto import Filtro

PREGUNTAS = [
    "¿Cuánto tiempo tiene el alcalde para llevar el plan de desarrollo al concejo?",
    "¿Qué es el Consejo Territorial de Planeación?",
    "¿Quién aprueba el plan de ordenamiento territorial?",
    "¿Cuáles son las dimensiones del MIPG?",
    "¿Qué porcentaje de los ingresos corrientes de libre destinación pueden ir a gastos de funcionamiento?",
    "¿Cada cuánto se rinde cuentas a la ciudadanía?",
]


def test_la_busqueda_exacta_coincide_con_el_grafo_de_chroma(asistente_completo):
    indice = asistente_completo.indice()
    exacta = indice.matriz_exacta()
    assert exacta is not None, "con las 21 leyes la búsqueda densa debe ser exacta, en memoria"
    matriz, tiene = exacta
    assert tiene.sum() == indice.vectores and matriz.shape == (indice.fragmentos_total, asistente_completo.modelo.dimension)
    filtro = Filtro()
    permitidos = indice.permitidos(filtro)
    todo = indice.coleccion.get(include=["embeddings"])
    por_id = dict(zip(todo["ids"], todo["embeddings"]))
    ids = [i for i, permitido in zip(indice.lexico.ids, permitidos) if permitido and i in por_id]
    guardados = np.asarray([por_id[i] for i in ids], dtype=np.float32)
    for pregunta in PREGUNTAS:
        vector = asistente_completo.modelo.consulta(pregunta)
        propios = indice.buscar_denso(vector, 20, filtro, permitidos=permitidos)
        # Exacta: lo mismo que recorrer uno por uno los vectores que guarda Chroma.
        puntajes = guardados @ vector
        fuerza_bruta = [ids[n] for n in np.argsort(-puntajes, kind="stable")[:10]]
        assert [i for i, _ in propios[:10]] == fuerza_bruta, pregunta
        assert np.allclose([s for _, s in propios[:10]], np.sort(puntajes)[::-1][:10], atol=1e-5)
        # El grafo HNSW de Chroma es aproximado: tras una actualización incremental puede saltarse
        # un vecino; debe coincidir en casi todos y con los mismos puntajes.
        grafo = indice.coleccion.query(query_embeddings=[vector.tolist()], n_results=60, where=filtro.donde(), include=["distances"])
        de_chroma = {i: 1.0 - d for i, d in zip(grafo["ids"][0], grafo["distances"][0])}
        comunes = [i for i, _ in propios[:10] if i in de_chroma]
        assert len(comunes) >= 9, (pregunta, [i for i, _ in propios[:10]], list(de_chroma)[:10])
        assert all(abs(de_chroma[i] - dict(propios)[i]) < 1e-4 for i in comunes)
        # los vectores que usa el soporte salen de la misma matriz
        assert np.allclose(indice.vectores_de([propios[0][0]])[propios[0][0]] @ vector, propios[0][1], atol=1e-5)


def test_preguntas_simultaneas_dan_los_mismos_vectores_que_una_por_una():
    modelo = E5Nano()
    solas = [modelo.consulta(p) for p in PREGUNTAS * 3]
    resultados: dict[int, np.ndarray] = {}
    errores: list[BaseException] = []

    def preguntar(indices):
        try:
            for i in indices:
                resultados[i] = modelo.consulta((PREGUNTAS * 3)[i])
        except BaseException as error:  # noqa: BLE001
            errores.append(error)

    hilos = [threading.Thread(target=preguntar, args=(range(k, len(solas), 4),)) for k in range(4)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    assert not errores
    assert all(np.array_equal(resultados[i], solas[i]) for i in range(len(solas)))
    assert 1 <= modelo._creados <= 4
