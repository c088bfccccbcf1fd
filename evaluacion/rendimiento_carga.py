"""Banco de carga del chat: muchas personas a la vez, por el protocolo de la propia página (imprime cifras; no es una prueba).

    python -m evaluacion.rendimiento_carga --indice indice [--corpus corpus --corpus ../shared/normativa] [--usuarios 20] [--preguntas 5] [--json]
    python -m evaluacion.rendimiento_carga --url http://127.0.0.1:7860 [--datos datos] [--pid PID] ...

Arranca `python app.py` en 127.0.0.1 (un puerto libre, una carpeta de datos temporal y el índice
dado, sin indexar) o usa un servidor local ya en marcha (--url; solo direcciones de loopback).
Cada usuario simulado abre su sesión y hace sus preguntas una tras otra, como la página: se une a
la cola de Gradio (/gradio_api/queue/join) con el mismo evento que el envío de la pregunta y lee
el flujo SSE (/gradio_api/queue/data); vota 👍/👎 algunas respuestas con el evento «like» del chat.
Informa el tiempo hasta el primer texto de la respuesta y hasta la respuesta completa (mediana y
p95), respuestas por segundo, errores, la memoria máxima del servidor (VmHWM) y las opiniones
guardadas frente a las enviadas. Metas (#16, 21 leyes, 2 núcleos): 20 × 5 → 0 errores, p95 del
primer texto ≤ 2 s y de la respuesta completa ≤ 5 s; 50 × 2 → 0 errores, p95 del primer texto ≤ 6 s;
todas las opiniones guardadas.
"""
from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from asistente.cli import ayuda  # noqa: F401  (la ayuda de argparse en español)

RAIZ = Path(__file__).resolve().parent.parent
DESARROLLO = RAIZ / "evaluacion" / "desarrollo.jsonl"
MAXIMO_USUARIOS = 200
MAXIMO_PREGUNTAS = 50
ESPERA_PREDETERMINADA_S = 120.0
PREFIJO_AVISO = "**Aviso:**"


class ErrorDeCarga(RuntimeError):
    """El banco no pudo ejecutarse (servidor que no arranca, página sin el evento esperado…)."""


