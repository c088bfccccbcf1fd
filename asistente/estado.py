"""Estado del índice para el personal: versión, modelo, documentos y omitidos."""
from __future__ import annotations

from .almacen import Manifiesto, Registro, cliente_chroma
from .configuracion import Configuracion


def manifiesto_activo(configuracion: Configuracion) -> Manifiesto | None:
    """El manifiesto de la versión activa (None si aún no hay índice); lanza si no se puede leer."""
    return Registro(cliente_chroma(configuracion)).leer()


def estado_del_indice(configuracion: Configuracion) -> dict:
    manifiesto = manifiesto_activo(configuracion)
    if manifiesto is None:
        return {"version": "", "modelo": "", "creado": "", "fragmentos": 0, "documentos": [], "omitidos": []}
    documentos = [
        {
            "archivo": ruta,
            "doc_id": e["doc_id"],
            "titulo": e["titulo"],
            "tipo": e.get("tipo", ""),
            "modulo": e.get("modulo", ""),
            "articulos": e.get("articulos", 0),
            "derogados": e.get("derogados", 0),
            "fragmentos": e.get("fragmentos", 0),
            "cargado": e.get("cargado", ""),
        }
        for ruta, e in sorted(manifiesto.archivos.items(), key=lambda par: par[1]["doc_id"])
    ]
    return {
        "version": manifiesto.etiqueta,
        "modelo": manifiesto.modelo,
        "creado": manifiesto.creado,
        "fragmentos": manifiesto.fragmentos,
        "documentos": documentos,
        "omitidos": [{"archivo": r, "motivo": o["motivo"]} for r, o in sorted(manifiesto.omitidos.items())],
    }
