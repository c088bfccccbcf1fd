#!/usr/bin/env python3
"""Construye o actualiza el índice: lo mismo que `asistente indexar` (ver `python indexar.py --help`)."""
from asistente.cli.principal import lanzar

raise SystemExit(lanzar("indexar", prog="python indexar.py"))
