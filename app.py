#!/usr/bin/env python3
"""Sirve el chat del asistente (ver `python app.py --help`)."""
import sys

from asistente.web.servidor import main

if __name__ == "__main__":
    sys.exit(main())
