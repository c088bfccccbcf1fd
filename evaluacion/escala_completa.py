"""`python -m evaluacion.rendimiento_escala --completa`: la biblioteca entera desde nada (#15).

Imprime cifras; no es una prueba. El indexador corre en un proceso aparte (como `indexar.py`)
y avisa su avance en líneas JSON; este proceso mide desde fuera, como el servidor que responde.
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
from pathlib import Path

from .rendimiento_escala import _extraer
from .rendimiento_indexacion import RAIZ, _tamano_mb


def _hijos(pid: int) -> list[int]:
    hijos = []
    for tarea in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            hijos += [int(x) for x in tarea.read_text().split()]
        except OSError:
            pass
    return hijos


class _Indexador:
    """El proceso indexador y lo que va diciendo (las líneas se leen en un hilo)."""

    def __init__(self, indice: Path, corpus: list[Path]) -> None:
        argumentos = [sys.executable, "-m", "evaluacion.rendimiento_escala", "--hijo", "--indice", str(indice)]
        for carpeta in corpus:
            argumentos += ["--corpus", str(carpeta)]
        self.inicio = time.time()
        self.proceso = subprocess.Popen(argumentos, cwd=RAIZ, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.eventos: list[dict] = []
        self.memoria_mb = 0.0
        self.memoria_trabajador_mb = 0.0
        self._hilo = threading.Thread(target=self._leer, daemon=True)
        self._hilo.start()

    def _leer(self) -> None:
        for linea in self.proceso.stdout:
            try:
                self.eventos.append(json.loads(linea))
            except ValueError:
                continue

    def esperar(self, condicion, tope_s: float) -> dict | None:
        limite = time.time() + tope_s
        while time.time() < limite:
            for evento in list(self.eventos):
                if condicion(evento):
                    return evento
            if self.proceso.poll() is not None and not self._hilo.is_alive():
                return None
            self._memoria()
            time.sleep(0.2)
        return None

    def _memoria(self) -> None:
        """VmHWM: memoria máxima residente del indexador (y de cada proceso que embebe) hasta ahora."""
        for pid in [self.proceso.pid, *_hijos(self.proceso.pid)]:
            try:
                for linea in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if linea.startswith("VmHWM:"):
                        mb = int(linea.split()[1]) / 1024
                        if pid == self.proceso.pid:
                            self.memoria_mb = max(self.memoria_mb, mb)
                        else:
                            self.memoria_trabajador_mb = max(self.memoria_trabajador_mb, mb)
            except OSError:
                pass

    def cpu_s(self) -> float:
        """Segundos de CPU del indexador y de los procesos que embeben (vivos), hasta ahora."""
        total = 0.0
        for pid in [self.proceso.pid, *_hijos(self.proceso.pid)]:
            try:
                campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(campos[11]) + int(campos[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, IndexError, ValueError):
                pass
        return total

    def senal(self, numero: int) -> None:
        self._memoria()
        os.kill(self.proceso.pid, numero)

    def matar(self) -> None:
        self.senal(signal.SIGKILL)
        self.proceso.wait()
        self._hilo.join(5)


def _latencias(indice: Path, preguntas: int) -> dict:
    """Latencia en un proceso aparte (el que responde), con su memoria máxima."""
    codigo = (
        "import json,statistics,resource,sys;"
        "from asistente.respuesta.asistente import Asistente;from asistente.configuracion import Configuracion;"
        "from asistente.calidad import conjunto;"
        f"a=Asistente(Configuracion.desde_entorno(indice={str(indice)!r})).preparar();"
        f"ps=[p.pregunta for p in conjunto.cargar(conjunto.DESARROLLO)][:{preguntas}];"
        "[a.responder(p) for p in ps[:5]];"
        "rs=[a.responder(p) for p in ps];t=sorted(r.latencia_ms for r in rs);"
        "print(json.dumps({'p50':statistics.median(t),'p95':t[int(0.95*(len(t)-1))],'n':len(t),"
        "'respondidas':sum(not r.abstencion for r in rs),'marcadas':sum(bool(r.busqueda) for r in rs),"
        "'memoria_mb':resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024,"
        "'vectores':a.indice().vectores,'fragmentos':a.indice().fragmentos_total}))"
    )
    proceso = subprocess.run([sys.executable, "-c", codigo], cwd=RAIZ, capture_output=True, text=True)
    if proceso.returncode != 0:
        return {"error": proceso.stderr[-800:]}
    return json.loads(proceso.stdout.strip().splitlines()[-1])


def _tramo(eventos: list[dict]) -> dict:
    """Textos y fragmentos por segundo entre el primer y el último lote guardado."""
    lotes = [e for e in eventos if str(e.get("registro", "")).startswith("embebidos: ")]
    avance = [e for e in eventos if e.get("etapa") == "semantica"]
    if len(lotes) < 2 or len(avance) < 2:
        return {}
    textos = int(lotes[-1]["registro"].split()[1]) - int(lotes[0]["registro"].split()[1])
    segundos = lotes[-1]["t"] - lotes[0]["t"]
    fragmentos = avance[-1]["hechos"] - avance[1]["hechos"] if len(avance) > 2 else 0
    seg_fragmentos = avance[-1]["t"] - avance[1]["t"] if len(avance) > 2 else 0
    return {
        "textos_por_s": textos / segundos if segundos else 0.0,
        "fragmentos_por_s": fragmentos / seg_fragmentos if seg_fragmentos else 0.0,
        "segundos": segundos,
        "lotes": len(lotes),
    }


def completa(args) -> int:
    carga = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="banco-escala-completa-") as temporal:
        temporal = Path(temporal)
        leyes = Path(args.leyes) if args.leyes else None
        if leyes is None:
            leyes = temporal / "leyes"
            _extraer(Path(args.archivo), leyes)
        indice = Path(args.indice) if args.indice else temporal / "indice"
        if indice.exists() and any(indice.iterdir()):
            print(f"El índice {indice} no está vacío: el banco mide desde nada.", file=sys.stderr)
            return 1
        corpus = [RAIZ / "corpus", leyes]
        print(f"Biblioteca: {len(list(leyes.glob('*.md')))} leyes + corpus/ · carga de la máquina al empezar {carga:.1f} "
              f"en {os.cpu_count()} núcleos", flush=True)

        # 1. Desde nada hasta responder por palabras clave.
        hijo = _Indexador(indice, corpus)
        activa = hijo.esperar(lambda e: e.get("etapa") == "activando" and e.get("hechos") == 1, 3600)
        if activa is None:
            print("El indexador terminó sin activar el índice.", file=sys.stderr)
            return 1
        cpu_lexico = hijo.cpu_s()
        hijo.senal(signal.SIGSTOP)  # se mide la latencia sin que el indexador compita por la CPU
        listo_lexico = activa["t"] - hijo.inicio
        disco_lexico = _tamano_mb(indice)
        fragmentos = next((e["total"] for e in reversed(hijo.eventos) if e.get("etapa") == "semantica"), None)
        print(f"Responde por palabras clave a los {listo_lexico:.0f} s de reloj ({listo_lexico / 60:.1f} min; meta ≤ 5 min), "
              f"{cpu_lexico:.0f} s de CPU del indexador (carga media de la máquina {os.getloadavg()[1]:.1f}) · "
              f"memoria máxima del indexador hasta ahí {hijo.memoria_mb:.0f} MB · disco {disco_lexico:.0f} MB", flush=True)
        lexica = _latencias(indice, args.preguntas)
        print(f"Latencia solo por palabras clave ({lexica.get('vectores')} de {lexica.get('fragmentos')} fragmentos con vector): "
              f"p50 {lexica.get('p50', 0):.0f} ms · p95 {lexica.get('p95', 0):.0f} ms · {lexica.get('respondidas')} de "
              f"{lexica.get('n')} respondidas, {lexica.get('marcadas')} marcadas «búsqueda por palabras clave» · memoria del "
              f"proceso que responde {lexica.get('memoria_mb', 0):.0f} MB {lexica.get('error', '')}", flush=True)
        hijo.senal(signal.SIGCONT)

        # 2. Fase semántica durante un tramo, y kill -9 en medio de un lote.
        inicio_tramo = time.time()
        primer_lote = hijo.esperar(lambda e: str(e.get("registro", "")).startswith("embebidos: "), 3600)
        cpu_inicio, textos_inicio = hijo.cpu_s(), int(primer_lote["registro"].split()[1]) if primer_lote else 0
        hijo.esperar(lambda e: False, args.minutos_semantica * 60)
        cpu_tramo = hijo.cpu_s() - cpu_inicio
        textos_tramo = max((int(e["registro"].split()[1]) for e in hijo.eventos if str(e.get("registro", "")).startswith("embebidos: ")), default=0) - textos_inicio
        hijo.matar()
        if cpu_tramo:
            print(f"Fase semántica por CPU: {textos_tramo / cpu_tramo:.2f} textos por segundo de CPU (indexador + procesos que embeben; "
                  f"en 2 núcleos libres, hasta {2 * textos_tramo / cpu_tramo:.1f} textos/s) · memoria máxima de cada proceso que embebe "
                  f"{hijo.memoria_trabajador_mb:.0f} MB", flush=True)
        tramo = _tramo(hijo.eventos)
        fragmentos = next((e["total"] for e in reversed(hijo.eventos) if e.get("etapa") == "semantica"), fragmentos)
        totales = next((e["registro"] for e in hijo.eventos if str(e.get("registro", "")).startswith("por embeber")), "")
        textos_total = int(totales.split()[2]) if totales else 0
        textos_hechos = max((int(e["registro"].split()[1]) for e in hijo.eventos if str(e.get("registro", "")).startswith("embebidos: ")), default=0)
        print(f"Fase semántica ({time.time() - inicio_tramo:.0f} s medidos, {tramo.get('lotes', 0)} lotes): "
              f"{tramo.get('textos_por_s', 0):.1f} textos/s · {tramo.get('fragmentos_por_s', 0):.1f} fragmentos/s "
              f"({textos_total} textos distintos para {fragmentos} fragmentos) · memoria máxima del indexador {hijo.memoria_mb:.0f} MB",
              flush=True)
        if tramo.get("textos_por_s"):
            faltan = (textos_total - textos_hechos) / tramo["textos_por_s"]
            print(f"Híbrida completa: PROYECTADA desde ese tramo, {(listo_lexico + (time.time() - inicio_tramo) + faltan) / 3600:.1f} h "
                  f"desde nada (faltan {textos_total - textos_hechos} textos a {tramo['textos_por_s']:.1f}/s)", flush=True)

        # 3. Reanudar tras el kill -9: cuánto se perdió.
        parcial = _latencias(indice, args.preguntas)
        print(f"Latencia con la búsqueda semántica parcial ({parcial.get('vectores')} de {parcial.get('fragmentos')} con vector): "
              f"p50 {parcial.get('p50', 0):.0f} ms · p95 {parcial.get('p95', 0):.0f} ms · memoria del proceso que responde "
              f"{parcial.get('memoria_mb', 0):.0f} MB {parcial.get('error', '')}", flush=True)
        reanudado = _Indexador(indice, corpus)
        primero = reanudado.esperar(lambda e: str(e.get("registro", "")).startswith("por embeber"), 1800)
        if primero is not None:
            pendientes = int(primero["registro"].split()[2])
            perdidos = pendientes - (textos_total - textos_hechos)
            print(f"Tras el kill -9: {pendientes} textos pendientes; se perdieron {perdidos} (lote: "
                  f"{_lote()} textos) · reanudó a los {primero['t'] - reanudado.inicio:.0f} s", flush=True)
        reanudado.esperar(lambda e: False, args.minutos_reanudacion * 60)
        reanudado.matar()
        disco, vectores, total = _tamano_mb(indice), _vectores(indice), parcial.get("fragmentos") or 0
        por_vector = (disco - disco_lexico) / vectores if vectores else 0.0
        print(f"Disco: {disco_lexico:.0f} MB sin vectores · {disco:.0f} MB con {vectores} · PROYECTADO con los {total}: "
              f"{disco_lexico + por_vector * total:.0f} MB ({por_vector * 1024:.1f} KB por fragmento con vector)", flush=True)
    return 0


def _lote() -> int:
    from asistente.parametros import INDEXADO

    return INDEXADO.lote_semantico


def _vectores(indice: Path) -> int:
    from asistente.indexado.estado import estado_del_indice
    from asistente.configuracion import Configuracion

    return estado_del_indice(Configuracion.desde_entorno(indice=str(indice)))["con_vector"]