# --- el servidor --------------------------------------------------------------------------------
def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memoria_maxima_mb(pid: int) -> float | None:
    """El pico de memoria residente (VmHWM) del proceso, en MB; None si no se puede leer."""
    try:
        for linea in Path(f"/proc/{pid}/status").read_text().splitlines():
            if linea.startswith("VmHWM:"):
                return round(int(linea.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None
    return None


def tiempo_de_cpu_s(pid: int) -> float | None:
    """Segundos de CPU (usuario + sistema) que lleva el proceso; None si no se puede leer."""
    try:
        campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(campos[11]) + int(campos[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class ServidorLocal:
    """`python app.py` en 127.0.0.1 con el índice dado, una carpeta de datos propia y sin indexar."""

    def __init__(self, indice: Path, corpus: list[Path] | None = None, datos: Path | None = None,
                 entorno: dict | None = None, espera_s: float = 300.0) -> None:
        self._temporal = None if datos else Path(tempfile.mkdtemp(prefix="banco-carga-"))
        self.datos = Path(datos) if datos else self._temporal / "datos"
        self.puerto = _puerto_libre()
        self.url = f"http://127.0.0.1:{self.puerto}"
        self.bitacora = (self._temporal or self.datos) / "servidor-carga.log"
        self.bitacora.parent.mkdir(parents=True, exist_ok=True)
        orden = [sys.executable, str(RAIZ / "app.py"), "--host", "127.0.0.1", "--puerto", str(self.puerto),
                 "--indice", str(indice), "--datos", str(self.datos), "--no-indexar"]
        for carpeta in corpus or []:
            orden += ["--corpus", str(carpeta)]
        with open(self.bitacora, "wb") as salida:
            self.proceso = subprocess.Popen(orden, stdout=salida, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            cwd=RAIZ, env={**os.environ, **(entorno or {})})
        try:
            self._esperar_listo(espera_s)
        except BaseException:
            self.detener()
            raise

    def _esperar_listo(self, espera_s: float) -> None:
        limite = time.monotonic() + espera_s
        while True:
            if self.proceso.poll() is not None:
                raise ErrorDeCarga(f"el servidor terminó al arrancar (código {self.proceso.returncode}):\n{self.registro()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/estado", timeout=5) as respuesta:
                    estado = json.loads(respuesta.read())
                if estado.get("error"):
                    raise ErrorDeCarga(f"el asistente no pudo prepararse: {estado['error']}")
                if estado.get("listo"):
                    return
            except OSError:
                pass
            if time.monotonic() > limite:
                raise ErrorDeCarga(f"el servidor no quedó listo en {espera_s:.0f} s:\n{self.registro()[-2000:]}")
            time.sleep(0.2)

    @property
    def pid(self) -> int:
        return self.proceso.pid

    def registro(self) -> str:
        return self.bitacora.read_text(encoding="utf-8", errors="replace") if self.bitacora.exists() else ""

    def detener(self) -> None:
        if self.proceso.poll() is None:
            self.proceso.terminate()
            try:
                self.proceso.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proceso.kill()
                self.proceso.wait(timeout=20)
        if self._temporal is not None:
            shutil.rmtree(self._temporal, ignore_errors=True)

    def __enter__(self) -> "ServidorLocal":
        return self

    def __exit__(self, *_) -> None:
        self.detener()


def opiniones_guardadas(datos: Path) -> int:
    """Opiniones guardadas en la base de registros del servidor (SQLite bajo `datos`, o ASISTENTE_BD_URL)."""
    from asistente.configuracion import Configuracion
    from asistente.personal.opiniones import Opiniones

    return Opiniones.en(Configuracion.desde_entorno(datos=Path(datos))).contar()


def exigir_loopback(url: str) -> str:
    anfitrion = urllib.parse.urlsplit(url).hostname or ""
    try:
        local = ipaddress.ip_address(anfitrion).is_loopback
    except ValueError:
        local = anfitrion == "localhost"
    if not local:
        raise ErrorDeCarga(f"el banco solo se ejecuta contra 127.0.0.1 o localhost, no contra «{anfitrion}»")
    return url.rstrip("/")


# --- la página: qué eventos usa ------------------------------------------------------------------
@dataclass(frozen=True)
class Eventos:
    """Los índices de evento (`fn_index`) de la página, leídos de su /config como lo hace el navegador."""

    preguntar: int  # el envío de la pregunta (Enter en la caja de texto)
    disparador: int  # id de la caja de la pregunta (trigger_id)
    salida_chat: int  # posición del chat entre las salidas de `preguntar`
    votar: int  # el «like» del chat
    chat: int  # id del chat (trigger_id del voto)


def eventos_de_la_pagina(config: dict) -> Eventos:
    por_elem_id = {c.get("props", {}).get("elem_id"): c["id"] for c in config.get("components", [])}
    pregunta, chat = por_elem_id.get("pregunta"), por_elem_id.get("chat")
    if pregunta is None or chat is None:
        raise ErrorDeCarga("la página no tiene los componentes «pregunta» y «chat»: ¿es el chat del asistente?")
    preguntar = votar = None
    for dependencia in config.get("dependencies", []):
        disparadores = [tuple(t) for t in dependencia.get("targets", [])]
        if (pregunta, "submit") in disparadores:
            preguntar = dependencia
        if (chat, "like") in disparadores:
            votar = dependencia
    if preguntar is None or votar is None:
        raise ErrorDeCarga("no se encontraron en la página los eventos de enviar la pregunta y de votar")
    return Eventos(preguntar["id"], pregunta, preguntar["outputs"].index(chat), votar["id"], chat)


# --- un usuario ----------------------------------------------------------------------------------
@dataclass
class Medida:
    pregunta: str
    primer_texto_s: float | None = None
    completa_s: float | None = None
    error: str = ""
    texto: str = ""


@dataclass
class Resultado:
    medidas: list[Medida] = field(default_factory=list)
    votos_enviados: int = 0
    votos_fallidos: int = 0
    votos_s: list[float] = field(default_factory=list)


def _aplicar(valor, ediciones):
    """Aplica un diff de Gradio (replace/append/add/delete) a un valor ya reconstruido."""
    for accion, ruta, nuevo in ediciones:
        if not ruta:
            valor = nuevo if accion == "replace" else valor + nuevo
            continue
        destino = valor
        for paso in ruta[:-1]:
            destino = destino[paso]
        clave = ruta[-1]
        if accion == "replace":
            destino[clave] = nuevo
        elif accion == "append":
            destino[clave] += nuevo
        elif accion == "add":
            if isinstance(destino, list):
                destino.insert(int(clave), nuevo)
            else:
                destino[clave] = nuevo
        elif accion == "delete":
            del destino[int(clave) if isinstance(destino, list) else clave]
    return valor


def _respuesta_en(chat, turno: int, esperando: str | None) -> str:
    """El texto de la respuesta `turno` si ya está en el chat (no el «buscando…» provisional)."""
    if not isinstance(chat, list) or len(chat) < 2 * turno + 2:
        return ""
    mensaje = chat[2 * turno + 1]
    if not isinstance(mensaje, dict) or mensaje.get("role") != "assistant":
        return ""
    contenido = mensaje.get("content")
    if isinstance(contenido, list):  # Gradio puede normalizar el contenido en una lista de partes
        contenido = "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in contenido)
    contenido = contenido if isinstance(contenido, str) else ""
    return "" if not contenido.strip() or contenido == esperando else contenido


class Usuario:
    def __init__(self, cliente, url: str, eventos: Eventos, espera_s: float, esperando: str | None) -> None:
        self.cliente, self.url, self.eventos, self.espera_s, self.esperando = cliente, url, eventos, espera_s, esperando
        self.sesion = secrets.token_hex(6)
        self.turnos = 0  # turnos que ya muestra el chat de esta sesión

    async def _evento(self, fn_index: int, disparador: int, datos: list, datos_del_evento=None, al_generar=None) -> dict:
        """Se une a la cola y lee el flujo de la sesión hasta que su evento termina; devuelve el mensaje final."""
        cuerpo = {"data": datos, "event_data": datos_del_evento, "fn_index": fn_index, "trigger_id": disparador,
                  "session_hash": self.sesion}
        r = await self.cliente.post(f"{self.url}/gradio_api/queue/join", json=cuerpo)
        if r.status_code != 200:
            raise ErrorDeCarga(f"la cola rechazó el evento (HTTP {r.status_code}): {r.text[:200]}")
        id_evento = r.json().get("event_id")
        async with self.cliente.stream("GET", f"{self.url}/gradio_api/queue/data", params={"session_hash": self.sesion}) as flujo:
            if flujo.status_code != 200:
                raise ErrorDeCarga(f"el flujo de la cola respondió HTTP {flujo.status_code}")
            async for linea in flujo.aiter_lines():
                if not linea.startswith("data:"):
                    continue
                mensaje = json.loads(linea[5:])
                tipo = mensaje.get("msg")
                if tipo == "unexpected_error":
                    raise ErrorDeCarga(f"error inesperado del servidor: {mensaje.get('message')}")
                if mensaje.get("event_id") not in (None, id_evento):
                    continue
                if tipo == "estimation" and mensaje.get("rank") is None and mensaje.get("queue_size") is None:
                    continue
                if tipo in ("process_generating", "process_streaming") and al_generar:
                    al_generar(mensaje.get("output") or {})
                if tipo == "process_completed":
                    return mensaje
        raise ErrorDeCarga("el flujo se cerró antes de terminar el evento")

    async def preguntar(self, texto: str) -> tuple[Medida, int]:
        """Pregunta y espera la respuesta completa; devuelve la medida y el turno que ocupa en el chat."""
        medida, turno = Medida(texto), self.turnos
        inicio = time.perf_counter()
        estado = {"chat": None, "primera": True}

        def al_generar(salida: dict) -> None:
            datos = salida.get("data") or []
            if len(datos) <= self.eventos.salida_chat:
                return
            valor = datos[self.eventos.salida_chat]
            estado["chat"] = valor if estado["primera"] else _aplicar(estado["chat"], valor)
            estado["primera"] = False
            if medida.primer_texto_s is None and _respuesta_en(estado["chat"], turno, self.esperando):
                medida.primer_texto_s = time.perf_counter() - inicio

        try:
            final = await asyncio.wait_for(
                self._evento(self.eventos.preguntar, self.eventos.disparador, [texto, "", None], al_generar=al_generar),
                self.espera_s,
            )
        except asyncio.TimeoutError:
            medida.error = f"sin respuesta completa en {self.espera_s:.0f} s"
            return medida, turno
        except Exception as error:  # noqa: BLE001  (se cuenta como error de esta pregunta)
            medida.error = f"{type(error).__name__}: {error}"
            return medida, turno
        medida.completa_s = time.perf_counter() - inicio
        salida = final.get("output") or {}
        if not final.get("success", False):
            medida.error = f"el evento falló: {salida.get('error') or salida}"
            return medida, turno
        datos = salida.get("data") or []
        chat = datos[self.eventos.salida_chat] if len(datos) > self.eventos.salida_chat else None
        if isinstance(chat, list):
            self.turnos = len(chat) // 2
        texto_final = _respuesta_en(chat, turno, self.esperando) or _respuesta_en(estado["chat"], turno, self.esperando)
        if medida.primer_texto_s is None and texto_final:
            medida.primer_texto_s = medida.completa_s  # llegó entera en el mensaje final
        medida.texto = texto_final
        if not texto_final:
            medida.error = "la respuesta llegó sin texto"
        elif texto_final.startswith(PREFIJO_AVISO):
            medida.error = f"aviso en vez de respuesta: {texto_final[:120]}"
        return medida, turno

    async def votar(self, turno: int, texto: str, positivo: bool) -> tuple[bool, float]:
        inicio = time.perf_counter()
        datos_del_evento = {"index": 2 * turno + 1, "value": texto, "liked": positivo}
        try:
            final = await asyncio.wait_for(
                self._evento(self.eventos.votar, self.eventos.chat, [None, None], datos_del_evento), self.espera_s
            )
        except Exception:  # noqa: BLE001
            return False, time.perf_counter() - inicio
        return bool(final.get("success")), time.perf_counter() - inicio


async def _sesion(usuario: Usuario, preguntas: list[str], votar_cada: int, desfase: int, pausa_s: float, resultado: Resultado) -> None:
    for numero, texto in enumerate(preguntas):
        medida, turno = await usuario.preguntar(texto)
        resultado.medidas.append(medida)
        if medida.error:  # un aviso no se puede votar
            continue
        if votar_cada and (numero + desfase) % votar_cada == 0:
            resultado.votos_enviados += 1
            ok, segundos = await usuario.votar(turno, medida.texto, positivo=(numero + desfase) % (2 * votar_cada) == 0)
            resultado.votos_s.append(segundos)
            resultado.votos_fallidos += not ok
        if pausa_s:
            await asyncio.sleep(pausa_s)


async def _carga(url: str, preguntas: list[str], usuarios: int, por_usuario: int, votar_cada: int, pausa_s: float, espera_s: float) -> tuple[Resultado, float]:
    import httpx

    limites = httpx.Limits(max_connections=2 * usuarios + 8, max_keepalive_connections=2 * usuarios + 8)
    tiempos = httpx.Timeout(espera_s, connect=30.0)
    async with httpx.AsyncClient(limits=limites, timeout=tiempos, trust_env=False) as cliente:
        try:
            r = await cliente.get(f"{url}/config")
        except httpx.HTTPError as error:
            raise ErrorDeCarga(f"no se pudo abrir la página en {url}: {error}") from error
        if r.status_code != 200:
            raise ErrorDeCarga(f"la página respondió HTTP {r.status_code} en {url}/config (¿el chat pide ingreso?)")
        eventos = eventos_de_la_pagina(r.json())
        esperando = _texto_esperando()
        resultado = Resultado()
        sesiones = []
        for u in range(usuarios):
            propias = [preguntas[(u * por_usuario + j) % len(preguntas)] for j in range(por_usuario)]
            sesiones.append(_sesion(Usuario(cliente, url, eventos, espera_s, esperando), propias, votar_cada, u, pausa_s, resultado))
        inicio = time.perf_counter()
        await asyncio.gather(*sesiones)
        return resultado, time.perf_counter() - inicio


def _texto_esperando() -> str | None:
    try:
        from asistente.web.presentacion import mensaje_esperando
    except Exception:  # noqa: BLE001  (el banco también sirve contra un servidor de otra versión)
        return None
    return mensaje_esperando()["content"]


def _percentil(valores: list[float], fraccion: float) -> float | None:
    if not valores:
        return None
    ordenados = sorted(valores)
    return ordenados[int(fraccion * (len(ordenados) - 1))]


def _correr(corrutina):
    """`asyncio.run`, en un hilo propio si este ya tiene un bucle en marcha (p. ej. el de Playwright en pytest)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(corrutina)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as hilo:
        return hilo.submit(asyncio.run, corrutina).result()


def ejecutar(url: str, preguntas: list[str], usuarios: int, por_usuario: int, votar_cada: int = 2,
             pausa_s: float = 0.0, espera_s: float = ESPERA_PREDETERMINADA_S, datos: Path | None = None,
             pid: int | None = None) -> dict:
    """Ejecuta la carga contra `url` (loopback) y devuelve las cifras. `datos`: para contar opiniones; `pid`: para la memoria."""
    url = exigir_loopback(url)
    if not preguntas:
        raise ErrorDeCarga("no hay preguntas")
    if not (1 <= usuarios <= MAXIMO_USUARIOS and 1 <= por_usuario <= MAXIMO_PREGUNTAS):
        raise ErrorDeCarga(f"usuarios entre 1 y {MAXIMO_USUARIOS} y preguntas entre 1 y {MAXIMO_PREGUNTAS}")
    antes = opiniones_guardadas(datos) if datos else None
    cpu_antes = tiempo_de_cpu_s(pid) if pid else None
    resultado, duracion = _correr(_carga(url, preguntas, usuarios, por_usuario, votar_cada, pausa_s, espera_s))
    cpu = (tiempo_de_cpu_s(pid) or 0.0) - cpu_antes if cpu_antes is not None else None
    primeras = [m.primer_texto_s for m in resultado.medidas if not m.error and m.primer_texto_s is not None]
    completas = [m.completa_s for m in resultado.medidas if not m.error]
    errores = [m for m in resultado.medidas if m.error]
    return {
        "usuarios": usuarios,
        "preguntas_por_usuario": por_usuario,
        "respuestas": len(completas),
        "errores": len(errores),
        "ejemplos_de_error": sorted({m.error for m in errores})[:5],
        "primer_texto_p50_s": _redondear(statistics.median(primeras) if primeras else None),
        "primer_texto_p95_s": _redondear(_percentil(primeras, 0.95)),
        "completa_p50_s": _redondear(statistics.median(completas) if completas else None),
        "completa_p95_s": _redondear(_percentil(completas, 0.95)),
        "respuestas_por_s": _redondear(len(completas) / duracion if duracion else None),
        "duracion_s": _redondear(duracion),
        "votos_enviados": resultado.votos_enviados,
        "votos_fallidos": resultado.votos_fallidos,
        "voto_p95_s": _redondear(_percentil(resultado.votos_s, 0.95)),
        "votos_guardados": (opiniones_guardadas(datos) - antes) if datos else None,
        "memoria_maxima_mb": memoria_maxima_mb(pid) if pid else None,
        # CPU del servidor por respuesta (incluye votos): depende poco de lo que más corra en la máquina.
        "cpu_por_respuesta_s": _redondear(cpu / len(completas)) if cpu is not None and completas else None,
        "nucleos": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "carga_media_1min": _redondear(os.getloadavg()[0]) if hasattr(os, "getloadavg") else None,
    }


def _redondear(valor: float | None) -> float | None:
    return None if valor is None else round(valor, 3)


def cargar_preguntas(ruta: Path) -> list[str]:
    preguntas = []
    with open(ruta, encoding="utf-8") as archivo:
        for linea in archivo:
            if linea.strip():
                preguntas.append(json.loads(linea)["pregunta"])
    return preguntas


def imprimir(cifras: dict) -> None:
    def s(valor):
        return "—" if valor is None else f"{valor:.2f} s".replace(".", ",")

    print(f"Carga: {cifras['usuarios']} usuarios × {cifras['preguntas_por_usuario']} preguntas · "
          f"{cifras['respuestas']} respuestas en {s(cifras['duracion_s'])}")
    print(f"primer texto: mediana {s(cifras['primer_texto_p50_s'])} · p95 {s(cifras['primer_texto_p95_s'])}")
    print(f"respuesta completa: mediana {s(cifras['completa_p50_s'])} · p95 {s(cifras['completa_p95_s'])}")
    rendimiento = cifras["respuestas_por_s"]
    print(f"rendimiento: {'—' if rendimiento is None else f'{rendimiento:.2f}'.replace('.', ',')} respuestas/s · errores: {cifras['errores']}")
    for ejemplo in cifras["ejemplos_de_error"]:
        print(f"  error: {ejemplo}")
    memoria, cpu = cifras["memoria_maxima_mb"], cifras["cpu_por_respuesta_s"]
    print(f"memoria máxima del servidor (VmHWM): {'no medida' if memoria is None else f'{memoria:.0f} MB'} · "
          f"CPU del servidor por respuesta: {'no medida' if cpu is None else s(cpu)} · "
          f"núcleos: {cifras['nucleos']} · carga media de la máquina al terminar: {cifras['carga_media_1min']}")
    guardados = cifras["votos_guardados"]
    print(f"opiniones: {'no contadas' if guardados is None else guardados} guardadas de {cifras['votos_enviados']} enviadas "
          f"(fallidas según la página: {cifras['votos_fallidos']}; p95 del voto {s(cifras['voto_p95_s'])})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluacion.rendimiento_carga", description=__doc__.split("\n\n")[0])
    destino = parser.add_mutually_exclusive_group(required=True)
    destino.add_argument("--indice", metavar="CARPETA", help="arranca «python app.py» con este índice (en 127.0.0.1, datos temporales, sin indexar)")
    destino.add_argument("--url", help="servidor ya en marcha (solo 127.0.0.1 o localhost)")
    parser.add_argument("--corpus", metavar="CARPETA", action="append", help="corpus del servidor que se arranca (se puede repetir; por omisión corpus/)")
    parser.add_argument("--datos", metavar="CARPETA", help="con --url: carpeta de datos del servidor, para contar las opiniones guardadas")
    parser.add_argument("--pid", type=int, help="con --url: proceso del servidor, para leer su memoria máxima")
    parser.add_argument("--usuarios", type=int, default=20, help=f"usuarios simultáneos (por omisión 20; máximo {MAXIMO_USUARIOS})")
    parser.add_argument("--preguntas", type=int, default=5, help=f"preguntas de cada usuario, una tras otra (por omisión 5; máximo {MAXIMO_PREGUNTAS})")
    parser.add_argument("--votar-cada", type=int, default=2, metavar="N", help="cada usuario vota una de cada N respuestas, alternando 👍 y 👎 (0 = no votar; por omisión 2)")
    parser.add_argument("--pausa", type=float, default=0.0, metavar="S", help="segundos que cada usuario espera entre una respuesta y su siguiente pregunta (por omisión 0)")
    parser.add_argument("--espera", type=float, default=ESPERA_PREDETERMINADA_S, metavar="S", help="segundos máximos por respuesta antes de contarla como error")
    parser.add_argument("--conjunto", default=str(DESARROLLO), help="preguntas (JSONL con el campo «pregunta»; por omisión evaluacion/desarrollo.jsonl)")
    parser.add_argument("--json", action="store_true", help="imprime las cifras en JSON")
    args = parser.parse_args(argv)
    preguntas = cargar_preguntas(Path(args.conjunto))
    parametros = dict(usuarios=args.usuarios, por_usuario=args.preguntas, votar_cada=max(0, args.votar_cada),
                      pausa_s=max(0.0, args.pausa), espera_s=args.espera)
    try:
        if args.url:
            cifras = ejecutar(args.url, preguntas, datos=Path(args.datos) if args.datos else None, pid=args.pid, **parametros)
        else:
            corpus = [Path(c) for c in args.corpus] if args.corpus else [RAIZ / "corpus"]
            with ServidorLocal(Path(args.indice), corpus) as servidor:
                cifras = ejecutar(servidor.url, preguntas, datos=servidor.datos, pid=servidor.pid, **parametros)
    except ErrorDeCarga as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(cifras, ensure_ascii=False, indent=2))
    else:
        imprimir(cifras)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
