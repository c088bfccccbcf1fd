"""Los dos modos lado a lado: la respuesta citada y la redactada por el modelo y verificada (#12).

    python -m evaluacion --modo ambos     # con ASISTENTE_LLM_URL y ASISTENTE_LLM_MODELO

Cada pregunta se busca y se compone una vez (respuesta citada); la redactada parte de esa
misma respuesta, así que las dos columnas comparan solo la redacción. Escribe modos.json y
modos.md: hechos cubiertos, citas correctas, largo, latencia, cuántas respuestas quedaron
redactadas, cuántas oraciones descartó la verificación (y por qué) y cuántas veces el
modelo falló.
"""
from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Callable

from asistente.respuesta.asistente import Asistente
from asistente.calidad.conjunto import Pregunta
from asistente.calidad.cotejo import coincide, hechos_cubiertos
from asistente.respuesta.generacion import redactar


def _calificar(respuesta, pregunta: Pregunta) -> dict:
    contesto = pregunta.responde and not respuesta.abstencion
    return {
        "modo": respuesta.modo,
        "cuerpo": respuesta.cuerpo,
        "hechos": hechos_cubiertos(respuesta.respuesta, pregunta.hechos) if contesto else 0.0,
        "cita_correcta": bool(pregunta.responde and any(coincide(c.a_dict(), e) for c in respuesta.citas_usadas for e in pregunta.esperadas)),
        "caracteres": len(respuesta.cuerpo),
    }


def evaluar_modos(asistente: Asistente, preguntas: list[Pregunta], al_avanzar: Callable[[int, int], None] | None = None) -> dict:
    filas: list[dict] = []
    historial: list[str] = []
    for n, pregunta in enumerate(preguntas, start=1):
        historial = historial if pregunta.previa else []
        citada = asistente.responder(pregunta.pregunta, historial=list(historial), modo="extractiva")
        inicio = time.perf_counter()
        redactada = redactar(asistente, citada, list(historial))
        segundos = time.perf_counter() - inicio
        verificacion = redactada.verificacion or {}
        fila = {
            "id": pregunta.id,
            "pregunta": pregunta.pregunta,
            "responde": pregunta.responde,
            "abstencion": citada.abstencion,
            "extractiva": {**_calificar(citada, pregunta), "latencia_ms": round(citada.latencia_ms, 1)},
            "redactada": {
                **_calificar(redactada, pregunta),
                "latencia_ms": round(citada.latencia_ms + segundos * 1000, 1),
                "consultada": redactada.verificacion is not None,
                "oraciones": verificacion.get("oraciones", 0),
                "descartadas": verificacion.get("descartadas", []),
                "fallo": verificacion.get("fallo"),
                "motivo": verificacion.get("motivo"),
            },
        }
        filas.append(fila)
        historial = historial + [pregunta.pregunta]
        if al_avanzar:
            al_avanzar(n, len(preguntas))
    return {"resumen": resumir_modos(filas), "filas": filas}


def resumir_modos(filas: list[dict]) -> dict:
    respondibles = [f for f in filas if f["responde"]]
    contestadas = [f for f in respondibles if not f["abstencion"]]

    def fraccion(n, d):
        return round(n / d, 4) if d else None

    def columna(modo: str) -> dict:
        latencias = sorted(f[modo]["latencia_ms"] for f in filas)
        return {
            "hechos": fraccion(sum(f[modo]["hechos"] for f in respondibles), len(respondibles)),
            "exactitud_citas": fraccion(sum(f[modo]["cita_correcta"] for f in contestadas), len(contestadas)),
            "caracteres_medios": round(statistics.mean(f[modo]["caracteres"] for f in contestadas), 1) if contestadas else None,
            "latencia_p50_ms": round(statistics.median(latencias), 1) if latencias else None,
        }

    consultadas = [f["redactada"] for f in filas if f["redactada"]["consultada"]]
    clases = Counter(d["clase"] for r in consultadas for d in r["descartadas"])
    return {
        "preguntas": len(filas),
        "extractiva": columna("extractiva"),
        "redactada": columna("redactada"),
        "consultas_al_modelo": len(consultadas),
        "respuestas_redactadas": sum(r["modo"] == "redactada" for r in consultadas),
        "volvieron_a_la_citada_por_verificacion": sum(r["modo"] == "extractiva" and not r["fallo"] for r in consultadas),
        "fallos_del_modelo": dict(Counter(r["fallo"] for r in consultadas if r["fallo"])),
        "oraciones_redactadas": sum(r["oraciones"] for r in consultadas),
        "oraciones_descartadas": sum(clases.values()),
        "descartes_por_clase": dict(clases),
    }


def escribir(salida: Path, resultado: dict) -> dict[str, Path]:
    salida.mkdir(parents=True, exist_ok=True)
    datos, resumen = salida / "modos.json", salida / "modos.md"
    datos.write_text(json.dumps(resultado, ensure_ascii=False, indent=2), encoding="utf-8")
    resumen.write_text(markdown(resultado), encoding="utf-8")
    return {"modos": datos, "resumen_modos": resumen}


def _cifra(valor) -> str:
    if valor is None:
        return "—"
    return f"{valor:.3f}" if isinstance(valor, float) and valor <= 1.0 else str(valor)


def markdown(resultado: dict) -> str:
    r = resultado["resumen"]
    filas = [
        ("Hechos cubiertos", "hechos"),
        ("Citas correctas", "exactitud_citas"),
        ("Caracteres por respuesta", "caracteres_medios"),
        ("Latencia p50 (ms)", "latencia_p50_ms"),
    ]
    partes = [
        "# Respuesta citada y redactada con IA, lado a lado",
        "",
        f"{r['preguntas']} preguntas; {r['consultas_al_modelo']} consultadas al modelo (las abstenciones no se consultan).",
        "",
        "| | Citada (extractiva) | Redactada y verificada |",
        "|---|---|---|",
        *[f"| {nombre} | {_cifra(r['extractiva'][clave])} | {_cifra(r['redactada'][clave])} |" for nombre, clave in filas],
        "",
        f"- Respuestas que quedaron redactadas: {r['respuestas_redactadas']} de {r['consultas_al_modelo']}",
        f"- Volvieron a la citada porque la verificación no dejó la respuesta directa: {r['volvieron_a_la_citada_por_verificacion']}",
        f"- Oraciones redactadas: {r['oraciones_redactadas']}; descartadas por la verificación: {r['oraciones_descartadas']}"
        + (" (" + ", ".join(f"{c}: {n}" for c, n in sorted(r["descartes_por_clase"].items())) + ")" if r["descartes_por_clase"] else ""),
        f"- Fallos del modelo: {', '.join(f'{m}: {n}' for m, n in sorted(r['fallos_del_modelo'].items())) or 'ninguno'}",
        "",
        "## Por pregunta",
        "",
        "| id | hechos citada | hechos redactada | modo final | oraciones | descartadas | motivo |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in resultado["filas"]:
        d = f["redactada"]
        motivo = (d["motivo"] or "").replace("|", "/")
        partes.append(
            f"| {f['id']} | {_cifra(f['extractiva']['hechos'])} | {_cifra(d['hechos'])} | {d['modo']} | {d['oraciones']} | {len(d['descartadas'])} | {motivo} |"
        )
    return "\n".join(partes) + "\n"
