"""Una sola entrada de órdenes (`asistente ORDEN`), con la ayuda en español; app.py e indexar.py la envuelven."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from asistente.cli.principal import ORDENES, main

RAIZ = Path(__file__).resolve().parents[1]


def _ayuda(capsys, *argumentos: str) -> str:
    with pytest.raises(SystemExit) as salida:
        main([*argumentos, "--help"])
    assert salida.value.code == 0
    return capsys.readouterr().out


def test_cada_orden_tiene_su_ayuda_en_espanol(capsys):
    general = _ayuda(capsys)
    assert general.startswith("uso: asistente")
    for orden in ORDENES:
        assert orden in general
    for orden in ("indexar", "preguntar", "servir", "personal"):
        texto = _ayuda(capsys, orden)
        assert texto.startswith(f"uso: asistente {orden}") and "muestra esta ayuda y termina" in texto
        assert "usage" not in texto and "show this help" not in texto


def test_errores_de_argumentos_en_espanol(capsys):
    with pytest.raises(SystemExit) as salida:
        main(["preguntar", "--k", "muchas"])
    assert salida.value.code == 2
    assert "argumento --k: valor no válido: 'muchas'" in capsys.readouterr().err
    assert main([]) == 2 and "órdenes:" in capsys.readouterr().out


@pytest.mark.lento
def test_envolturas_y_evaluar_pasan_por_la_misma_entrada():
    for guion, uso in (("indexar.py", "uso: python indexar.py"), ("app.py", "uso: python app.py")):
        assert (RAIZ / guion).read_text(encoding="utf-8").count("\n") <= 5
        salida = subprocess.run([sys.executable, str(RAIZ / guion), "--help"], capture_output=True, text=True, cwd=RAIZ, timeout=120)
        assert salida.returncode == 0 and salida.stdout.startswith(uso)
    evaluar = subprocess.run([sys.executable, "-m", "asistente", "evaluar", "--help"], capture_output=True, text=True, cwd=RAIZ, timeout=120)
    assert evaluar.returncode == 0 and evaluar.stdout.startswith("uso: python -m evaluacion") and "--conjunto" in evaluar.stdout
