"""Comparación con la ejecución anterior: qué preguntas empeoraron o mejoraron."""
from __future__ import annotations


def _estado(fila: dict) -> tuple:
    """Orden de calidad de una fila: mayor es mejor."""
    if not fila["responde"]:
        return (1 if fila["abstencion"] else 0,)
    rango = fila["rango"] if fila["rango"] else 99
    return (0 if fila["abstencion"] else 1, -min(rango, 99), round(fila["hechos"], 3))


def comparar(actuales: list[dict], anteriores: list[dict]) -> dict[str, list[dict]]:
    """{"empeoraron": [...], "mejoraron": [...]} con el detalle de antes y ahora."""
    previas = {f["id"]: f for f in anteriores}
    empeoraron, mejoraron = [], []
    for fila in actuales:
        previa = previas.get(fila["id"])
        if previa is None:
            continue
        antes, ahora = _estado(previa), _estado(fila)
        if ahora == antes:
            continue
        cambio = {
            "id": fila["id"],
            "pregunta": fila["pregunta"],
            "modulo": fila["modulo"],
            "antes": _describir(previa),
            "ahora": _describir(fila),
        }
        (empeoraron if ahora < antes else mejoraron).append(cambio)
    return {"empeoraron": empeoraron, "mejoraron": mejoraron}


def _describir(fila: dict) -> str:
    if not fila["responde"]:
        return "se abstuvo" if fila["abstencion"] else "respondió (no debía)"
    if fila["abstencion"]:
        return "se abstuvo (debía responder)"
    rango = f"fuente en posición {fila['rango']}" if fila["rango"] else "fuente esperada no citada"
    return f"{rango}, hechos {fila['hechos']:.0%}"
