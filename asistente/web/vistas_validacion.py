"""HTML de la pestaña «Validación»: la pregunta, lo esperado, la respuesta de hoy, sus fuentes y el veredicto."""
from __future__ import annotations

from ..respuesta.asistente import Respuesta
from ..calidad.cotejo import coincide, hechos_presentes
from ..personal.revision import EVALUACION, Elemento
from ..personal.validaciones import Validacion
from .conversacion import Turno
from .presentacion import escapar_html as _h
from .presentacion import panel_de_fuentes
from .vistas_indice import fecha

VEREDICTOS = {"correcta": "Correcta", "parcial": "Parcial", "incorrecta": "Incorrecta"}
# Los tipos del conjunto de evaluación (asistente/calidad/conjunto.py), como los lee el personal.
TIPOS = {
    "parafrasis": "paráfrasis", "directa": "pregunta directa", "seguimiento": "seguimiento", "derogado": "norma derogada",
    "historico": "texto histórico", "guia": "guía", "fuera_de_tema": "fuera de tema",
}
_SI, _NO = '<span class="p-si">✓</span>', '<span class="p-no">✗</span>'
VACIO = '<p class="p-tenue" id="revision-vacia">No hay respuestas que revisar con este filtro.</p>'


def _parrafos(texto: str) -> str:
    return "".join(f"<p>{_h(linea)}</p>" for linea in str(texto or "").split("\n") if linea.strip())


def _esperada(fuente: str, unidad: str) -> str:
    return f"Guía, sección «{_h(unidad)}»" if fuente == "guia" else f"{_h(fuente)}, art. {_h(unidad)}"


def cita_esperada(respuesta: Respuesta | None, elemento: Elemento) -> bool:
    """¿Alguna fuente citada en la respuesta es una de las esperadas? (la regla de la evaluación)."""
    if respuesta is None:
        return False
    return any(coincide(c.a_dict(), e) for c in respuesta.citas_usadas for e in elemento.esperadas)


def html_elemento(
    elemento: Elemento,
    respuesta: Respuesta | None,
    validacion: Validacion | None,
    posicion: int,
    total: int,
    error: str = "",
) -> str:
    partes = [_cabecera(elemento, posicion, total)]
    partes.append(_lo_esperado(elemento, respuesta) if elemento.origen == EVALUACION else _opiniones(elemento))
    partes.append(_respuesta(elemento, respuesta, error))
    partes.append(_estado(validacion, respuesta))
    return '<article class="p-revision" id="revision">' + "".join(partes) + "</article>"


def _cabecera(elemento: Elemento, posicion: int, total: int) -> str:
    if elemento.origen == EVALUACION:
        tipo = TIPOS.get(elemento.tipo, elemento.tipo)
        etiqueta = f"{_h(elemento.clave)}{' · ' + _h(tipo) if tipo else ''}"
    else:
        cuantas = len(elemento.opiniones)
        etiqueta = f"«no me gusta» de {cuantas} funcionario{'s' if cuantas != 1 else ''}"
    previas = ""
    if elemento.historial:
        previas = (
            '<div class="p-previas"><p class="p-tenue">Conversación previa (la respuesta es un seguimiento):</p><ol>'
            + "".join(f"<li>{_h(p)}</li>" for p in elemento.historial)
            + "</ol></div>"
        )
    return (
        f'<p class="p-tenue" id="revision-posicion">{posicion} de {total} · {etiqueta}</p>'
        f'{previas}<h3 class="p-pregunta" id="revision-pregunta">{_h(elemento.pregunta)}</h3>'
    )


