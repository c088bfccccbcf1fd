"""HTML de la pestaña «Índice»: estado, resultado de cargas, avance, informe de cambios y auditoría.

Funciones puras (datos → HTML escapado): todo nombre de archivo, título o motivo viene de
fuera y pasa por `escapar_html`.
"""
from __future__ import annotations

from datetime import datetime

from ..personal.cargas import ACEPTADO, ELIMINADO, RECHAZADO, REEMPLAZADO, ResultadoCarga
from ..personal.auditoria import Evento
from .preparacion import describir
from .presentacion import escapar_html as _h
from .presentacion import recortar

_MAXIMO_UNIDADES = 40  # artículos listados por celda; el resto se resume en «y N más»
ACCIONES = {
    "carga": "Carga",
    "carga-rechazada": "Carga rechazada",
    "eliminacion": "Retiro de documento",
    "eliminacion-rechazada": "Retiro rechazado",
    "actualizacion-indice": "Actualización del índice",
    "validacion": "Validación",
    "ingreso": "Ingreso",
    "ingreso-fallido": "Ingreso fallido",
    "ingreso-bloqueado": "Ingreso bloqueado",
    "salida": "Salida",
    "cuenta-creada": "Cuenta creada",
    "cuenta-eliminada": "Cuenta eliminada",
    "contrasena-cambiada": "Contraseña cambiada",
}
_ESTADOS_DOCUMENTO = {"nuevo": "Nuevo", "modificado": "Modificado", "eliminado": "Retirado"}
_CAMBIOS = {
    "agregado": "agregado", "modificado": "modificado", "eliminado": "retirado",
    "documento eliminado": "documento retirado", "seguimiento": "seguimiento",
}


def fecha(iso: str) -> str:
    """«2025-11-25T10:32:07-05:00» → «2025-11-25 10:32» (hora local del servidor)."""
    try:
        momento = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso or "—")
    if momento.tzinfo is not None:
        momento = momento.astimezone()
    return momento.strftime("%Y-%m-%d %H:%M")


def _miles(numero) -> str:
    return f"{int(numero or 0):,}".replace(",", ".")


def cuenta(numero, singular: str, plural: str) -> str:
    """«1 documento modificado», «3 documentos modificados»."""
    return f"{_miles(numero)} {singular if int(numero or 0) == 1 else plural}"


# --- estado del índice -----------------------------------------------------------------------
def html_estado(estado: dict, es_carga=lambda archivo: False, error: str = "") -> str:
    """`estado` de `asistente.indexado.estado.estado_del_indice`; `es_carga(archivo)`: ¿lo subió el personal?"""
    if error:
        return f'<div class="estado estado-error" role="alert"><p>{_h(error)}</p></div>'
    if not estado.get("version"):
        return '<div class="estado" role="status"><p>Todavía no hay índice. Use «Actualizar el índice» para construirlo desde el corpus.</p></div>'
    documentos = estado.get("documentos", [])
    resumen = (
        '<dl class="p-resumen">'
        f"<div><dt>Versión activa</dt><dd id=\"version-activa\">{_h(estado['version'])}</dd></div>"
        f"<div><dt>Última actualización</dt><dd>{_h(fecha(estado.get('creado', '')))}</dd></div>"
        f"<div><dt>Documentos</dt><dd>{_miles(len(documentos))}</dd></div>"
        f"<div><dt>Fragmentos</dt><dd>{_miles(estado.get('fragmentos'))}</dd></div>"
        f"<div><dt>Modelo de búsqueda</dt><dd>{_h(estado.get('modelo', ''))}</dd></div>"
        "</dl>"
    )
    filas = []
    for d in documentos:
        nombre = str(d.get("archivo", "")).replace("\\", "/").rsplit("/", 1)[-1]
        carga = ' <span class="insignia insignia-carga">carga del personal</span>' if es_carga(d.get("archivo", "")) else ""
        articulos = _miles(d.get("articulos")) if d.get("articulos") else "—"
        derogados = f' <span class="p-tenue">({_miles(d["derogados"])} derogados)</span>' if d.get("derogados") else ""
        filas.append(
            f"<tr><td><span class=\"p-titulo\">{_h(d.get('titulo') or d.get('doc_id'))}</span>"
            f"<br><span class=\"p-tenue\">{_h(d.get('doc_id', ''))}</span></td>"
            f"<td>{_h(d.get('modulo') or '—')}</td><td class=\"p-num\">{articulos}{derogados}</td>"
            f"<td>{_h(fecha(d.get('cargado', '')))}</td><td>{_h(nombre)}{carga}</td></tr>"
        )
    tabla = (
        '<table class="p-tabla" id="documentos-indexados"><caption>Documentos indexados</caption>'
        "<thead><tr><th scope=\"col\">Documento</th><th scope=\"col\">Módulo</th><th scope=\"col\">Artículos</th>"
        "<th scope=\"col\">Cargado</th><th scope=\"col\">Archivo</th></tr></thead>"
        f"<tbody>{''.join(filas)}</tbody></table>"
    )
    omitidos = estado.get("omitidos", [])
    bloque_omitidos = ""
    if omitidos:
        bloque_omitidos = (
            '<div class="p-omitidos" role="note"><p><strong>Archivos omitidos</strong> (no están en el índice):</p><ul>'
            + "".join(f"<li>{_h(o['archivo'])}: {_h(o['motivo'])}</li>" for o in omitidos)
            + "</ul></div>"
        )
    return f'<section class="p-estado">{resumen}{bloque_omitidos}<div class="p-desplazable">{tabla}</div></section>'


