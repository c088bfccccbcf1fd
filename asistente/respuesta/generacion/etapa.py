"""La etapa de redacción: después de componer la respuesta citada, y solo si no se abstuvo.

    respuesta = redactar(asistente, respuesta_citada, historial)        # CLI, evaluación
    for avance in en_vivo(asistente, respuesta_citada, historial): ...  # la página, a medida que llega

El modelo recibe los mismos pasajes numerados que son las citas de la respuesta citada;
cada oración que escribe se verifica (verificacion.py) antes de mostrarse. Si la primera
oración (la respuesta directa) no pasa, si no queda ninguna, o si el modelo falla, la
respuesta es la citada, con `modo="extractiva"` y en `verificacion` el motivo y un aviso.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..redaccion import lista_de_fuentes
from .cliente import ClienteLLM, FalloDelModelo
from .indicaciones import mensajes
from .verificacion import Aceptada, Descarte, Verificador, completas, componer

registro = logging.getLogger("asistente.respuesta.generacion")

REDACTADA = "redactada"
EXTRACTIVA = "extractiva"
MODOS = (EXTRACTIVA, REDACTADA)
ETIQUETA = "Redactada con IA y verificada contra las fuentes"
AVISO_FALLO = "No se pudo redactar la respuesta con IA ({causa}); se muestra la respuesta citada textualmente."
AVISO_VERIFICACION = "La respuesta redactada con IA no superó la verificación contra las fuentes; se muestra la respuesta citada textualmente."
AVISO_NO_CUBRE = "El modelo de IA no encontró la respuesta en los pasajes; se muestra la respuesta citada textualmente."
_CIERRE = re.compile(r"([.!?…:;»\"')]|\[\d{1,3}\])\s*$")


@dataclass
class Avance:
    """Lo que se puede mostrar hasta ahora: el texto verificado y, al final, la respuesta entera."""

    texto: str
    respuesta: object | None = None  # Respuesta, en el último avance

    @property
    def final(self) -> bool:
        return self.respuesta is not None


_clientes: dict = {}
_cerrojo = threading.Lock()


def cliente_de(configuracion) -> ClienteLLM:
    """Un cliente por configuración (el `ChatOpenAI` se arma una vez)."""
    with _cerrojo:
        if configuracion not in _clientes:
            _clientes[configuracion] = ClienteLLM(configuracion).preparar()
        return _clientes[configuracion]


def aplica(respuesta) -> bool:
    """¿Tiene sentido redactar? No para abstenciones, preguntas inválidas ni respuestas sin citas."""
    return not respuesta.abstencion and not respuesta.error and bool(respuesta.citas)


def _previas(historial) -> list[str]:
    previas = []
    for turno in historial or []:
        if isinstance(turno, str):
            previas.append(turno)
        elif isinstance(turno, dict) and turno.get("role", turno.get("rol", "user")) in ("user", "usuario"):
            previas.append(str(turno.get("content", turno.get("texto", ""))))
        elif isinstance(turno, (list, tuple)) and turno:
            previas.append(str(turno[0]))
    return [" ".join(p.split())[:500] for p in previas if p.strip()][-3:]


def _preparar(asistente, respuesta, historial):
    configuracion = asistente.configuracion
    pasajes = [(c.numero, c.etiqueta, c.texto) for c in respuesta.citas]
    indicacion = mensajes(respuesta.pregunta, pasajes, _previas(historial))
    try:
        idf = asistente.indice().lexico.idf
    except Exception:  # noqa: BLE001  (sin índice léxico: todos los términos pesan igual)
        idf = None
    from ..recuperacion import equivalentes_de

    verificador = Verificador(
        respuesta.citas, idf, lambda texto: equivalentes_de(asistente.catalogo, texto), ajenas=asistente.catalogo.palabras_sin_contenido
    )
    return cliente_de(configuracion), indicacion, verificador


def redactar(asistente, respuesta, historial=None):
    """La respuesta redactada y verificada, o la citada con el motivo (sin transmisión). Nunca lanza."""
    if not aplica(respuesta):
        return respuesta
    inicio = time.monotonic()
    try:
        cliente, indicacion, verificador = _preparar(asistente, respuesta, historial)
        inicio = time.monotonic()  # el plazo es para el modelo; importar LangChain (una vez) no cuenta
        texto, fin = cliente.completar(indicacion, inicio + asistente.configuracion.llm_segundos)
        aceptadas, descartes, total = _verificar_todo(verificador, texto, fin)
        return _resultado(respuesta, aceptadas, descartes, total, cliente.nombre, inicio)
    except FalloDelModelo as fallo:
        return _fallida(respuesta, fallo, asistente.configuracion.llm_modelo, inicio)
    except Exception:  # noqa: BLE001  (la redacción es opcional: nunca tumba una respuesta)
        registro.exception("Falló la redacción con el modelo de lenguaje")
        return _fallida(respuesta, FalloDelModelo("interno"), asistente.configuracion.llm_modelo, inicio)


def en_vivo(asistente, respuesta, historial=None) -> Iterator[Avance]:
    """Avances con el texto ya verificado, a medida que el modelo escribe; el último trae la respuesta.

    Una oración se muestra cuando está completa y verificada; la que se está escribiendo, no.
    Si la primera oración no pasa, se deja de esperar al modelo y se entrega la citada.
    """
    if not aplica(respuesta):
        yield Avance(respuesta.cuerpo, respuesta)
        return
    inicio = time.monotonic()
    modelo = asistente.configuracion.llm_modelo
    aceptadas: list[Aceptada] = []
    descartes: list[Descarte] = []
    texto, fin, procesadas = "", None, 0
    try:
        cliente, indicacion, verificador = _preparar(asistente, respuesta, historial)
        inicio = time.monotonic()
        for trozo in cliente.transmitir(indicacion, inicio + asistente.configuracion.llm_segundos):
            texto += trozo.texto
            fin = trozo.fin or fin
            nuevas = completas(texto, terminado=False)[procesadas:]
            for oracion in nuevas:
                procesadas += 1
                _clasificar(verificador.verificar(oracion, procesadas), aceptadas, descartes)
            if descartes and descartes[0].posicion == 1:
                break  # la respuesta directa no pasó: no hay nada que esperar
            if nuevas and aceptadas:
                yield Avance(componer(_limpias(aceptadas)))
        else:
            restantes = completas(texto, terminado=True)[procesadas:]
            for oracion in restantes:
                procesadas += 1
                if oracion is restantes[-1] and fin == "length" and not _CIERRE.search(oracion.texto):
                    descartes.append(Descarte(procesadas, "quedó cortada por el límite de tokens", "incompleta", oracion.citas))
                    continue
                _clasificar(verificador.verificar(oracion, procesadas), aceptadas, descartes)
        final = _resultado(respuesta, aceptadas, descartes, procesadas, modelo, inicio)
    except FalloDelModelo as fallo:
        final = _fallida(respuesta, fallo, modelo, inicio)
    except Exception:  # noqa: BLE001
        registro.exception("Falló la redacción con el modelo de lenguaje")
        final = _fallida(respuesta, FalloDelModelo("interno"), modelo, inicio)
    yield Avance(final.cuerpo, final)


def _verificar_todo(verificador: Verificador, texto: str, fin: str | None) -> tuple[list[Aceptada], list[Descarte], int]:
    aceptadas: list[Aceptada] = []
    descartes: list[Descarte] = []
    oraciones = completas(texto, terminado=True)
    for posicion, oracion in enumerate(oraciones, start=1):
        if posicion == len(oraciones) and fin == "length" and not _CIERRE.search(oracion.texto):
            descartes.append(Descarte(posicion, "quedó cortada por el límite de tokens", "incompleta", oracion.citas))
            continue
        _clasificar(verificador.verificar(oracion, posicion), aceptadas, descartes)
    return aceptadas, descartes, len(oraciones)


def _clasificar(resultado, aceptadas: list, descartes: list) -> None:
    (aceptadas if isinstance(resultado, Aceptada) else descartes).append(resultado)
    if isinstance(resultado, Descarte):
        registro.debug("Oración %d descartada: %s", resultado.posicion, resultado.motivo)


def _limpias(aceptadas: list[Aceptada]) -> list[Aceptada]:
    """Sin las marcas [n] de pasajes que no respaldan nada de la oración (quedan las que sí)."""
    salida = []
    for aceptada in aceptadas:
        sobran = [n for n in aceptada.oracion.citas if n not in aceptada.respaldos]
        oracion = aceptada.oracion
        if sobran:
            texto = oracion.texto
            for numero in sobran:
                texto = texto.replace(f"[{numero}]", "")
            oracion = replace(oracion, texto=re.sub(r"\s+([.;,!?])", r"\1", " ".join(texto.split())), citas=[n for n in oracion.citas if n not in sobran])
        salida.append(replace(aceptada, oracion=oracion))
    return salida


def _resultado(original, aceptadas: list[Aceptada], descartes: list[Descarte], total: int, modelo: str, inicio: float):
    verificacion = {
        "modelo": modelo,
        "oraciones": total,
        "conservadas": len(aceptadas),
        "descartadas": [d.a_dict() for d in descartes],
        "segundos": round(time.monotonic() - inicio, 2),
    }
    directa_descartada = any(d.posicion == 1 for d in descartes)
    if not aceptadas or directa_descartada:
        primera = next((d for d in descartes if d.posicion == 1), None)
        no_cubre = primera is not None and primera.no_cubre
        verificacion["motivo"] = (
            "ninguna oración quedó respaldada por los pasajes" if not aceptadas else "la respuesta directa (primera oración) no quedó respaldada"
        )
        verificacion["aviso"] = AVISO_NO_CUBRE if no_cubre and not aceptadas else AVISO_VERIFICACION
        return replace(original, modo=EXTRACTIVA, verificacion=verificacion)
    aceptadas = _limpias(aceptadas)
    respaldos: dict[int, list[str]] = {}
    for aceptada in aceptadas:
        for numero, oracion in aceptada.respaldos.items():
            if numero in aceptada.oracion.citas and oracion not in respaldos.setdefault(numero, []):
                respaldos[numero].append(oracion)
    # Sin las oraciones de la citada que no cupieron en su cuerpo (#11): la lista de fuentes de la
    # redactada no las repite.
    citas = [replace(c, oraciones=list(respaldos.get(c.numero, [])), demas=[]) for c in original.citas]
    cuerpo = componer(aceptadas)
    texto = f"{cuerpo}\n\n{lista_de_fuentes([c for c in citas if c.oraciones])}"
    return replace(original, respuesta=texto, cuerpo=cuerpo, citas=citas, modo=REDACTADA, verificacion=verificacion, extractiva=original)


def _fallida(original, fallo: FalloDelModelo, modelo: str, inicio: float):
    verificacion = {
        "modelo": modelo,
        "fallo": fallo.motivo,
        "motivo": fallo.aviso,
        "aviso": AVISO_FALLO.format(causa=fallo.aviso),
        "oraciones": 0,
        "conservadas": 0,
        "descartadas": [],
        "segundos": round(time.monotonic() - inicio, 2),
    }
    registro.warning("Redacción con IA no disponible (%s, %s); se entrega la respuesta citada", fallo.motivo, fallo.detalle)
    return replace(original, modo=EXTRACTIVA, verificacion=verificacion)
