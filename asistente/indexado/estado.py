"""Estado del índice para el personal: versión, modelo, documentos y omitidos."""
from __future__ import annotations

from .almacen import Manifiesto, Registro, cliente_chroma
from ..configuracion import Configuracion


def manifiesto_activo(configuracion: Configuracion) -> Manifiesto | None:
    """El manifiesto de la versión activa (None si aún no hay índice); lanza si no se puede leer."""
    return Registro(cliente_chroma(configuracion)).leer()


def estado_del_indice(configuracion: Configuracion) -> dict:
    cliente = cliente_chroma(configuracion)
    manifiesto = Registro(cliente).leer()
    if manifiesto is None:
        return {"version": "", "modelo": "", "creado": "", "fragmentos": 0, "con_vector": 0, "semantica": "", "documentos": [], "omitidos": []}
    con_vector = cliente.get_collection(manifiesto.coleccion, embedding_function=None).count()
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
        "con_vector": con_vector,
        "semantica": linea_semantica(con_vector, manifiesto.fragmentos),
        "documentos": documentos,
        "omitidos": [{"archivo": r, "motivo": o["motivo"]} for r, o in sorted(manifiesto.omitidos.items())],
    }


def linea_semantica(con_vector: int, fragmentos: int) -> str:
    """«búsqueda semántica en preparación: N de M fragmentos», o "" si ya está completa (#15)."""
    if con_vector >= fragmentos:
        return ""
    return f"búsqueda semántica en preparación: {_miles(con_vector)} de {_miles(fragmentos)} fragmentos"


def _miles(numero: int) -> str:
    return f"{numero:,}".replace(",", ".")
