"""`asistente indexar` (o `python indexar.py`): construye o actualiza el índice con lo que cambió en el corpus.

Estado de salida: 0 si se indexó todo, 2 si se omitieron archivos (cada uno con su
motivo en stderr; el resto quedó indexado), 1 si no se pudo hacer nada.
"""
from __future__ import annotations

import json
import sys
import time

from ..configuracion import Configuracion
from ..indexado.etapas import Etapa

AYUDA = "construye o actualiza el índice (solo procesa lo que cambió)"
DESCRIPCION = "Construye o actualiza el índice del asistente. Solo procesa lo que cambió."


def configurar(parser) -> None:
    parser.add_argument("--corpus", action="append", metavar="CARPETA",
                        help="carpeta con documentos (se puede repetir; por omisión corpus/ o ASISTENTE_CORPUS)")
    parser.add_argument("--indice", metavar="CARPETA", help="carpeta del índice (por omisión indice/ o ASISTENTE_INDICE)")
    parser.add_argument("--json", action="store_true", help="imprime un resumen JSON en la salida estándar")
    parser.add_argument("--completo", action="store_true", help="vuelve a procesar todos los documentos")
    parser.add_argument("--estado", action="store_true", help="muestra el estado del índice sin modificarlo")


def ejecutar(args) -> int:
    # La carpeta de cargas del personal (ASISTENTE_CARGAS o datos/cargas) es parte del corpus de la web:
    # sin ella, actualizar desde la terminal retiraría del índice lo que subió el personal.
    configuracion = Configuracion.desde_entorno(corpus=args.corpus, indice=args.indice).con_cargas()
    if args.estado:
        return _estado(configuracion, args.json)
    from ..indexado.almacen import ErrorDeAlmacen
    from ..indexado.indexador import ErrorDeIndexado, actualizar

    barra = _Barra(activa=sys.stderr.isatty())
    try:
        resumen = actualizar(configuracion, completo=args.completo, al_avanzar=barra)
    except (ErrorDeIndexado, ErrorDeAlmacen) as error:
        barra.cerrar()
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        barra.cerrar()
        if barra.vio_semantica:
            print("Interrumpido durante la búsqueda semántica: el índice nuevo ya responde por palabras clave; "
                  "«python indexar.py» la continúa donde quedó.", file=sys.stderr)
        else:
            print("Interrumpido: el índice anterior sigue activo y sin cambios.", file=sys.stderr)
        return 1
    except Exception as error:  # último recurso: mensaje claro, nunca una traza para el personal
        barra.cerrar()
        print(f"Error inesperado al indexar ({type(error).__name__}: {error}). El índice anterior sigue activo.", file=sys.stderr)
        return 1
    barra.cerrar()
    for omitido in resumen.omitidos:
        print(f"Omitido: {omitido.archivo}: {omitido.motivo}", file=sys.stderr)
    for aviso in resumen.avisos:
        print(f"Aviso: {aviso.archivo}: {aviso.motivo}", file=sys.stderr)
    if args.json:
        print(json.dumps(resumen.a_dict(), ensure_ascii=False, indent=2))
    else:
        print(_texto_resumen(resumen))
    return 2 if resumen.omitidos else 0


def _texto_resumen(resumen) -> str:
    lineas = [
        f"Índice {resumen.version} con {resumen.fragmentos} fragmentos (modelo {resumen.modelo}).",
        f"Nuevos: {len(resumen.nuevos)} · modificados: {len(resumen.modificados)} · eliminados: {len(resumen.eliminados)}"
        f" · sin cambios: {len(resumen.sin_cambios)} · omitidos: {len(resumen.omitidos)}",
        f"Fragmentos embebidos en esta ejecución: {resumen.embebidos} · {resumen.segundos:.1f} s",
    ]
    return "\n".join(lineas)


def _estado(configuracion: Configuracion, como_json: bool) -> int:
    from ..indexado.estado import estado_del_indice

    try:
        estado = estado_del_indice(configuracion)
    except Exception as error:
        print(f"Error: no se pudo leer el índice ({error})", file=sys.stderr)
        return 1
    if como_json:
        print(json.dumps(estado, ensure_ascii=False, indent=2))
        return 0
    if not estado["version"]:
        print("No hay índice todavía: ejecute «python indexar.py».")
        return 0
    print(f"Índice {estado['version']} · {estado['fragmentos']} fragmentos · modelo {estado['modelo']} · actualizado {estado['creado']}")
    if estado["semantica"]:
        print(f"  {estado['semantica'][:1].upper()}{estado['semantica'][1:]}: mientras tanto se responde con la búsqueda "
              "por palabras clave («python indexar.py» la continúa si se interrumpió).")
    for doc in estado["documentos"]:
        modulo = f" · {doc['modulo']}" if doc["modulo"] else ""
        articulos = f" · {doc['articulos']} artículos" if doc["articulos"] else ""
        print(f"  - {doc['titulo']} ({doc['doc_id']}){modulo}{articulos} · cargado {doc['cargado']}")
    for omitido in estado["omitidos"]:
        print(f"  ! omitido {omitido['archivo']}: {omitido['motivo']}")
    return 0


class _Barra:
    """Avance en stderr: barra (tqdm) en una terminal; sin terminal (registro, CI, cron), una
    línea al empezar cada etapa y luego cada `INTERVALO_S` segundos."""

    _NOMBRES = {Etapa.LEYENDO: "Leyendo", Etapa.CARGANDO: "Fragmentando", Etapa.COPIANDO: "Copiando vectores", Etapa.EMBEBIENDO: "Embebiendo",
                Etapa.SEMANTICA: "Búsqueda semántica (el índice ya responde por palabras clave)"}
    INTERVALO_S = 10.0

    def __init__(self, activa: bool, lineas: bool = True) -> None:
        self._activa = activa
        self._lineas = lineas and not activa
        self._barra = None
        self._etapa = None
        self._ultima = 0.0
        self.vio_semantica = False

    def __call__(self, etapa: str, hechos: int, total: int) -> None:
        self.vio_semantica |= etapa == "semantica"
        if etapa not in self._NOMBRES or total < 1:
            return
        if self._lineas:
            return self._linea(etapa, hechos, total)
        if not self._activa:
            return
        if etapa != self._etapa:
            self.cerrar()
            from tqdm import tqdm

            self._barra = tqdm(total=total, desc=self._NOMBRES[etapa], unit="", file=sys.stderr, leave=False, mininterval=0.5)
            self._etapa = etapa
        self._barra.total = max(total, hechos)
        self._barra.n = hechos
        self._barra.refresh()

    def _linea(self, etapa: str, hechos: int, total: int) -> None:
        ahora = time.monotonic()
        if etapa == self._etapa and ahora - self._ultima < self.INTERVALO_S:
            return
        self._etapa, self._ultima = etapa, ahora
        porcentaje = 100 * hechos // max(total, hechos, 1)
        print(f"{self._NOMBRES[etapa]}: {hechos}/{total} ({porcentaje} %)", file=sys.stderr, flush=True)

    def cerrar(self) -> None:
        if self._barra is not None:
            self._barra.close()
        self._barra, self._etapa = None, None
