"""El índice: almacén (Chroma), BM25, embeddings, el indexador incremental y sus etapas, y el índice abierto para buscar."""