# --- cargas y retiros ------------------------------------------------------------------------
_ETIQUETAS = {ACEPTADO: "Cargado", REEMPLAZADO: "Reemplazado", ELIMINADO: "Retirado", RECHAZADO: "Rechazado"}


def html_resultados(resultados: list[ResultadoCarga], pendiente_actualizar: bool = True) -> str:
    if not resultados:
        return '<p class="p-tenue">Elija uno o más archivos primero.</p>'
    items = "".join(
        f'<li class="p-resultado p-{_h(r.estado)}"><strong>{_ETIQUETAS.get(r.estado, "")}:</strong> {_h(r.motivo)}</li>'
        for r in resultados
    )
    nota = ""
    if pendiente_actualizar and any(r.aceptado for r in resultados):
        nota = '<p class="p-nota">Los cambios entran al chat cuando se actualice el índice (botón «Actualizar el índice»).</p>'
    return f'<ul class="p-resultados" role="status">{items}</ul>{nota}'


# --- actualización ---------------------------------------------------------------------------
def html_avance(actualizacion) -> str:
    """Avance de la actualización en curso (vacío si no hay ninguna)."""
    if not actualizacion.en_curso:
        return ""
    barra = '<progress aria-label="Avance de la actualización"></progress>'
    porcentaje = actualizacion.avance.porcentaje
    if porcentaje is not None:
        barra = f'<progress max="100" value="{porcentaje}" aria-label="Avance de la actualización">{porcentaje} %</progress>'
    return (
        '<div class="estado" role="status" aria-live="polite" id="avance-actualizacion">'
        f"<p>Actualizando el índice (la inició {_h(actualizacion.usuario)} a las {_h(actualizacion.inicio)}). "
        f"{_h(describir(actualizacion.avance))}…</p>{barra}"
        "<p class=\"p-tenue\">El chat sigue respondiendo con la versión anterior hasta que la nueva esté activa.</p></div>"
    )


def _unidades(lista: list[str], guia: bool) -> str:
    if not lista:
        return "—"
    prefijo = "" if guia else "art. "
    visibles = ", ".join(_h(prefijo + str(u)) if i == 0 else _h(str(u)) for i, u in enumerate(lista[:_MAXIMO_UNIDADES]))
    resto = len(lista) - _MAXIMO_UNIDADES
    return visibles + (f" y {resto} más" if resto > 0 else "")