def _lo_esperado(elemento: Elemento, respuesta: Respuesta | None) -> str:
    if elemento.responde is False:
        abstuvo = ""
        if respuesta is not None:
            abstuvo = " Hoy se abstiene. ✓" if respuesta.abstencion else " <strong>Hoy NO se abstiene. ✗</strong>"
        return (
            '<section class="p-esperado" id="revision-esperado"><h4>Lo esperado</h4>'
            f"<p>Debe abstenerse: la respuesta no está en la guía ni en las normas cargadas.{abstuvo}</p></section>"
        )
    fuentes = "; ".join(_esperada(f, u) for f, u in elemento.esperadas) or "—"
    cita = ""
    if respuesta is not None and not respuesta.abstencion:
        cita = ' <strong class="p-si">✓ citada</strong>' if cita_esperada(respuesta, elemento) else ' <strong class="p-no">✗ no citada</strong>'
    hechos = ""
    if elemento.hechos:
        texto = respuesta.respuesta if respuesta is not None else ""
        hechos = "<p>Hechos que debe contener:</p><ul class=\"p-hechos\">" + "".join(
            f"<li>{_SI if presente else _NO} «{_h(h)}»</li>"
            for h, presente in hechos_presentes(texto, elemento.hechos)
        ) + "</ul>"
    return (
        '<section class="p-esperado" id="revision-esperado"><h4>Lo esperado</h4>'
        f"<p>Fuente: {fuentes}{cita}</p>{hechos}</section>"
    )


def _opiniones(elemento: Elemento) -> str:
    items = []
    for o in elemento.opiniones:
        comentario = f"«{_h(o.comentario)}»" if o.comentario else '<span class="p-tenue">(sin comentario)</span>'
        modulo = f" · filtro: módulo {_h(o.modulo)}" if o.modulo else ""
        items.append(
            f"<li>{comentario} <span class=\"p-tenue\">— {_h(fecha(o.creado))}, índice {_h(o.version_indice or '—')}{modulo}</span>"
            f"<details><summary>Respuesta que vio el funcionario</summary><div class=\"p-respuesta-vieja\">{_parrafos(o.respuesta)}</div></details></li>"
        )
    return (
        '<section class="p-esperado" id="revision-opiniones"><h4>Lo que dijeron los funcionarios</h4>'
        f"<ul>{''.join(items)}</ul></section>"
    )


def _respuesta(elemento: Elemento, respuesta: Respuesta | None, error: str) -> str:
    if respuesta is None:
        return f'<section class="p-actual"><h4>Respuesta de hoy</h4><div class="estado estado-error" role="alert"><p>{_h(error)}</p></div></section>'
    version = f' <span class="p-tenue">(índice {_h(respuesta.version_indice)})</span>' if respuesta.version_indice else ""
    fuentes = ""
    if respuesta.citas_usadas:
        fuentes = "<p><strong>Fuentes:</strong></p><ol class=\"p-fuentes\">" + "".join(
            f"<li value=\"{c.numero}\">{_h(c.etiqueta)}</li>" for c in respuesta.citas_usadas
        ) + "</ol>"
    panel = panel_de_fuentes(Turno(elemento.pregunta, respuesta))
    return (
        f'<section class="p-actual"><h4>Respuesta de hoy{version}</h4>'
        f'<div class="p-respuesta" id="revision-respuesta">{_parrafos(respuesta.cuerpo)}{fuentes}</div>'
        f'<details class="p-citas"><summary>Pasajes citados</summary>{panel}</details></section>'
    )


def _estado(validacion: Validacion | None, respuesta: Respuesta | None) -> str:
    if validacion is None:
        return '<p class="p-estado-validacion p-pendiente" id="revision-estado">Pendiente de validar.</p>'
    comentario = f" — «{_h(validacion.comentario)}»" if validacion.comentario else ""
    texto = (
        f"Validada como <strong>{_h(VEREDICTOS.get(validacion.veredicto, validacion.veredicto))}</strong> por "
        f"{_h(validacion.revisor)} el {_h(fecha(validacion.fecha))} (índice {_h(validacion.version_indice or '—')}){comentario}."
    )
    cambio = ""
    if respuesta is not None and validacion.respuesta_cambio(respuesta.respuesta):
        cambio = (
            '<p class="p-cambio" role="alert">La respuesta cambió desde esta validación: revísela de nuevo.</p>'
            f"<details><summary>Respuesta validada entonces</summary><div class=\"p-respuesta-vieja\">{_parrafos(validacion.respuesta)}</div></details>"
        )
    return f'<div class="p-estado-validacion" id="revision-estado"><p>{texto}</p>{cambio}</div>'
