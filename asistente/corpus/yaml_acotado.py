"""YAML con límites: sin alias, con profundidad y tamaño acotados.

    datos = leer_yaml(texto, maximo_bytes=LIMITE)   # lanza YamlRechazado con el motivo en español

Un encabezado de pocos cientos de bytes que anida alias (`a1: &a1 [*a0, *a0, …]`) se
expande a miles de millones de nodos al recorrerlo (el «billion laughs» de YAML):
`yaml.safe_load` no lo impide. Aquí los alias se rechazan al componer, antes de construir
nada, y también un anidamiento absurdo; así leer el archivo cuesta lo que mide.
"""
from __future__ import annotations

import yaml

# Ningún encabezado ni catálogo legítimo anida más que esto (el catálogo llega a 4).
PROFUNDIDAD_MAXIMA = 20


class YamlRechazado(ValueError):
    """El texto no se lee: `str(error)` es el motivo, en español."""


class _Cargador(yaml.SafeLoader):
    def __init__(self, flujo) -> None:
        super().__init__(flujo)
        self._profundidad = 0

    def compose_node(self, parent, index):  # noqa: D401  (sobrescribe a PyYAML)
        if self.check_event(yaml.AliasEvent):
            marca = self.peek_event().start_mark
            raise YamlRechazado(f"usa alias de YAML («*…», en su línea {marca.line + 1}), que no se admiten")
        self._profundidad += 1
        try:
            if self._profundidad > PROFUNDIDAD_MAXIMA:
                raise YamlRechazado(f"anida más de {PROFUNDIDAD_MAXIMA} niveles")
            return super().compose_node(parent, index)
        finally:
            self._profundidad -= 1


def leer_yaml(texto: str, maximo_bytes: int | None = None):
    """Lee un documento YAML con tipos básicos. `YamlRechazado` si es inseguro o inválido."""
    if maximo_bytes is not None and len(texto.encode("utf-8")) > maximo_bytes:
        raise YamlRechazado(f"ocupa más de {maximo_bytes // 1024} KB")
    try:
        return yaml.load(texto, Loader=_Cargador)  # noqa: S506  (es un SafeLoader)
    except YamlRechazado:
        raise
    except yaml.YAMLError as error:
        raise YamlRechazado(f"no es válido: {str(error).strip().splitlines()[0]}") from error
    except RecursionError as error:
        raise YamlRechazado(f"anida más de {PROFUNDIDAD_MAXIMA} niveles") from error
