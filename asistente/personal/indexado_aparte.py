"""Actualizar el índice en otro proceso, con techo de memoria y de tiempo.

    resumen = actualizar_aparte(configuracion, al_avanzar=avance)   # Resumen, como indexador.actualizar

Lo usa la actualización pedida desde la página del personal: un documento que dispara la
memoria o no termina nunca (un PDF malicioso, un formato que un cargador no prevé) no puede
llevarse consigo el proceso que atiende el chat. El proceso hijo ejecuta
`indexador.actualizar` y cuenta su avance por la salida estándar, una línea JSON por
evento; el padre lo vigila (memoria residente cada décima de segundo, reloj) y, si supera un
techo, lo mata con todo su grupo y lanza `ErrorDeIndexado` con el motivo en español. El
índice activo no cambia: la versión nueva solo se activa al final, con una escritura, y los
restos de la interrumpida se limpian en la siguiente construcción.

    python -m asistente.personal.indexado_aparte     # el hijo; la configuración llega por el entorno
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict

from ..configuracion import RAIZ, Configuracion
from ..indexado.etapas import Etapa
from ..indexado.indexador import ErrorDeIndexado, IndiceOcupado, Omitido, Progreso, Resumen

VIGILANCIA_S = 0.1
_ETAPAS = {Etapa.LEYENDO: "leyendo el corpus", Etapa.CARGANDO: "fragmentando", Etapa.COPIANDO: "copiando vectores",
           Etapa.EMBEBIENDO: "embebiendo", Etapa.ACTIVANDO: "activando la versión nueva"}


class LimiteSuperado(ErrorDeIndexado):
    """El proceso de indexado superó el techo de memoria o de tiempo y se detuvo."""


def actualizar_aparte(configuracion: Configuracion, al_avanzar: Progreso | None = None, completo: bool = False) -> Resumen:
    al_avanzar = al_avanzar or (lambda *_: None)
    entorno = {**os.environ, **configuracion.variables_de_entorno()}
    entorno["PYTHONPATH"] = os.pathsep.join(p for p in (str(RAIZ), entorno.get("PYTHONPATH", "")) if p)
    orden = [sys.executable, "-m", "asistente.personal.indexado_aparte"] + (["--completo"] if completo else [])
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as errores:
        proceso = subprocess.Popen(
            orden, stdout=subprocess.PIPE, stderr=errores, stdin=subprocess.DEVNULL, env=entorno,
            text=True, encoding="utf-8", start_new_session=True,  # su propio grupo: se mata entero
        )
        mensajes: list[dict] = []
        ultima: list = ["", 0, 0]

        def leer() -> None:
            for linea in proceso.stdout:
                try:
                    mensaje = json.loads(linea)
                except ValueError:
                    continue
                if "avance" in mensaje:
                    ultima[:] = mensaje["avance"]
                    al_avanzar(*mensaje["avance"])
                else:
                    mensajes.append(mensaje)

        lector = threading.Thread(target=leer, name="indexado-aparte-lector", daemon=True)
        lector.start()
        motivo = _vigilar(proceso, configuracion.actualizacion_memoria, configuracion.actualizacion_segundos,
                          activada=lambda: _ya_activada(ultima))
        lector.join(5)
        if motivo:
            etapa, hechos, total = ultima
            if _ya_activada(ultima):
                raise LimiteSuperado(
                    f"La actualización se detuvo después de activar la versión nueva: {motivo}. "
                    "El índice activo ya es la versión nueva; la limpieza de las versiones viejas se completará "
                    "en la próxima actualización."
                )
            donde = f" durante «{_ETAPAS.get(etapa, etapa)}» ({hechos} de {total})" if etapa else ""
            raise LimiteSuperado(
                f"La actualización se detuvo{donde}: {motivo}. El índice activo no cambió. "
                "Revise los últimos documentos cargados (un archivo dañado o desmesurado) y retírelo antes de volver a intentar."
            )
        errores.seek(0)
        cola_de_errores = errores.read()[-2000:]
    return _resultado(mensajes, proceso.returncode, cola_de_errores)


def _ya_activada(ultima: list) -> bool:
    """El hijo ya informó que activó la versión nueva (solo le queda limpiar)."""
    etapa, hechos, total = ultima
    return etapa == Etapa.LISTO or (etapa == Etapa.ACTIVANDO and total and hechos >= total)


def _vigilar(proceso: subprocess.Popen, memoria_maxima: int, segundos_maximos: float, activada=lambda: False) -> str:
    """Espera a que termine; si supera un techo lo mata y devuelve el motivo ("" si terminó solo).

    Una vez activada la versión nueva el techo de tiempo ya no corre: matar al hijo entonces
    no protege nada y dejaría sin informe una actualización que sí se hizo.
    """
    inicio = time.monotonic()
    while proceso.poll() is None:
        memoria = memoria_residente(proceso.pid)
        if memoria > memoria_maxima:
            _matar(proceso)
            return (f"usó más de {memoria_maxima // (1024 * 1024)} MB de memoria "
                    "(límite ASISTENTE_ACTUALIZACION_MEMORIA_MB)")
        if time.monotonic() - inicio > segundos_maximos and not activada():
            _matar(proceso)
            return (f"tardó más de {segundos_maximos / 60:g} minutos "
                    "(límite ASISTENTE_ACTUALIZACION_MINUTOS)")
        time.sleep(VIGILANCIA_S)
    return ""


def memoria_residente(pid: int) -> int:
    """Bytes de memoria residente (VmRSS) de un proceso; 0 si ya no existe o no es Linux."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as estado:
            for linea in estado:
                if linea.startswith("VmRSS:"):
                    return int(linea.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _matar(proceso: subprocess.Popen) -> None:
    try:
        os.killpg(proceso.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proceso.kill()
    proceso.wait()


def _resultado(mensajes: list[dict], codigo: int, errores: str) -> Resumen:
    final = mensajes[-1] if mensajes else {}
    if "resumen" in final:
        datos = final["resumen"]
        datos["omitidos"] = [Omitido(**o) for o in datos.get("omitidos", [])]
        datos["avisos"] = [Omitido(**o) for o in datos.get("avisos", [])]
        return Resumen(**datos)
    if final.get("clase") == "ocupado":
        raise IndiceOcupado(final["mensaje"])
    if "mensaje" in final:
        raise ErrorDeIndexado(final["mensaje"])
    detalle = errores.strip().splitlines()[-1] if errores.strip() else f"código de salida {codigo}"
    raise ErrorDeIndexado(f"El proceso de indexado terminó sin informe ({detalle}). El índice activo no cambió.")


# --- el proceso hijo ----------------------------------------------------------------------------
def _enviar(mensaje: dict) -> None:
    sys.stdout.write(json.dumps(mensaje, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    from ..indexado.indexador import actualizar

    completo = "--completo" in (argv if argv is not None else sys.argv[1:])
    ultimo = [0.0, ""]

    def avance(etapa: str, hechos: int, total: int) -> None:
        ahora = time.monotonic()
        if etapa != ultimo[1] or ahora - ultimo[0] >= 0.2 or hechos >= total:  # sin inundar la tubería
            ultimo[:] = [ahora, etapa]
            _enviar({"avance": [etapa, hechos, total]})

    try:
        configuracion = Configuracion.desde_entorno()
        resumen = actualizar(configuracion, completo=completo, al_avanzar=avance)
    except IndiceOcupado as error:
        _enviar({"clase": "ocupado", "mensaje": str(error)})
        return 1
    except ErrorDeIndexado as error:
        _enviar({"clase": "indexado", "mensaje": str(error)})
        return 1
    except MemoryError:
        _enviar({"clase": "memoria", "mensaje": "El proceso de indexado se quedó sin memoria. El índice activo no cambió."})
        return 1
    except Exception as error:  # noqa: BLE001  (el padre lo muestra al personal)
        _enviar({"clase": "inesperado", "mensaje": f"No se pudo actualizar el índice ({type(error).__name__}: {error})."})
        return 1
    datos = asdict(resumen)
    _enviar({"resumen": datos})
    return 0


if __name__ == "__main__":
    sys.exit(main())
