#!/usr/bin/env python3
"""Construye o actualiza el índice del asistente (ver `python indexar.py --help`)."""
import sys

from asistente.cli.indexar import main

if __name__ == "__main__":
    sys.exit(main())
