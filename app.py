#!/usr/bin/env python3
"""Sirve el chat del asistente: lo mismo que `asistente servir` (ver `python app.py --help`)."""
from asistente.cli.principal import lanzar

raise SystemExit(lanzar("servir", prog="python app.py"))