def html_informe(informe: dict | None) -> str:
    """El informe de cambios de la última actualización (`personal.actualizacion.informe_de_actualizacion`)."""
    if not informe:
        return '<p class="p-tenue" id="informe-cambios">Todavía no se ha actualizado el índice desde esta página.</p>'
    quien = f"por {_h(informe.get('usuario', ''))} el {_h(fecha(informe.get('momento', '')))}"
    if informe.get("estado") != "ok":
        return (
            f'<div class="estado estado-error" role="alert" id="informe-cambios"><p>La actualización pedida {quien} no se hizo: '
            f"{_h(informe.get('mensaje', ''))}</p><p>El chat sigue con el índice anterior.</p></div>"
        )
    cambios = informe.get("cambios", [])
    cabecera = (
        f"<h3>Informe de cambios · versión {_h(informe.get('version', ''))}</h3>"
        f"<p>Actualización {quien}, en {str(informe.get('duracion', informe.get('segundos', 0))).replace('.', ',')} s: "
        f"{cuenta(informe.get('nuevos'), 'documento nuevo', 'documentos nuevos')}, "
        f"{cuenta(informe.get('modificados'), 'modificado', 'modificados')}, "
        f"{cuenta(informe.get('eliminados'), 'retirado', 'retirados')} y "
        f"{cuenta(informe.get('sin_cambios'), 'sin cambios', 'sin cambios')}.</p>"
    )
    if not cambios:
        cuerpo = "<p>No hubo cambios en el corpus: el chat sigue con el mismo contenido.</p>"
    else:
        filas = []
        for c in cambios:
            guia = str(c.get("doc_id", "")).lower().startswith("guia")
            filas.append(
                f"<tr><td><span class=\"p-titulo\">{_h(c.get('titulo') or c.get('doc_id'))}</span>"
                f"<br><span class=\"p-tenue\">{_h(c.get('doc_id', ''))}</span></td>"
                f"<td>{_h(_ESTADOS_DOCUMENTO.get(c.get('estado', ''), c.get('estado', '')))}</td>"
                f"<td>{_unidades(c.get('agregados', []), guia)}</td><td>{_unidades(c.get('modificados', []), guia)}</td>"
                f"<td>{_unidades(c.get('eliminados', []), guia)}</td></tr>"
            )
        cuerpo = (
            '<table class="p-tabla" id="tabla-cambios"><caption>Documentos y artículos (o secciones) que cambiaron</caption>'
            "<thead><tr><th scope=\"col\">Documento</th><th scope=\"col\">Estado</th><th scope=\"col\">Agregados</th>"
            "<th scope=\"col\">Modificados</th><th scope=\"col\">Retirados</th></tr></thead>"
            f"<tbody>{''.join(filas)}</tbody></table>"
        )
    afectadas = informe.get("afectadas", [])
    if cambios:
        if afectadas:
            items = "".join(
                f"<li><strong>{_h(a['id'])}</strong> «{_h(recortar(a['pregunta'], 120))}» — "
                f"{_h(a['doc_id'])}{'' if str(a['doc_id']).lower().startswith('guia') else ', art.'} {_h(a['unidad'])} "
                f"({_h(_CAMBIOS.get(a['cambio'], a['cambio']))}{', sigue a ' + _h(a['previa']) if a.get('previa') else ''})</li>"
                for a in afectadas
            )
            cuerpo += (
                f'<div id="preguntas-afectadas"><p><strong>Preguntas de evaluación que citan lo que cambió ({len(afectadas)})</strong>: '
                "conviene volver a validarlas en la pestaña «Validación».</p>"
                f"<ul>{items}</ul></div>"
            )
        else:
            cuerpo += '<p id="preguntas-afectadas">Ninguna pregunta del conjunto de evaluación cita lo que cambió.</p>'
    for clave, titulo in (("omitidos", "Archivos omitidos"), ("avisos", "Avisos")):
        if informe.get(clave):
            cuerpo += (
                f"<p><strong>{titulo}</strong>:</p><ul>"
                + "".join(f"<li>{_h(o['archivo'])}: {_h(o['motivo'])}</li>" for o in informe[clave])
                + "</ul>"
            )
    return f'<section class="p-informe" id="informe-cambios">{cabecera}{cuerpo}</section>'


# --- auditoría -------------------------------------------------------------------------------
def _resumen_detalle(evento: Evento) -> str:
    d = evento.detalle or {}
    if evento.accion in ("carga", "carga-rechazada", "eliminacion", "eliminacion-rechazada"):
        return d.get("motivo") or d.get("nombre") or ""
    if evento.accion == "actualizacion-indice":
        if d.get("estado") != "ok":
            return d.get("mensaje", "")
        documentos = ", ".join(c.get("doc_id", "") for c in d.get("cambios", [])[:5]) or "sin cambios"
        return f"versión {d.get('version', '')}: {documentos}; {cuenta(len(d.get('afectadas', [])), 'pregunta afectada', 'preguntas afectadas')}"
    if evento.accion == "validacion":
        return f"{d.get('clave', '')}: {d.get('veredicto', '')}"
    if "origen" in d:
        return f"desde {d['origen']}" if d["origen"] else ""
    return ", ".join(f"{k}: {v}" for k, v in d.items())


def html_auditoria(eventos: list[Evento]) -> str:
    if not eventos:
        return '<p class="p-tenue">Todavía no hay acciones anotadas.</p>'
    filas = "".join(
        f"<tr><td>{_h(fecha(e.momento))}</td><td>{_h(e.usuario)}</td><td>{_h(ACCIONES.get(e.accion, e.accion))}</td>"
        f"<td>{_h(recortar(_resumen_detalle(e), 160))}</td><td>{_h(e.version_indice or '—')}</td></tr>"
        for e in eventos
    )
    return (
        '<div class="p-desplazable"><table class="p-tabla" id="tabla-auditoria"><caption>Acciones recientes del personal</caption>'
        "<thead><tr><th scope=\"col\">Cuándo</th><th scope=\"col\">Quién</th><th scope=\"col\">Acción</th>"
        f"<th scope=\"col\">Detalle</th><th scope=\"col\">Índice</th></tr></thead><tbody>{filas}</tbody></table></div>"
    )
