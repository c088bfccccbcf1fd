"""Dos servidores de aplicación (`python app.py` de verdad) con un mismo Chroma y una misma base de registros.

Como en la oficina detrás del proxy: el índice en un `chroma run`, los registros en PostgreSQL (y,
para comparar, en un SQLite compartido por dos procesos de la misma máquina); A gestiona el
índice y B solo consulta. Veinte funcionarios simulados preguntan, votan y comentan a la vez
por el protocolo de la cola de Gradio (lo mismo que hace la página), repartidos entre los dos:
cada voto queda una sola vez. La cuenta creada con la CLI entra en los dos, el freno de
ingreso cuenta los fallos de ambos, un veredicto dado en A se ve en B y la auditoría es una.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import replace

import pytest
from conftest import CONTRASENA_PERSONAL, RAIZ, base_unica
from conftest import PREGUNTA, configuracion_pequena
from test_web_personal_acceso import ingresar
from test_web_servidor import ServidorWeb

from asistente.indexado.indexador import actualizar
from asistente.personal.opiniones import NEGATIVO, POSITIVO, Opiniones
from asistente.personal.auditoria import CUENTA_CREADA, INGRESO, INGRESO_FALLIDO, VALIDACION, Auditoria
from asistente.registros import BaseDeRegistros
from asistente.personal.validaciones import AlmacenValidaciones

USUARIOS_SIMULADOS = 20
pytestmark = pytest.mark.servidor_chroma


class SesionGradio:
    """Una pestaña del navegador, sin navegador: eventos por `…/gradio_api/queue/join` y su flujo SSE."""

    def __init__(self, url: str, cabeceras: dict | None = None) -> None:
        self.url = url.rstrip("/")
        self.cabeceras = dict(cabeceras or {})
        self.sesion = uuid.uuid4().hex[:11]
        config = json.loads(self._pedir("/config"))
        self.ids = {c["props"]["elem_id"]: c["id"] for c in config["components"] if c.get("props", {}).get("elem_id")}
        self.dependencias = config["dependencies"]

    def _pedir(self, ruta: str, cuerpo: bytes | None = None, espera: float = 120.0):
        cabeceras = {**self.cabeceras, **({"content-type": "application/json"} if cuerpo is not None else {})}
        peticion = urllib.request.Request(self.url + ruta, data=cuerpo, headers=cabeceras, method="POST" if cuerpo is not None else "GET")
        with urllib.request.urlopen(peticion, timeout=espera) as respuesta:
            return respuesta.read().decode("utf-8")

    def llamar(self, elem_id: str, evento: str, valores: dict[str, object], datos_del_evento: dict | None = None) -> list:
        """Dispara `evento` de `elem_id` con los valores de sus entradas (por elem_id; los gr.State los pone el servidor)."""
        disparador = self.ids[elem_id]
        indice, dependencia = next((i, d) for i, d in enumerate(self.dependencias)
                                   if any(t[0] == disparador and t[1] == evento for t in d["targets"]))
        por_id = {self.ids[k]: v for k, v in valores.items()}
        cuerpo = {"data": [por_id.get(i) for i in dependencia["inputs"]], "event_data": datos_del_evento,
                  "fn_index": dependencia.get("id", indice), "trigger_id": disparador, "session_hash": self.sesion}
        evento_id = json.loads(self._pedir("/gradio_api/queue/join", json.dumps(cuerpo).encode()))["event_id"]
        peticion = urllib.request.Request(f"{self.url}/gradio_api/queue/data?session_hash={self.sesion}", headers=self.cabeceras)
        with urllib.request.urlopen(peticion, timeout=180) as flujo:
            for linea in flujo:
                if not linea.startswith(b"data:"):
                    continue
                mensaje = json.loads(linea[5:])
                if mensaje.get("event_id") == evento_id and mensaje.get("msg") == "process_completed":
                    assert mensaje.get("success"), mensaje
                    return mensaje["output"]["data"]
        raise AssertionError(f"el evento {elem_id}.{evento} no terminó")


def _crear_cuenta(url_registros: str, datos, usuario: str, contrasena: str) -> None:
    resultado = subprocess.run(
        [sys.executable, "-m", "asistente", "personal", "agregar", usuario, "--contrasena-stdin"],
        input=contrasena + "\n", capture_output=True, text=True, timeout=120, cwd=RAIZ,
        env={**os.environ, "ASISTENTE_BD_URL": url_registros, "ASISTENTE_BD_URL_ARCHIVO": "", "ASISTENTE_DATOS": str(datos),
             "ASISTENTE_USUARIOS": str(datos / "no-hay.json")},
    )
    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.strip().endswith(f"en {BaseDeRegistros.abrir(url_registros).visible}.")


def _funcionario(url: str, n: int) -> None:
    """Pregunta, vota (👎 los múltiplos de 3, 👍 los demás) y comenta, como en la página."""
    pagina = SesionGradio(url)
    salida = pagina.llamar("enviar", "click", {"pregunta": PREGUNTA, "filtro-modulo": ""})
    assert salida and salida[1], salida  # el chat con la respuesta
    pagina.llamar("chat", "like", {}, {"index": 1, "value": None, "liked": n % 3 != 0})
    pagina.llamar("enviar-comentario", "click", {"comentario-opinion": f"funcionario {n}"})


def test_dos_servidores_una_base_de_registros(tmp_path, servidor_chroma, url_registros):
    # Un índice en el servidor Chroma, construido una vez (lo haría el servidor que gestiona el índice).
    indice = replace(configuracion_pequena(tmp_path / "indexador"), chroma_url=servidor_chroma, chroma_base=base_unica())
    actualizar(indice)
    comunes = {"ASISTENTE_BD_URL": url_registros, "ASISTENTE_BD_URL_ARCHIVO": "", "ASISTENTE_CHROMA_URL": servidor_chroma,
               "ASISTENTE_CHROMA_BASE": indice.chroma_base, "ASISTENTE_USUARIOS": str(tmp_path / "no-hay.json")}

    # La cuenta se crea con la CLI contra la base compartida, antes de arrancar (y sin archivo de cuentas).
    _crear_cuenta(url_registros, tmp_path / "cli", "revisora", CONTRASENA_PERSONAL)
    _crear_cuenta(url_registros, tmp_path / "cli", "otra", "Segunda-clave-segura-77")

    def arrancar(nombre: str, gestiona: bool) -> ServidorWeb:
        carpeta = tmp_path / nombre
        return ServidorWeb(carpeta, "--no-indexar", "--indice", str(carpeta / "indice"), "--datos", str(carpeta / "datos"),
                           "--corpus", str(indice.corpus[0]),
                           entorno={**comunes, "ASISTENTE_GESTIONA_INDICE": "1" if gestiona else "0"})

    with arrancar("servidor-a", True) as a, arrancar("servidor-b", False) as b:
        for servidor in (a, b):
            estado = servidor.esperar_listo(180)
            assert estado["listo"] and estado["version_indice"] == "v0001", estado
        bd = BaseDeRegistros.abrir(url_registros)
        opiniones, auditoria = Opiniones(bd), Auditoria(bd)

        # 1. Veinte funcionarios a la vez, repartidos entre A y B: cada voto y su comentario, una sola vez.
        errores: list[BaseException] = []

        def funcionario(n: int) -> None:
            try:
                _funcionario((a, b)[n % 2].url, n)
            except BaseException as error:  # noqa: BLE001  (se revisa abajo)
                errores.append(error)

        inicio = time.monotonic()
        hilos = [threading.Thread(target=funcionario, args=(n,)) for n in range(USUARIOS_SIMULADOS)]
        for hilo in hilos:
            hilo.start()
        for hilo in hilos:
            hilo.join(timeout=600)
        duracion = time.monotonic() - inicio
        assert not errores, errores[:3]
        guardadas = opiniones.listar()
        assert len(guardadas) == USUARIOS_SIMULADOS
        assert sorted(o.comentario for o in guardadas) == sorted(f"funcionario {n}" for n in range(USUARIOS_SIMULADOS))
        assert opiniones.contar(NEGATIVO) == len(range(0, USUARIOS_SIMULADOS, 3))
        assert opiniones.contar(POSITIVO) == USUARIOS_SIMULADOS - opiniones.contar(NEGATIVO)
        assert {o.version_indice for o in guardadas} == {"v0001"} and all(o.pregunta == PREGUNTA for o in guardadas)
        print(f"\nMedidas ({'SQLite' if bd.es_sqlite else 'PostgreSQL'}): {USUARIOS_SIMULADOS} funcionarios "
              f"(pregunta, voto y comentario) en dos servidores en {duracion:.1f} s")

        # 2. La cuenta de la CLI entra en los dos; el freno cuenta los fallos de ambos.
        sesiones = {}
        for servidor in (a, b):
            codigo, cabeceras, _ = ingresar(servidor.url, "revisora", CONTRASENA_PERSONAL)
            assert codigo == 303, (servidor.url, codigo)
            sesiones[servidor.url] = {"cookie": cabeceras["set-cookie"].split(";")[0]}
        for n in range(5):  # tres fallos en A y dos en B
            assert ingresar((a, b)[n % 2].url, "otra", "equivocada-000")[0] == 401
        codigo, _, pagina = ingresar(b.url, "otra", "Segunda-clave-segura-77")
        assert codigo == 401 and "Demasiados intentos fallidos" in pagina
        codigo, _, pagina = ingresar(a.url, "otra", "Segunda-clave-segura-77")
        assert codigo == 401 and "Demasiados intentos fallidos" in pagina

        # 3. Un veredicto en la pestaña Validación de A sobre las 👎 que llegaron a los dos; B lo ve.
        en_a = SesionGradio(f"{a.url}/personal", sesiones[a.url])
        _, html = en_a.llamar("validacion-origen", "change", {"validacion-origen": "opinion", "validacion-filtro": "todas"})[:2]
        assert PREGUNTA in html and "Pendiente de validar" in html
        salida = en_a.llamar("validacion-guardar", "click", {"validacion-veredicto": "parcial", "validacion-comentario": "Falta el plazo"})
        assert any("Validación guardada" in str(s) for s in salida), salida
        en_b = SesionGradio(f"{b.url}/personal", sesiones[b.url])
        _, html = en_b.llamar("validacion-origen", "change", {"validacion-origen": "opinion", "validacion-filtro": "todas"})[:2]
        assert "Validada como <strong>Parcial</strong> por revisora" in html
        (validacion,) = AlmacenValidaciones(bd).listar()
        assert (validacion.revisor, validacion.veredicto, validacion.comentario) == ("revisora", "parcial", "Falta el plazo")

        # 4. Una sola bitácora: la CLI, los ingresos en A y en B, los fallos de los dos y la validación.
        acciones = [(e.usuario, e.accion) for e in reversed(auditoria.listar())]
        assert acciones.count(("revisora", INGRESO)) == 2 and acciones.count(("otra", INGRESO_FALLIDO)) == 5
        assert [e.detalle["cuenta"] for e in reversed(auditoria.listar(accion=CUENTA_CREADA))] == ["revisora", "otra"]
        (evento,) = auditoria.listar(accion=VALIDACION)
        assert evento.detalle["validacion"] == validacion.id and evento.usuario == "revisora"
        # Los registros no quedaron en las carpetas de datos de cada servidor.
        for servidor in ("servidor-a", "servidor-b"):
            assert not (tmp_path / servidor / "datos" / "registros.sqlite3").exists() or bd.ruta == tmp_path / servidor / "datos" / "registros.sqlite3"
        for servidor in (a, b):
            assert "Traceback" not in servidor.registro(), servidor.registro()[-3000:]
            assert servidor.conexiones_externas() == []
