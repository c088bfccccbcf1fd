"""Informes de una evaluación: resultados.json, resumen.md e informe.html (gráficas SVG en línea, sin red)."""
from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

ANTERIOR = "resultados-anterior.json"
METRICAS_VISIBLES = [
    ("acierto@1", "Acierto@1"),
    ("acierto@5", "Acierto@5"),
    ("mrr@10", "MRR@10"),
    ("exactitud_citas", "Citas correctas"),
    ("hechos", "Hechos"),
    ("primera_fuente", "Primera fuente correcta"),
    ("hechos_directa", "Hechos en la respuesta directa"),
    ("cuerpo_mediana", "Cuerpo: mediana (caracteres)"),
    ("cuerpo_p90", "Cuerpo: p90 (caracteres)"),
    ("abstencion_precision", "Abstención: precisión"),
    ("abstencion_exhaustividad", "Abstención: exhaustividad"),
    ("latencia_p50_ms", "Latencia p50 (ms)"),
    ("latencia_p95_ms", "Latencia p95 (ms)"),
]


def leer_anterior(salida: Path) -> dict | None:
    ruta = salida / "resultados.json"
    if not ruta.exists():
        return None
    try:
        return json.loads(ruta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def escribir(salida: Path, resultado: dict) -> dict[str, Path]:
    """Guarda la ejecución (y conserva la anterior como resultados-anterior.json)."""
    salida.mkdir(parents=True, exist_ok=True)
    actual = salida / "resultados.json"
    if actual.exists():
        shutil.copyfile(actual, salida / ANTERIOR)
    actual.write_text(json.dumps(resultado, ensure_ascii=False, indent=2), encoding="utf-8")
    resumen = salida / "resumen.md"
    resumen.write_text(markdown(resultado), encoding="utf-8")
    pagina = salida / "informe.html"
    pagina.write_text(html_informe(resultado), encoding="utf-8")
    return {"resultados": actual, "resumen": resumen, "informe": pagina}


def _cifra(valor) -> str:
    if valor is None:
        return "—"
    if isinstance(valor, float) and valor <= 1.0:
        return f"{valor:.3f}"
    return str(valor)


def _fallos(resultado: dict) -> list[dict]:
    fallos = []
    for fila in resultado["filas"]:
        if fila["responde"] and (fila["abstencion"] or not fila["rango"] or fila["rango"] > 5 or fila["hechos"] < 1):
            fallos.append(fila)
        elif not fila["responde"] and not fila["abstencion"]:
            fallos.append(fila)
    return fallos


def markdown(resultado: dict) -> str:
    meta = resultado["meta"]
    lineas = [
        f"# Evaluación del asistente — {meta['fecha']}",
        "",
        f"Conjunto `{meta['conjunto']}` ({meta['preguntas']} preguntas) · índice {meta['version_indice']} · modelo {meta['modelo']}",
        "",
    ]
    if resultado.get("umbrales_incumplidos"):
        lineas += ["**Compuerta de calidad: NO SE CUMPLE** — " + "; ".join(resultado["umbrales_incumplidos"]), ""]
    else:
        lineas += ["Compuerta de calidad: se cumple.", ""]
    regresiones = resultado.get("comparacion", {}).get("empeoraron", [])
    if regresiones:
        lineas += ["## Empeoraron respecto de la ejecución anterior", ""]
        lineas += [f"- **{r['id']}** {r['pregunta']} — antes: {r['antes']}; ahora: {r['ahora']}" for r in regresiones]
        lineas.append("")
    modulos = list(resultado["metricas"])
    lineas += ["## Métricas", "", "| Métrica | " + " | ".join(modulos) + " |", "|---|" + "---|" * len(modulos)]
    for clave, nombre in METRICAS_VISIBLES:
        lineas.append(f"| {nombre} | " + " | ".join(_cifra(resultado["metricas"][m].get(clave)) for m in modulos) + " |")
    mejoras = resultado.get("comparacion", {}).get("mejoraron", [])
    if mejoras:
        lineas += ["", f"Mejoraron {len(mejoras)} preguntas respecto de la ejecución anterior."]
    cambiadas = [f for f in resultado["filas"] if f.get("validacion", {}).get("cambio")]
    if cambiadas:
        lineas += ["", "## Respuestas que cambiaron desde su validación humana", ""]
        lineas += [f"- {f['id']} ({f['validacion']['veredicto']} por {f['validacion']['revisor']}, {f['validacion']['fecha']}): {f['pregunta']}" for f in cambiadas]
    fallos = _fallos(resultado)
    lineas += ["", f"## Fallos ({len(fallos)})", ""]
    for fila in fallos:
        lineas.append(f"- **{fila['id']}** [{fila['modulo']}] {fila['pregunta']}")
        lineas.append(f"  esperado: {', '.join(fila['esperado']) or 'abstenerse'} · citado: {', '.join(fila['citas'][:3]) or '—'} · hechos {fila['hechos']:.0%}")
    return "\n".join(lineas) + "\n"


def _barras(metricas: dict, clave: str, titulo: str) -> str:
    modulos = [m for m in metricas if metricas[m].get(clave) is not None]
    ancho, alto_barra, margen = 560, 26, 210
    alto = 40 + alto_barra * len(modulos)
    partes = [f'<svg role="img" aria-label="{html.escape(titulo)}" viewBox="0 0 {ancho} {alto}" width="100%" class="grafica">',
              f'<text x="0" y="18" class="titulo">{html.escape(titulo)}</text>']
    for i, modulo in enumerate(modulos):
        valor = float(metricas[modulo][clave])
        y = 30 + i * alto_barra
        largo = (ancho - margen - 60) * max(0.0, min(valor, 1.0))
        partes.append(f'<text x="0" y="{y + 16}">{html.escape(modulo)}</text>')
        partes.append(f'<rect x="{margen}" y="{y + 3}" width="{largo:.1f}" height="{alto_barra - 8}" class="barra"/>')
        partes.append(f'<text x="{margen + largo + 6:.1f}" y="{y + 16}">{valor:.2f}</text>')
    partes.append("</svg>")
    return "".join(partes)


def _histograma(latencias: list[float]) -> str:
    if not latencias:
        return ""
    tope = max(latencias)
    cubetas = 12
    paso = max(tope / cubetas, 1.0)
    cuentas = [0] * cubetas
    for valor in latencias:
        cuentas[min(int(valor / paso), cubetas - 1)] += 1
    ancho, alto = 560, 200
    barra = (ancho - 40) / cubetas
    maximo = max(cuentas) or 1
    partes = [f'<svg role="img" aria-label="Histograma de latencias" viewBox="0 0 {ancho} {alto + 40}" width="100%" class="grafica">',
              '<text x="0" y="16" class="titulo">Latencia por pregunta (ms)</text>']
    for i, cuenta in enumerate(cuentas):
        h = (alto - 40) * cuenta / maximo
        x = 30 + i * barra
        partes.append(f'<rect x="{x:.1f}" y="{alto - h:.1f}" width="{barra - 3:.1f}" height="{h:.1f}" class="barra"><title>{cuenta} preguntas entre {i * paso:.0f} y {(i + 1) * paso:.0f} ms</title></rect>')
        partes.append(f'<text x="{x:.1f}" y="{alto + 16}" class="eje">{i * paso:.0f}</text>')
    partes.append("</svg>")
    return "".join(partes)


def html_informe(resultado: dict) -> str:
    e = html.escape
    meta = resultado["meta"]
    metricas = resultado["metricas"]
    regresiones = resultado.get("comparacion", {}).get("empeoraron", [])
    fallos = _fallos(resultado)
    filas_metricas = "".join(
        "<tr><th scope='row'>" + e(nombre) + "</th>" + "".join(f"<td>{e(_cifra(metricas[m].get(clave)))}</td>" for m in metricas) + "</tr>"
        for clave, nombre in METRICAS_VISIBLES
    )
    bloque_regresiones = ""
    if regresiones:
        bloque_regresiones = "<section><h2>Empeoraron respecto de la ejecución anterior</h2><ul>" + "".join(
            f"<li><strong>{e(r['id'])}</strong> {e(r['pregunta'])}<br><small>antes: {e(r['antes'])} · ahora: {e(r['ahora'])}</small></li>" for r in regresiones
        ) + "</ul></section>"
    compuerta = (
        f"<p class='mal'><strong>Compuerta de calidad: NO SE CUMPLE</strong> — {e('; '.join(resultado['umbrales_incumplidos']))}</p>"
        if resultado.get("umbrales_incumplidos") else "<p class='bien'>Compuerta de calidad: se cumple.</p>"
    )
    def _validacion(fila):
        v = fila.get("validacion")
        if not v:
            return "<td>—</td>"
        aviso = " <span class='mal'>(la respuesta cambió desde entonces)</span>" if v.get("cambio") else ""
        return f"<td>{e(v['veredicto'])} · {e(v['revisor'])}{aviso}</td>"
    filas_fallos = "".join(
        f"<tr><td>{e(f['id'])}</td><td>{e(f['modulo'])}</td><td>{e(f['pregunta'])}</td>"
        f"<td>{e(', '.join(f['esperado']) or 'abstenerse')}</td><td>{e(' · '.join(f['citas'][:3]) or '—')}</td>"
        f"<td>{'abstención' if f['abstencion'] else e(str(f['rango'] or '—'))}</td><td>{f['hechos']:.0%}</td>{_validacion(f)}</tr>"
        for f in fallos
    )
    validadas = [f for f in resultado["filas"] if f.get("validacion")]
    return f"""<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evaluación del asistente — {e(meta['fecha'])}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem; color: #1d2a35; max-width: 1100px; }}
table {{ border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .92rem; }}
th, td {{ border: 1px solid #c9d3dc; padding: .35rem .5rem; text-align: left; vertical-align: top; }}
.grafica {{ max-width: 560px; font-size: 12px; }} .grafica .barra {{ fill: #2b6f3e; }} .grafica .titulo {{ font-weight: 600; font-size: 13px; }}
.mal {{ color: #a4161a; }} .bien {{ color: #2b6f3e; }} .rejilla {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 1rem; }}
</style></head><body>
<h1>Evaluación del asistente</h1>
<p>{e(meta['fecha'])} · conjunto <code>{e(meta['conjunto'])}</code> ({meta['preguntas']} preguntas) · índice {e(meta['version_indice'])} · modelo {e(meta['modelo'])}</p>
{compuerta}
{bloque_regresiones}
<section><h2>Métricas por módulo</h2><table><thead><tr><th scope="col">Métrica</th>{''.join(f'<th scope="col">{e(m)}</th>' for m in metricas)}</tr></thead><tbody>{filas_metricas}</tbody></table></section>
<section class="rejilla">{_barras(metricas, 'acierto@5', 'Acierto@5 por módulo')}{_barras(metricas, 'hechos', 'Hechos por módulo')}{_histograma([f['latencia_ms'] for f in resultado['filas']])}</section>
<section><h2>Fallos ({len(fallos)})</h2><table><thead><tr><th>Id</th><th>Módulo</th><th>Pregunta</th><th>Esperado</th><th>Citado</th><th>Posición</th><th>Hechos</th><th>Validación humana</th></tr></thead><tbody>{filas_fallos}</tbody></table></section>
<section><h2>Validaciones humanas</h2><p>{len(validadas)} de {len(resultado['filas'])} preguntas tienen un veredicto; {sum(1 for f in validadas if f['validacion'].get('cambio'))} respuestas cambiaron desde que se validaron.</p></section>
</body></html>
"""
