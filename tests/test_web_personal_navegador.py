"""La página del personal en Chromium sin cabeza: ingresar, cargar una ley cambiada y actualizar
el índice mientras un funcionario sigue conversando en otro navegador.

Corpus pequeño en tmp: la guía y el catálogo como corpus, y tres leyes de ../shared/normativa
en la carpeta de cargas. Falla si cualquiera de las dos páginas (o el servidor) pide una
dirección que no sea local. Con ASISTENTE_CAPTURA_PERSONAL=ruta copia ahí la captura de la
pestaña «Índice» (así se hizo docs/captura-personal.png).
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
import time
from datetime import datetime
from urllib.parse import urlparse

import pytest
from conftest import CONTRASENA_PERSONAL, CORPUS, GUIA, crear_cuenta_personal
from conftest import ARGUMENTOS_CHROMIUM, CHROMIUM
from conftest import comprobar_navegador
from test_web_navegador import ESPERA_MS, LOCALES, Pagina
from test_web_servidor import EMBEBIDO, ServidorWeb

from asistente.configuracion import Configuracion
from asistente.indexado.indexador import actualizar

pytestmark = pytest.mark.navegador

LEYES = ("LEY-152-1994", "LEY-87-1993", "LEY-850-2003")
ORIGINAL = "al respectivo Consejo, el apoyo administrativo y logístico que sea indispensable"
CAMBIADO = "al respectivo Consejo, el apoyo administrativo, logístico y presupuestal que sea indispensable"
PREGUNTA_APOYO = "¿Quién le presta apoyo administrativo y logístico al consejo territorial de planeación?"
PREGUNTAS_DURANTE = (
    "¿Quién es el responsable del sistema de control interno en la alcaldía?",
    "¿Qué son las veedurías ciudadanas?",
    "¿Cuánto tiempo tiene el alcalde para llevar el plan de desarrollo al concejo?",
    "¿Qué principios rigen la planeación?",
)


@pytest.fixture(scope="module")
def navegador_disponible():
    """Se salta (o falla en CI) antes de construir nada si no hay Chromium ni Playwright."""
    comprobar_navegador()


def en_chromium_propio(escenario) -> None:
    """Corre `escenario(navegador)` con un Chromium propio en otro hilo y propaga sus fallos.

    La API síncrona de Playwright admite una sola instancia por hilo, y test_web_navegador.py
    deja la suya abierta en el hilo principal toda la sesión de pytest.
    """
    from playwright.sync_api import sync_playwright

    fallo: list[BaseException] = []

    def correr():
        try:
            with sync_playwright() as playwright:
                navegador = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTOS_CHROMIUM)
                try:
                    escenario(navegador)
                finally:
                    navegador.close()
        except BaseException as error:  # noqa: BLE001  (se vuelve a lanzar en el hilo de la prueba)
            fallo.append(error)

    hilo = threading.Thread(target=correr, name="chromium-personal")
    hilo.start()
    hilo.join()
    if fallo:
        raise fallo[0]


def _enviar(web: Pagina, texto: str) -> dict:
    """Envía sin esperar la respuesta; anota la hora (reloj de la máquina) y cuántas había."""
    antes = web.respuestas().count()
    web.pagina.locator("#pregunta textarea").fill(texto)
    enviada = web.pagina.evaluate("Date.now()")
    web.pagina.locator("#pregunta textarea").press("Enter")
    return {"pregunta": texto, "antes": antes, "enviada": enviada}


def _esperar(web: Pagina, envio: dict) -> dict:
    """Espera el final de la respuesta (como `Pagina.preguntar`) y anota cuándo llegó."""
    web.pagina.wait_for_function(
        """(antes) => document.querySelectorAll('#chat .bot-row').length > antes
             && !document.querySelector('#chat').innerText.includes('Buscando en la guía')
             && !document.querySelector('#enviar').disabled""",
        arg=envio["antes"], timeout=ESPERA_MS,
    )
    envio.update(recibida=web.pagina.evaluate("Date.now()"), texto=web.respuestas().last.inner_text())
    return envio


def _corpus_pequeno(carpeta, normativa):
    corpus, cargas = carpeta / "corpus", carpeta / "datos" / "cargas"
    (corpus / "guia").mkdir(parents=True)
    cargas.mkdir(parents=True)
    shutil.copy(CORPUS / "catalogo.yaml", corpus)
    shutil.copy(GUIA, corpus / "guia")
    for ley in LEYES:
        shutil.copy(normativa / f"{ley}.md", cargas)
    return corpus, carpeta / "datos"


def test_personal_carga_una_ley_cambiada_y_actualiza_mientras_el_chat_responde(navegador_disponible, normativa, tmp_path):
    corpus, datos = _corpus_pequeno(tmp_path, normativa)
    configuracion = Configuracion(corpus=(corpus,), indice=tmp_path / "indice", datos=datos).con_cargas()
    inicio = time.monotonic()
    assert actualizar(configuracion).version == "v0001"
    construccion_s = time.monotonic() - inicio
    cuentas = tmp_path / "personal" / "usuarios.json"
    usuario = crear_cuenta_personal(cuentas, datos)
    texto = (normativa / "LEY-152-1994.md").read_text(encoding="utf-8")
    assert texto.count(ORIGINAL) == 1
    subir = tmp_path / "para-subir" / "LEY-152-1994.md"
    subir.parent.mkdir()
    subir.write_text(texto.replace(ORIGINAL, CAMBIADO), encoding="utf-8")

    argumentos = ("--indice", str(configuracion.indice), "--datos", str(datos), "--corpus", str(corpus))
    with ServidorWeb(tmp_path / "servidor", *argumentos, entorno={**EMBEBIDO, "ASISTENTE_USUARIOS": str(cuentas)}) as servidor:
        assert servidor.esperar_listo(120)["version_indice"] == "v0001"

        def escenario(chromium):
            # Un funcionario conversa en el chat público (otro contexto de navegador, sin cuenta).
            funcionario = Pagina(chromium, servidor.url + "/", viewport={"width": 1024, "height": 800})
            funcionario.esperar_chat_activo()
            antes = funcionario.preguntar(PREGUNTA_APOYO)
            assert "Ley 152 de 1994" in antes["texto"] and "presupuestal" not in antes["texto"], antes["texto"]

            # 1. El personal: /personal/ lleva al ingreso; una contraseña mala se rechaza; la buena entra.
            personal = Pagina(chromium, servidor.url + "/personal/", viewport={"width": 1280, "height": 900})
            p = personal.pagina
            p.wait_for_url("**/ingresar?siguiente=*")
            assert p.evaluate("document.documentElement.lang") == "es"
            p.screenshot(path=str(tmp_path / "ingreso.png"))
            p.fill("#usuario", usuario)
            p.fill("#contrasena", "no-es-la-clave-2025")
            p.click("#entrar")
            assert "Usuario o contraseña incorrectos." in p.locator("[role=alert]").inner_text()
            p.fill("#contrasena", CONTRASENA_PERSONAL)
            p.click("#entrar")
            p.wait_for_url("**/personal/")
            p.locator("#estado-indice table").wait_for(timeout=ESPERA_MS)
            assert p.locator("#usuario-actual").inner_text() == usuario
            estado = p.locator("#estado-indice").inner_text()
            assert "v0001" in estado and "Ley 152 de 1994" in estado and "Ley 87 de 1993" in estado and "CARGA DEL PERSONAL" in estado.upper()

            # 2. Sube la versión cambiada de la Ley 152 (reemplaza la de la carpeta de cargas).
            p.locator("#archivos input[type=file]").set_input_files(str(subir))
            p.locator("#archivos").get_by_text("LEY-152-1994.md").first.wait_for(timeout=ESPERA_MS)
            p.locator("#cargar").click()
            p.locator("#resultado-carga").get_by_text("Se reemplazó «LEY-152-1994.md»").wait_for(timeout=ESPERA_MS)
            assert (datos / "cargas" / "LEY-152-1994.md").read_text(encoding="utf-8").count(CAMBIADO) == 1

            # 3. Actualiza el índice mientras el funcionario pregunta: la primera pregunta sale justo antes
            #    del clic (su respuesta se busca y se escribe durante la actualización) y luego otras mientras
            #    la página del personal muestre el avance.
            durante = [_enviar(funcionario, PREGUNTAS_DURANTE[0])]
            p.locator("#actualizar").click()
            clic = time.monotonic()
            _esperar(funcionario, durante[0])
            p.wait_for_function(
                "() => document.querySelector('#avance-actualizacion') || (document.querySelector('#informe-cambios h3') || {}).innerText",
                timeout=ESPERA_MS,
            )
            funcionario.pagina.screenshot(path=str(tmp_path / "chat-durante-la-actualizacion.png"))
            for pregunta in PREGUNTAS_DURANTE[1:]:
                if p.locator("#avance-actualizacion").count() == 0:
                    break
                durante.append(_esperar(funcionario, _enviar(funcionario, pregunta)))
            for respuesta in durante:
                assert respuesta["texto"] and not respuesta["texto"].startswith("Aviso:"), respuesta["texto"]

            # 4. Termina: informe de cambios con la ley y el artículo, y las preguntas de evaluación que lo citan.
            informe = p.locator("#informe-cambios")
            p.wait_for_function(
                "() => ((document.querySelector('#informe-cambios h3') || {}).innerText || '').includes('v0002')", timeout=120_000,
            )
            visto_en = time.monotonic() - clic
            texto_informe = informe.inner_text()
            assert "Ley 152 de 1994" in texto_informe and "Modificado" in texto_informe
            fila = p.locator("#tabla-cambios tbody tr").filter(has_text="Ley 152 de 1994")
            assert fila.count() == 1 and "art. 35" in fila.inner_text()
            assert "eval-009" in p.locator("#preguntas-afectadas").inner_text()
            assert p.locator("#avance-actualizacion").count() == 0
            p.wait_for_function("() => document.querySelector('#version-activa').innerText === 'v0002'", timeout=ESPERA_MS)
            assert "Actualización del índice" in p.locator("#bitacora").inner_text()
            p.locator(".toast-wrap .toast-item").first.wait_for(state="detached", timeout=15_000)  # el aviso «iniciada» se va solo
            captura = tmp_path / "personal-indice.png"
            p.screenshot(path=str(captura), full_page=True)
            if os.environ.get("ASISTENTE_CAPTURA_PERSONAL"):
                shutil.copy(captura, os.environ["ASISTENTE_CAPTURA_PERSONAL"])

            # El chat ya responde con el texto nuevo (el Asistente cambió de versión solo).
            time.sleep(2.1)
            despues = funcionario.preguntar(PREGUNTA_APOYO)
            assert "presupuestal" in despues["texto"], despues["texto"]

            # 5. Validación: un veredicto desde la página queda guardado con quien revisó y la versión.
            p.get_by_role("tab", name="Validación").click()
            p.locator("#revision-pregunta").wait_for(timeout=ESPERA_MS)
            assert "1 de " in p.locator("#revision-posicion").inner_text() and "Lo esperado" in p.locator("#revision").inner_text()
            p.locator("#validacion-veredicto").get_by_text("Parcial").click()
            p.locator("#validacion-comentario textarea").fill("Revisión de prueba desde el navegador")
            p.locator("#validacion-guardar").click()
            p.locator("#validacion-mensaje").get_by_text("Validación guardada").wait_for(timeout=ESPERA_MS)
            assert "Validada como Parcial por " + usuario in p.locator("#revision-estado").inner_text()
            p.screenshot(path=str(tmp_path / "personal-validacion.png"), full_page=True)
            with sqlite3.connect(datos / "registros.sqlite3") as conexion:
                fila = conexion.execute("SELECT clave, revisor, veredicto, version_indice, comentario FROM validaciones").fetchone()
            assert fila == ("eval-001", usuario, "parcial", "v0002", "Revisión de prueba desde el navegador")

            # 6. Salir: vuelve al ingreso y la página del personal ya no se abre sin ingresar otra vez.
            p.locator("#salir").click()
            p.wait_for_url("**/ingresar?salida=1")
            assert "Cerró su sesión." in p.locator("[role=status]").inner_text()
            p.goto(servidor.url + "/personal/")
            p.wait_for_url("**/ingresar?siguiente=*")

            # Nada salió de la máquina: ni las páginas ni el servidor.
            for pagina in (personal, funcionario):
                assert pagina.externas == [], f"la página pidió direcciones externas: {pagina.externas}"
                assert all(urlparse(u).hostname in LOCALES or u.startswith(("data:", "blob:")) for u in pagina.peticiones)
                assert pagina.errores == [], pagina.errores
            assert servidor.conexiones_externas() == [], "el servidor intentó salir a la red"
            auditoria = servidor.registro()
            assert "Traceback" not in auditoria, auditoria[-3000:]

            detalle = json.loads(sqlite3.connect(datos / "registros.sqlite3").execute(
                "SELECT detalle FROM eventos WHERE accion = 'actualizacion-indice' ORDER BY id DESC").fetchone()[0])
            # Con los relojes de la misma máquina: ¿qué respuestas del chat se dieron mientras corría la actualización?
            inicio_ms = datetime.fromisoformat(detalle["inicio"]).timestamp() * 1000
            fin_ms = datetime.fromisoformat(detalle["momento"]).timestamp() * 1000
            solapadas = [r for r in durante if r["enviada"] < fin_ms and r["recibida"] > inicio_ms]
            assert solapadas, f"ninguna respuesta del chat se dio durante la actualización: {durante} / {detalle}"
            medidas = {
                "indice_inicial_s": round(construccion_s, 1),
                "actualizacion_servidor_s": detalle["duracion"],
                "actualizacion_vista_en_la_pagina_s": round(visto_en, 1),
                "chat_antes_ms": round(antes["total_ms"]),
                "chat_durante_ms": [round(r["recibida"] - r["enviada"]) for r in durante],
                "respuestas_solapadas_con_la_actualizacion": len(solapadas),
                "chat_despues_ms": round(despues["total_ms"]),
            }
            (tmp_path / "medidas.json").write_text(json.dumps(medidas, indent=2), encoding="utf-8")
            print("\nMedidas de la página del personal:", medidas, "capturas en", tmp_path)
            personal.cerrar()
            funcionario.cerrar()

        en_chromium_propio(escenario)
