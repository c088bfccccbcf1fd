"""Interfaces de línea de órdenes: cada orden en su módulo, cada una con `main(argv) -> int`."""
