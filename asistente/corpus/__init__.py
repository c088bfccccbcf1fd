"""El corpus: formatos admitidos, cargadores, un fragmentador por tipo de documento, identidad de las normas y el catálogo."""
