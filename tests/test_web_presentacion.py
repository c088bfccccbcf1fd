"""Lo que dibuja la web: escapado, resaltado de las oraciones citadas, insignias y Markdown."""
from __future__ import annotations

import re
from datetime import datetime

from asistente.respuesta.asistente import Respuesta
from asistente.modelos import ESTADO_ANTERIOR, ESTADO_DEROGADO, ESTADO_INEXEQUIBLE, TIPO_NORMA, Fragmento
from asistente.respuesta.redaccion import Cita
from asistente.web.conversacion import Turno
from asistente.web.presentacion import (
    PANEL_VACIO,
    conversacion_en_markdown,
    escapar_markdown,
    mensaje_asistente,
    mensajes,
    panel_de_fuentes,
    resaltar,
)

ARTICULO_40 = (
    "Artículo 40. Aprobación.\n"
    "Los planes serán sometidos a la consideración de la Asamblea o Concejo dentro de los primeros cuatro (4) meses "
    "del respectivo período del Gobernador o Alcalde para su aprobación.  La Asamblea o Concejo deberá decidir "
    "sobre los Planes dentro del mes siguiente a su presentación.\n"
    "Parágrafo. Lo dispuesto en este artículo se aplica a <los> municipios *y* distritos."
)


def _cita(numero=1, texto=ARTICULO_40, oraciones=(), estado="vigente", articulo="40", vigencia="") -> Cita:
    fragmento = Fragmento(
        id=f"LEY-152-1994:{articulo}", texto=texto, doc_id="LEY-152-1994", titulo="Ley 152 de 1994", tipo=TIPO_NORMA,
        fuente="/corpus/LEY-152-1994.md", articulo=articulo, modulo="Plan de Desarrollo Territorial",
        estado=estado, derogado=estado in (ESTADO_DEROGADO, ESTADO_INEXEQUIBLE), vigente=estado != ESTADO_ANTERIOR, vigencia=vigencia,
    )
    sufijo = {"derogado": " — derogado", "inexequible": " — declarado inexequible", "anterior": " — texto anterior, no vigente"}.get(estado, "")
    etiqueta = f"Ley 152 de 1994, art. {articulo} (Plan de Desarrollo Territorial){sufijo}"
    return Cita(numero, fragmento, etiqueta, 0.9, partes=[fragmento], oraciones=list(oraciones))


def _turno(pregunta="¿Quién aprueba el plan?", citas=(), cuerpo="Según la Ley 152 de 1994, art. 40:\n«Los planes…» [1]", **campos) -> Turno:
    respuesta = Respuesta(pregunta, cuerpo + "\n\nFuentes:\n[1] …", abstencion=False, citas=list(citas), cuerpo=cuerpo, version_indice="v0003", **campos)
    return Turno(pregunta, respuesta)


def test_escapar_markdown_neutraliza_html_y_formato():
    escapado = escapar_markdown("<script>alert('x')</script> **negrita** [1](http://x) # título & más")
    assert "<" not in escapado and ">" not in escapado and "&lt;script&gt;" in escapado
    assert "\\*\\*negrita\\*\\*" in escapado and "\\[1\\]\\(http\\:" in escapado and "\\#" in escapado
    assert "&amp; más" in escapado


def test_mensajes_escapan_la_pregunta_y_marcan_las_citas():
    turno = _turno("<img src=x onerror=alert(1)> ¿plazo?", citas=[_cita(oraciones=["Los planes serán…"])])
    usuario, asistente = mensajes([turno])
    assert usuario == {"role": "user", "content": "&lt;img src=x onerror=alert\\(1\\)&gt; ¿plazo?"}
    assert "**\\[1\\]**" in asistente["content"] and "**Fuentes:**" in asistente["content"]
    assert "Ley 152 de 1994, art\\. 40" in asistente["content"]
    # Mientras se escribe: solo el comienzo, sin la lista de fuentes.
    assert mensaje_asistente(turno, "Según la")["content"] == "Según la"


def test_avisos_y_abstenciones_se_muestran_legibles():
    error = Turno("x" * 1200, Respuesta("x", "La pregunta es demasiado larga.", abstencion=True, error="La pregunta es demasiado larga."))
    assert mensajes([error])[1]["content"].startswith("**Aviso:** La pregunta es demasiado larga")
    assert mensajes([Turno("p", aviso="No puedo responder todavía: El índice está vacío")])[1]["content"].startswith("**Aviso:** No puedo")
    abstencion = Turno("¿capital de Francia?", Respuesta("p", "No encuentro la respuesta…", abstencion=True, sugerencias=["Guía · Módulo 2 › Marco <conceptual>"]))
    contenido = mensajes([abstencion])[1]["content"]
    assert "No encuentro la respuesta" in contenido and "- Guía · Módulo 2 › Marco &lt;conceptual&gt;" in contenido
    assert "no cita fuentes" in panel_de_fuentes(abstencion) and panel_de_fuentes(None) == PANEL_VACIO


