"""Operaciones del personal: cuentas, ingreso y bitácora de auditoría (sin código web).

- `usuarios`: cuentas con contraseña (scrypt con sal), en un archivo fuera del repositorio.
- `contrasenas`: hash, verificación y reglas de fortaleza.
- `acceso`: ingreso con auditoría y freno a los intentos repetidos.
- `auditoria`: quién hizo qué y cuándo, en SQLite; lista, filtra y exporta CSV.

Las cargas y retiros de archivos del corpus están en `asistente.cargas`.
"""
