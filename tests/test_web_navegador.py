"""La página real en Chromium sin cabeza (Playwright + /usr/bin/chromium de Debian).

Cada prueba arranca `python app.py` en 127.0.0.1 y falla si la página pide cualquier
dirección que no sea local. Sin /usr/bin/chromium se saltan, salvo con
ASISTENTE_EXIGIR_NAVEGADOR=1 (CI), donde fallan. Con ASISTENTE_CAPTURA_DOCS=ruta se
copia ahí la captura del chat (así se hizo docs/captura-chat.png).
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import CORPUS
from conftest import LEY, configuracion_pequena
from test_web_servidor import EMBEBIDO, ServidorWeb

from asistente.indexado.indexador import actualizar

pytestmark = pytest.mark.navegador

LOCALES = {"127.0.0.1", "localhost", "::1"}
PREGUNTA_PLAN = "¿Cuánto tiempo tiene el alcalde para llevar el plan de desarrollo al concejo?"
SEGUIMIENTO = "¿y si el concejo no decide nada a tiempo?"
ESPERA_MS = 60_000


class Pagina:
    """Una pestaña que registra cada petición y bloquea (y anota) las que no son locales."""

    def __init__(self, chromium, url: str, **contexto) -> None:
        self.contexto = chromium.new_context(locale="en-US", accept_downloads=True, **contexto)  # en inglés a propósito
        self.externas: list[str] = []
        self.peticiones: list[str] = []
        self.errores: list[str] = []
        self.contexto.route("**/*", self._filtrar)
        self.pagina = self.contexto.new_page()
        self.pagina.on("request", lambda r: self.peticiones.append(r.url))
        self.pagina.on("pageerror", lambda e: self.errores.append(str(e)))
        inicio = time.monotonic()
        self.pagina.goto(url)
        self.cargada = time.monotonic() - inicio

    def _filtrar(self, ruta):
        url = urlparse(ruta.request.url)
        if url.scheme in ("data", "blob") or url.hostname in LOCALES:
            return ruta.continue_()
        self.externas.append(ruta.request.url)
        return ruta.abort()

    def esperar_chat_activo(self) -> float:
        inicio = time.monotonic()
        self.pagina.wait_for_function(
            "() => { const t = document.querySelector('#pregunta textarea'); return t && !t.disabled; }", timeout=300_000
        )
        return time.monotonic() - inicio

    def respuestas(self):
        return self.pagina.locator("#chat .bot-row")

    def preguntar(self, texto: str, ejemplo: bool = False) -> dict:
        """Envía con Enter (o con el botón de ejemplo de ese texto) y espera el final.

        Devuelve el texto de la respuesta y los tiempos: primer trozo visible y respuesta completa.
        """
        p = self.pagina
        antes = self.respuestas().count()
        if not ejemplo:
            p.locator("#pregunta textarea").fill(texto)
        # Se mide en el navegador: desde Enter hasta que aparece texto de la respuesta (no el «Buscando…»).
        p.evaluate(
            """(antes) => {
              window.__medida = {inicio: performance.now()};
              const observador = new MutationObserver(() => {
                const filas = document.querySelectorAll('#chat .bot-row');
                const ultima = filas.length > antes ? filas[filas.length - 1].innerText : '';
                if (ultima && !ultima.includes('Buscando') && !window.__medida.primero) {
                  window.__medida.primero = performance.now() - window.__medida.inicio;
                  observador.disconnect();
                }
              });
              observador.observe(document.querySelector('#chat'), {subtree: true, childList: true, characterData: true});
            }""",
            antes,
        )
        if ejemplo:
            p.locator("#ejemplos").get_by_role("button", name=texto).click()
        else:
            p.locator("#pregunta textarea").press("Enter")
        p.wait_for_function(
            """(antes) => document.querySelectorAll('#chat .bot-row').length > antes
                 && !document.querySelector('#chat').innerText.includes('Buscando en la guía')
                 && !document.querySelector('#enviar').disabled""",
            arg=antes, timeout=ESPERA_MS,
        )
        total = p.evaluate("() => performance.now() - window.__medida.inicio")
        primero = p.evaluate("() => window.__medida.primero || null")
        return {"texto": self.respuestas().last.inner_text(), "primero_ms": primero, "total_ms": total}

    def cerrar(self) -> None:
        self.contexto.close()


def _pagina(chromium, servidor: ServidorWeb, **contexto) -> Pagina:
    return Pagina(chromium, servidor.url + "/", **contexto)


def test_chat_completo_con_el_indice_real(chromium, configuracion_completa, tmp_path):
    from conftest import NORMATIVA

    datos = tmp_path / "datos"
    argumentos = ("--indice", str(configuracion_completa.indice), "--datos", str(datos), "--corpus", str(CORPUS), "--corpus", str(NORMATIVA))
    with ServidorWeb(tmp_path / "servidor", *argumentos) as servidor:
        listo = servidor.esperar_listo(120)
        assert listo["listo"], listo
        listo_en = time.monotonic() - servidor.lanzado
        web = _pagina(chromium, servidor, viewport={"width": 1280, "height": 900})
        web.contexto.grant_permissions(["clipboard-read", "clipboard-write"], origin=servidor.url)
        p = web.pagina
        activo_en = web.esperar_chat_activo()

        # Español aunque el navegador esté en inglés (también los textos propios de Gradio).
        assert p.evaluate("document.documentElement.lang") == "es"
        assert p.get_by_role("radio", name="2 · Plan de Desarrollo Territorial").count() == 1
        assert p.get_by_label("Su pregunta").count() == 1

        # 1. Pregunta sobre el plan de desarrollo: responde en trozos y cita la Ley 152 o la guía.
        primera = web.preguntar(PREGUNTA_PLAN)
        assert "Ley 152 de 1994" in primera["texto"] or "Guía" in primera["texto"], primera["texto"]
        assert "[1]" in primera["texto"] and "Fuentes:" in primera["texto"]
        assert primera["primero_ms"] is not None and primera["primero_ms"] <= primera["total_ms"]
        assert p.locator('#chat button[aria-label="Limpiar chat"]').count() == 1  # texto propio de Gradio
        assert p.locator('#chat button[aria-label="No me gusta"]').count() == 1

        # 2. Abrir una fuente: el pasaje citado con las oraciones de la respuesta resaltadas.
        fuentes = p.locator("#fuentes details.fuente")
        assert fuentes.count() >= 1 and ("Ley 152 de 1994" in fuentes.first.inner_text() or "Guía" in fuentes.first.inner_text())
        primera_fuente = fuentes.first
        primera_fuente.locator("summary").click()  # estaba abierta: se cierra…
        assert primera_fuente.get_attribute("open") is None
        primera_fuente.locator("summary").click()  # …y se vuelve a abrir
        assert primera_fuente.get_attribute("open") is not None
        assert primera_fuente.locator("mark").first.is_visible()
        assert primera_fuente.locator("mark").first.inner_text().strip() in primera["texto"]  # lo citado, resaltado
        captura = tmp_path / "captura-chat.png"  # la del README: una respuesta con su fuente abierta
        p.screenshot(path=str(captura), full_page=True)
        if os.environ.get("ASISTENTE_CAPTURA_DOCS"):
            shutil.copy(captura, os.environ["ASISTENTE_CAPTURA_DOCS"])

        # 3. 👎 con comentario: queda en SQLite con pregunta, respuesta, citas y versión del índice.
        p.locator("#chat").get_by_role("button", name="No me gusta").last.click()
        comentario = p.locator("#comentario-opinion textarea")
        comentario.wait_for(state="visible")
        assert "¿Qué faltó o qué está mal?" in p.locator("#invitacion-opinion").inner_text()
        comentario.fill("Falta decir qué pasa si el concejo no decide (prueba de navegador)")
        p.locator("#enviar-comentario").click()
        comentario.wait_for(state="hidden")
        with sqlite3.connect(datos / "registros.sqlite3") as conexion:
            conexion.row_factory = sqlite3.Row
            filas = conexion.execute("SELECT * FROM opiniones").fetchall()
        assert len(filas) == 1
        opinion = filas[0]
        assert (opinion["voto"], opinion["pregunta"]) == ("negativo", PREGUNTA_PLAN)
        assert opinion["comentario"] == "Falta decir qué pasa si el concejo no decide (prueba de navegador)"
        assert opinion["version_indice"] == listo["version_indice"] and "Fuentes:" in opinion["respuesta"]
        citas = json.loads(opinion["citas"])
        assert citas and citas[0]["etiqueta"] in primera["texto"] and citas[0]["oraciones"]

        # 4. Seguimiento: entiende «¿y si…?» con la pregunta anterior (sin ella, la primera fuente es otra ley).
        seguimiento = web.preguntar(SEGUIMIENTO)
        assert "[1] Ley 152 de 1994, art. 40" in seguimiento["texto"], seguimiento["texto"]

        # 5. Una pregunta demasiado larga y una con HTML: aviso legible, nada se ejecuta, y sigue respondiendo.
        larga = web.preguntar("¿Cuál es el plazo? " + "muy " * 300)
        assert larga["texto"].startswith("Aviso: La pregunta es demasiado larga")
        con_html = web.preguntar('<img src=x onerror="window.__inyectado=1">¿Qué es el MIPG?')
        assert p.evaluate("window.__inyectado") is None
        assert '<img src=x onerror="window.__inyectado=1">' in web.pagina.locator("#chat .user-row").last.inner_text()
        assert "MIPG" in con_html["texto"]

        # 6. Copiar y descargar la conversación en Markdown.
        p.locator("#copiar").click()
        p.wait_for_function("() => document.querySelector('#copiar').textContent.includes('Copiada')", timeout=10_000)
        copiado = p.evaluate("navigator.clipboard.readText()")
        with p.expect_download() as descarga:
            p.locator("#descargar").click()
        archivo = descarga.value
        assert archivo.suggested_filename.startswith("conversacion-asistente-") and archivo.suggested_filename.endswith(".md")
        markdown = Path(archivo.path()).read_text(encoding="utf-8")
        assert markdown == copiado and markdown.startswith("# Conversación con el asistente")
        assert f"## 1. {PREGUNTA_PLAN}" in markdown and SEGUIMIENTO in markdown and "\n- [1] " in markdown

        # 7. Al tocar una respuesta anterior, el panel vuelve a sus fuentes.
        p.locator("#chat .bot-row").first.click()
        p.wait_for_function("() => document.querySelector('#fuentes').innerText.includes('alcalde para llevar')")

        # 8. Nueva conversación: chat, fuentes y contexto vacíos.
        p.locator("#nueva").click()
        p.wait_for_function("() => document.querySelectorAll('#chat .bot-row').length === 0")
        assert "Aquí aparecerán los pasajes" in p.locator("#fuentes").inner_text()

        # 9. Filtro de módulo y pregunta de ejemplo: control interno (MIPG) buscado solo en Política pública.
        p.get_by_role("radio", name="1 · Política pública").check()
        filtrada = web.preguntar("¿Quién es el responsable del sistema de control interno en la alcaldía?", ejemplo=True)
        assert filtrada["texto"].startswith("No encuentro"), filtrada["texto"]
        assert "no cita fuentes" in p.locator("#fuentes").inner_text()
        p.get_by_role("radio", name="3 · MIPG").check()
        mipg = web.preguntar("¿Quién es el responsable del sistema de control interno en la alcaldía?", ejemplo=True)
        assert "Ley 87 de 1993" in mipg["texto"], mipg["texto"]

        assert web.externas == [], f"la página pidió direcciones externas: {web.externas}"
        assert servidor.conexiones_externas() == [], "el servidor intentó salir a la red"
        assert all(urlparse(u).hostname in LOCALES or u.startswith(("data:", "blob:")) for u in web.peticiones)
        assert web.errores == [], web.errores
        medidas = {
            "servidor_listo_s": round(listo_en, 2),
            "pagina_cargada_s": round(web.cargada, 2),
            "chat_activo_tras_cargar_s": round(activo_en, 2),
            "primer_trozo_ms": round(primera["primero_ms"]),
            "respuesta_completa_ms": round(primera["total_ms"]),
            "seguimiento_primer_trozo_ms": round(seguimiento["primero_ms"]),
            "peticiones": len(web.peticiones),
        }
        (tmp_path / "medidas.json").write_text(json.dumps(medidas, indent=2), encoding="utf-8")
        print("\nMedidas del chat:", medidas, "captura:", captura)
        web.cerrar()


def _ley_larga(articulos: int) -> str:
    """Una ley de prueba con bastantes artículos: embeberla tarda lo suficiente para ver el avance."""
    cuerpo = "\n\n".join(
        f"**Artículo {n}°.** *Tema {n}*. La entidad territorial número {n} deberá reportar su indicador {n} "
        f"de gestión al consejo de planeación cada {n % 11 + 1} meses, con el apoyo de la secretaría de planeación."
        for n in range(4, articulos + 1)
    )
    return LEY + "\n\n" + cuerpo


def test_sin_indice_lo_construye_mostrando_el_avance_y_luego_responde(chromium, tmp_path):
    configuracion = configuracion_pequena(tmp_path, _ley_larga(160))
    argumentos = ("--indice", str(configuracion.indice), "--datos", str(configuracion.datos), "--corpus", str(configuracion.corpus[0]))
    with ServidorWeb(tmp_path / "servidor", *argumentos, entorno=EMBEBIDO) as servidor:
        estado = servidor.estado()
        assert not estado["listo"] and ("Construyendo el índice" in estado["descripcion"] or "Cargando" in estado["descripcion"]), estado
        web = _pagina(chromium, servidor, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        p = web.pagina
        aviso = p.locator("#estado-asistente [role=status]")
        aviso.wait_for(state="visible", timeout=30_000)
        p.wait_for_function("() => document.querySelector('#estado-asistente').innerText.includes('Construyendo el índice')", timeout=60_000)
        assert p.locator("#estado-asistente progress").count() == 1
        assert p.locator("#pregunta textarea").is_disabled() and p.locator("#enviar").is_disabled()
        p.screenshot(path=str(tmp_path / "construyendo.png"))

        web.esperar_chat_activo()
        p.locator("#estado-asistente").wait_for(state="hidden")
        assert servidor.estado()["listo"]
        respuesta = web.preguntar("¿En qué plazo presenta el alcalde el plan al concejo?")
        assert "cuatro (4) meses" in respuesta["texto"]
        # En un teléfono la página no se desborda a lo ancho.
        assert p.evaluate("document.documentElement.scrollWidth") <= 390
        p.screenshot(path=str(tmp_path / "movil.png"), full_page=True)
        assert web.externas == [] and web.errores == [] and servidor.conexiones_externas() == []
        web.cerrar()


def test_fallos_se_leen_en_el_chat_y_el_servidor_sigue_respondiendo(chromium, tmp_path):
    # a) Sin índice y sin permiso para construirlo: aviso arriba y en cada respuesta.
    vacio = tmp_path / "vacio"
    with ServidorWeb(vacio, "--no-indexar", "--indice", str(vacio / "indice"), "--datos", str(vacio / "datos"), entorno=EMBEBIDO) as servidor:
        servidor.esperar_listo(60)
        web = _pagina(chromium, servidor, viewport={"width": 1024, "height": 800})
        web.esperar_chat_activo()
        assert "El índice está vacío" in web.pagina.locator("#estado-asistente [role=alert]").inner_text()
        for _ in range(2):
            respuesta = web.preguntar(PREGUNTA_PLAN)
            assert respuesta["texto"].startswith("Aviso: No puedo responder todavía: El índice está vacío"), respuesta["texto"]
        assert web.externas == [] and web.errores == []
        web.cerrar()

    # b) Un error interno (la copia local de una versión nueva del índice llegó dañada).
    configuracion = configuracion_pequena(tmp_path / "pequeno")
    actualizar(configuracion)
    argumentos = ("--indice", str(configuracion.indice), "--datos", str(configuracion.datos), "--corpus", str(configuracion.corpus[0]))
    with ServidorWeb(tmp_path / "pequeno" / "servidor", *argumentos, entorno=EMBEBIDO) as servidor:
        assert servidor.esperar_listo(60)["version_indice"] == "v0001"
        web = _pagina(chromium, servidor, viewport={"width": 1024, "height": 800})
        web.esperar_chat_activo()
        pregunta = "¿En qué plazo presenta el alcalde el plan al concejo?"
        assert "cuatro (4) meses" in web.preguntar(pregunta)["texto"]

        (configuracion.corpus[0] / "LEY-7002-2021.md").write_text(LEY.replace("7001-2020", "7002-2021").replace("7001 DE 2020", "7002 DE 2021"), encoding="utf-8")
        assert actualizar(configuracion).version == "v0002"  # el servidor la abrirá en su próxima consulta
        copia_local = next(p for p in configuracion.indice.rglob("fragmentos.jsonl") if "v0002" in str(p))
        copia_local.write_text('{"id": "roto", ', encoding="utf-8")
        time.sleep(2.5)  # el asistente revisa la versión activa cada 2 s
        fallo = web.preguntar(pregunta)
        assert fallo["texto"].startswith("Aviso: Ocurrió un error interno"), fallo["texto"]
        assert "Traceback" not in fallo["texto"] and "JSON" not in fallo["texto"]
        assert "Error al responder" in servidor.registro()  # el detalle, en el registro del servidor

        (copia_local.parent / "listo").unlink()  # el índice rehace su copia local desde Chroma
        time.sleep(2.5)
        recuperado = web.preguntar(pregunta)
        assert "cuatro (4) meses" in recuperado["texto"] and servidor.estado()["listo"]
        assert web.externas == [] and web.errores == []
        web.cerrar()