def test_resaltar_marca_las_oraciones_citadas_tolerando_espacios_y_escapando():
    oraciones = [
        "Los planes serán sometidos a la consideración de la Asamblea o Concejo dentro de los primeros cuatro (4) meses del respectivo período del Gobernador o Alcalde para su aprobación.",
        "La Asamblea o Concejo deberá decidir sobre los Planes dentro del mes siguiente a su presentación.",
        "Parágrafo. Lo dispuesto en este artículo se aplica a <los> municipios *y* distritos.",
        "Una oración que no está en el pasaje.",
    ]
    html = resaltar(ARTICULO_40, oraciones)
    assert html.startswith('<p class="pasaje-encabezado">Artículo 40. Aprobación.</p>')
    marcas = re.findall(r"<mark>(.*?)</mark>", html)
    # Las dos primeras van juntas (solo las separa un doble espacio): una sola marca; la tercera, en su párrafo.
    assert len(marcas) == 2 and marcas[0].startswith("Los planes") and marcas[0].endswith("su presentación.")
    assert marcas[1] == "Parágrafo. Lo dispuesto en este artículo se aplica a &lt;los&gt; municipios *y* distritos."
    assert "<los>" not in html
    assert resaltar("Encabezado\nTexto sin citas.", []) == '<p class="pasaje-encabezado">Encabezado</p><p>Texto sin citas.</p>'


def test_una_marca_no_cruza_parrafos():
    html = resaltar("Título\nPrimera parte de la oración\ncontinúa aquí. Otra.", ["Primera parte de la oración continúa aquí."])
    assert "<p><mark>Primera parte de la oración</mark></p><p><mark>continúa aquí.</mark> Otra.</p>" in html


def test_panel_de_fuentes_con_insignias_y_pasajes_desplegables():
    citas = [
        _cita(1, oraciones=["Los planes serán sometidos a la consideración de la Asamblea o Concejo dentro de los primeros cuatro (4) meses del respectivo período del Gobernador o Alcalde para su aprobación."]),
        _cita(2, "Artículo 9. Derogado.\nDerogado por la Ley 1000.", ["Derogado por la Ley 1000."], estado=ESTADO_DEROGADO, articulo="9"),
        _cita(3, "Artículo 10. Texto anterior.\nEl texto de antes.", ["El texto de antes."], estado=ESTADO_ANTERIOR, articulo="10", vigencia="Vigente desde 1994 y hasta 2011"),
        _cita(4, "Artículo 11.\nDeclarado inexequible.", ["Declarado inexequible."], estado=ESTADO_INEXEQUIBLE, articulo="11"),
        _cita(5, "Artículo 12. Otro.\nNo citado.", [], articulo="12"),
    ]
    panel = panel_de_fuentes(_turno("¿<b>plazo</b>?", citas))
    assert "Respuesta a «¿&lt;b&gt;plazo&lt;/b&gt;?»" in panel
    assert panel.count("<details") == 5 and panel.count(" open>") == 1  # la primera fuente, abierta
    assert 'insignia-derogado">Derogado<' in panel and 'insignia-inexequible">Inexequible<' in panel
    assert 'insignia-anterior">Texto anterior, no vigente<' in panel and "Vigente desde 1994 y hasta 2011" in panel
    # La etiqueta no repite el estado: va como insignia.
    assert "— derogado" not in panel and "art. 9 (Plan de Desarrollo Territorial)</span>" in panel
    assert panel.index("Otros pasajes relacionados") < panel.index('data-numero="5"')


def test_conversacion_en_markdown_para_copiar_o_descargar():
    turnos = [
        _turno("¿Quién aprueba el plan?", [_cita(oraciones=["Los planes serán…"])]),
        Turno("¿y si no decide <nadie>?", aviso="Ocurrió un error interno."),
    ]
    texto = conversacion_en_markdown(turnos, ahora=datetime(2025, 3, 1, 9, 30))
    assert texto.startswith("# Conversación con el asistente de la Guía DSEGPP\n\nFecha: 2025-03-01 09:30 · Índice v0003")
    assert "## 1. ¿Quién aprueba el plan?" in texto and "«Los planes…» [1]" in texto
    assert "Fuentes:\n- [1] Ley 152 de 1994, art. 40 (Plan de Desarrollo Territorial)" in texto
    assert "## 2. ¿y si no decide &lt;nadie&gt;?\n\nOcurrió un error interno." in texto
    assert conversacion_en_markdown([]) == ""



def test_la_respuesta_directa_va_primero_y_aparte():
    directa = "Según la Ley 152 de 1994, art. 40: «…dentro de los primeros cuatro (4) meses…» [1]"
    cuerpo = directa + "\n\nLo que dicen las normas:\n- Ley 388 de 1997, art. 26: «Transcurridos sesenta (60) días…» [2]"
    turno = _turno("¿Plazo?", citas=[_cita(oraciones=["Los planes serán…"])], cuerpo=cuerpo, directa=directa)
    contenido = mensaje_asistente(turno)["content"]
    primera, resto = contenido.split("\n\n", 1)
    assert primera.startswith("> Según la Ley 152 de 1994") and "cuatro \\(4\\) meses" in primera and "**\\[1\\]**" in primera
    assert resto.startswith("**Lo que dicen las normas:**") and "Ley 388 de 1997" in resto
    # Mientras se escribe, el comienzo también va aparte.
    assert mensaje_asistente(turno, directa[:20])["content"].startswith("> Según la Ley 152")
