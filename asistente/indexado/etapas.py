"""Las etapas del indexado, con un solo nombre para el indexador y para quien muestra su avance
(la barra de `asistente indexar`, la preparación de la página, la actualización del personal).

`al_avanzar(etapa, hechos, total)` recibe una de estas; como `Etapa` es un `StrEnum`, cada una
es igual a su nombre («leyendo», «embebiendo»…), el que viaja en las líneas JSON del indexado aparte.
"""
from __future__ import annotations

from enum import StrEnum


class Etapa(StrEnum):
    LEYENDO = "leyendo"  # huellas de los archivos del corpus
    CARGANDO = "cargando"  # leer y fragmentar los archivos nuevos o cambiados
    COPIANDO = "copiando"  # vectores de lo que no cambió, desde la versión anterior
    EMBEBIENDO = "embebiendo"  # vectores de lo nuevo
    ACTIVANDO = "activando"  # la versión nueva pasa a ser la activa
    LISTO = "listo"
    SEMANTICA = "semantica"  # biblioteca grande: vectores en segundo plano, ya activa por palabras clave


# Las que duran minutos con un corpus grande: se muestran con su avance (hechos de total).
LARGAS = (Etapa.COPIANDO, Etapa.EMBEBIENDO, Etapa.SEMANTICA)
# Desde aquí ya no hay avance que contar: la versión nueva se está activando o ya está activa.
FINALES = (Etapa.ACTIVANDO, Etapa.LISTO)
