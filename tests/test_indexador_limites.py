"""Entradas hostiles al indexar: bombas de alias YAML, archivos desmesurados, enlaces que salen
del corpus, restos de una construcción interrumpida, y el avance cuando no hay terminal.

Todo por la línea de órdenes real (`indexar.py` en otro proceso) o por el indexador, sobre
Chroma embebido y el modelo real.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import LEY, RAIZ, configuracion_pequena

from asistente.indexado.indexador import actualizar

pytestmark = pytest.mark.lento  # cada prueba construye índices o lanza el indexador

# Pocos cientos de bytes que, con yaml.safe_load, crecen a miles de millones de nodos (9^9).
BOMBA_DE_ALIAS = "\n".join(
    ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    + ["titulo: *a8", "---", "", "# Documento", "", "**Artículo 1°.** Texto."]
) + "\n"

# `indexar.py` en otro proceso que al final informa su pico de memoria residente (KB).
_CON_MEMORIA = """
import resource, runpy, sys
sys.argv = ["indexar.py", *sys.argv[1:]]
try:
    runpy.run_path("indexar.py", run_name="__main__")
finally:
    print("PICO_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _indexar(configuracion, *argumentos: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _CON_MEMORIA, "--corpus", str(configuracion.corpus[0]), "--indice", str(configuracion.indice), *argumentos],
        capture_output=True, text=True, timeout=600, cwd=RAIZ,
        env={**os.environ, **configuracion.variables_de_entorno()},
    )


def _pico_mb(proceso) -> float:
    linea = next(l for l in proceso.stderr.splitlines() if l.startswith("PICO_KB"))
    return int(linea.split()[1]) / 1024


def test_la_bomba_de_alias_se_omite_con_motivo_y_sin_disparar_la_memoria(tmp_path):
    assert len(BOMBA_DE_ALIAS) < 600
    configuracion = configuracion_pequena(tmp_path)
    (configuracion.corpus[0] / "bomba.md").write_text(BOMBA_DE_ALIAS, encoding="utf-8")
    proceso = _indexar(configuracion, "--json")
    assert proceso.returncode == 2, proceso.stderr  # 2: algo se omitió, el resto quedó indexado
    resumen = json.loads(proceso.stdout)
    motivos = {Path(o["archivo"]).name: o["motivo"] for o in resumen["omitidos"]}
    assert set(motivos) == {"bomba.md"} and "alias de YAML" in motivos["bomba.md"], motivos
    assert resumen["nuevos"] == 1 and resumen["fragmentos"] > 0
    pico = _pico_mb(proceso)
    print(f"\nPico de memoria de indexar.py con la bomba de alias: {pico:.0f} MB")
    assert pico < 1024


def test_limites_de_tamano_y_de_fragmentos_con_motivo_claro(tmp_path):
    configuracion = replace(configuracion_pequena(tmp_path), archivo_maximo=100 * 1024, fragmentos_maximos=40)
    corpus = configuracion.corpus[0]
    (corpus / "enorme.txt").write_text("El concejo aprobó el plan de desarrollo municipal.\n\n" * 5000, encoding="utf-8")
    articulos = "\n\n".join(f"**Artículo {n}°.** El municipio {n} rinde cuentas cada año." for n in range(1, 80))
    (corpus / "LEY-7009-2024.md").write_text(f"---\nidentificador: LEY-7009-2024\n---\n\n{articulos}\n", encoding="utf-8")
    resumen = actualizar(configuracion)
    motivos = {Path(o.archivo).name: o.motivo for o in resumen.omitidos}
    assert motivos["enorme.txt"].startswith("ocupa 0,3 MB, más que el máximo de 0,1 MB por archivo (ASISTENTE_ARCHIVO_MAXIMO_MB)")
    assert motivos["LEY-7009-2024.md"].startswith("da 79 fragmentos, más que el máximo de 40 por documento")
    assert [Path(n).name for n in resumen.nuevos] == ["LEY-7001-2020.md"]


def test_enlaces_que_salen_del_corpus_a_carpetas_y_rotos_se_informan_y_no_se_siguen(tmp_path):
    configuracion = configuracion_pequena(tmp_path / "a")
    corpus = configuracion.corpus[0]
    fuera = tmp_path / "fuera"
    fuera.mkdir()
    (fuera / "secreto.md").write_text("# Secreto\n\nLa clave del servidor es 1234.\n", encoding="utf-8")
    (fuera / "otra").mkdir()
    (fuera / "otra" / "LEY-7005-2022.md").write_text(LEY.replace("7001", "7005"), encoding="utf-8")
    (corpus / "secreto.md").symlink_to(fuera / "secreto.md")
    (corpus / "carpeta").symlink_to(fuera / "otra", target_is_directory=True)
    (corpus / "roto.md").symlink_to(tmp_path / "no-existe.md")
    (corpus / ".privado").mkdir()  # oculta: no se indexa por sí misma
    (corpus / ".privado" / "nota.txt").write_text("El consejo territorial de planeación emite concepto.\n", encoding="utf-8")
    (corpus / "interno.txt").symlink_to(corpus / ".privado" / "nota.txt")  # dentro del corpus: se sigue
    resumen = actualizar(configuracion)
    motivos = {Path(o.archivo).name: o.motivo for o in resumen.omitidos}
    assert set(motivos) == {"secreto.md", "carpeta", "roto.md"}, motivos
    assert motivos["secreto.md"].startswith("es un enlace que sale de la carpeta del corpus")
    assert motivos["carpeta"].startswith("es un enlace a una carpeta")
    assert motivos["roto.md"].startswith("es un enlace roto")
    indexados = {Path(n).name for n in resumen.nuevos}
    assert indexados == {"LEY-7001-2020.md", "interno.txt"}


def test_los_restos_de_una_construccion_interrumpida_se_borran_en_la_siguiente(tmp_path):
    configuracion = configuracion_pequena(tmp_path)
    actualizar(configuracion)
    versiones = configuracion.indice / "versiones"
    activa = {p.name for p in versiones.iterdir()}
    # Lo que deja un proceso muerto mientras escribía su copia local (tempfile.mkdtemp junto a la buena).
    for resto in (f"{next(iter(activa))}.k3j9x_2a", "fragmentos-v0002.abcdefgh"):
        (versiones / resto).mkdir()
        (versiones / resto / "fragmentos.jsonl").write_text("{}\n", encoding="utf-8")
    (configuracion.corpus[0] / "LEY-7001-2020.md").write_text(LEY.replace("cada año", "cada semestre"), encoding="utf-8")
    resumen = actualizar(configuracion)
    assert resumen.version == "v0002"
    quedan = {p.name for p in versiones.iterdir()}
    assert not any("." in n for n in quedan), quedan
    assert len(quedan) == 2  # la nueva y la anterior (un proceso puede seguir leyéndola)


def test_sin_terminal_el_avance_sale_en_lineas(tmp_path):
    configuracion = configuracion_pequena(tmp_path)
    proceso = _indexar(configuracion)
    assert proceso.returncode == 0, proceso.stderr
    lineas = [l for l in proceso.stderr.splitlines() if not l.startswith("PICO_KB")]
    assert any(l.startswith("Leyendo: ") for l in lineas), lineas
    assert any(l.startswith("Embebiendo: ") and l.endswith("%)") for l in lineas), lineas
