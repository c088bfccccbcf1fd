"""Operaciones del personal: cuentas, ingreso y bitácora de auditoría (sin código web).

- `usuarios`: cuentas con contraseña (scrypt con sal), en un archivo fuera del repositorio.
- `contrasenas`: hash, verificación y reglas de fortaleza.
- `acceso`: ingreso con auditoría y freno a los intentos repetidos.
- `auditoria`: quién hizo qué y cuándo, en SQLite; lista, filtra y exporta CSV.
- `documentos`: los documentos del índice tal como los ve el personal (título, módulo, artículos).
- `actualizacion`: la actualización del índice en segundo plano y su informe de cambios.
- `revision`: qué respuestas revisar y sus veredictos (pestaña Validación).

Las cargas y retiros de archivos del corpus están en `asistente.personal.cargas`.
"""
