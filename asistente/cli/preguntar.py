"""`asistente preguntar` (o `python -m asistente preguntar`): respuestas citadas desde la terminal, una a una o por lotes."""
from __future__ import annotations

import json
import sys

from ..configuracion import Configuracion


AYUDA = "responde una pregunta (o un lote JSONL) citando la guía y las normas"
DESCRIPCION = (
    "Responde con citas exactas a la guía y a las normas cargadas. Con ASISTENTE_LLM_URL, un modelo de "
    "lenguaje redacta la respuesta y cada oración se verifica contra los pasajes que cita."
)


def configurar(parser) -> None:
    parser.add_argument("pregunta", nargs="?", help="la pregunta, entre comillas")
    parser.add_argument("--lote", metavar="ARCHIVO.jsonl", help="preguntas por lotes: una línea JSON con «id» y «pregunta»")
    parser.add_argument("--indice", metavar="CARPETA", help="carpeta del índice (por omisión indice/)")
    parser.add_argument("--json", action="store_true", help="salida JSON (una línea por pregunta en modo lote)")
    parser.add_argument("--k", type=int, default=5, help="cuántas fuentes devolver (por omisión 5)")
    parser.add_argument("--modulo", help="limita la búsqueda a un módulo: 1, 2, 3, «MIPG», «plan de desarrollo»…")
    parser.add_argument("--documento", metavar="DOC_ID", help="limita la búsqueda a un documento (p. ej. LEY-152-1994)")
    parser.add_argument(
        "--modo", choices=("extractiva", "redactada"),
        help="extractiva: citas textuales; redactada: la redacta el modelo de ASISTENTE_LLM_URL y se verifica "
        "(por omisión, redactada si hay modelo configurado)",
    )


def ejecutar(args) -> int:
    from ..respuesta.asistente import Asistente
    from ..respuesta.consulta import PreguntaInvalida
    from ..indexado.abierto import IndiceNoDisponible

    if (args.pregunta is None) == (args.lote is None):
        print("Error: escriba una pregunta entre comillas o use --lote ARCHIVO.jsonl (no ambas).", file=sys.stderr)
        return 2
    try:
        asistente = Asistente(Configuracion.desde_entorno(indice=args.indice))
        if args.modo == "redactada" and not asistente.configuracion.redaccion_configurada:
            raise ValueError("--modo redactada necesita un modelo de lenguaje: defina ASISTENTE_LLM_URL y ASISTENTE_LLM_MODELO.")
    except ValueError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    try:
        if args.lote:
            return _lote(asistente, args)
        respuesta = asistente.responder(args.pregunta, modulo=args.modulo, documento=args.documento, k=args.k, modo=args.modo)
    except IndiceNoDisponible as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except PreguntaInvalida as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(respuesta.a_dict(), ensure_ascii=False, indent=2))
    elif respuesta.error:
        print(f"Error: {respuesta.error}", file=sys.stderr)
    else:
        aviso = (respuesta.verificacion or {}).get("aviso")
        if aviso:
            print(f"Aviso: {aviso}", file=sys.stderr)
        print(respuesta.respuesta)
        if respuesta.modo == "redactada":
            print("\n(Redactada con IA y verificada contra las fuentes. Con --modo extractiva, la respuesta citada textualmente.)")
        if respuesta.abstencion and respuesta.sugerencias:
            print("\nSecciones cercanas que quizá le sirvan:\n" + "\n".join(f"- {s}" for s in respuesta.sugerencias))
    return 2 if respuesta.error else 0


def _lote(asistente, args) -> int:
    """Lee id/pregunta por línea y escribe un objeto JSON por línea; el modelo se carga una vez."""
    from ..respuesta.consulta import PreguntaInvalida

    try:
        entrada = open(args.lote, encoding="utf-8")
    except OSError as error:
        print(f"Error: no se pudo abrir {args.lote} ({error.strerror or error})", file=sys.stderr)
        return 1
    errores = 0
    with entrada:
        for numero, linea in enumerate(entrada, start=1):
            if not linea.strip():
                continue
            try:
                registro = json.loads(linea)
                if not isinstance(registro, dict):
                    raise ValueError("no es un objeto JSON")
            except ValueError as error:
                errores += 1
                print(json.dumps({"id": None, "linea": numero, "error": f"línea {numero}: JSON inválido ({error})"}, ensure_ascii=False))
                continue
            try:
                respuesta = asistente.responder(str(registro.get("pregunta") or ""), modulo=args.modulo, documento=args.documento, k=args.k, modo=args.modo)
            except PreguntaInvalida as error:
                errores += 1
                print(json.dumps({"id": registro.get("id"), "pregunta": registro.get("pregunta"), "error": str(error)}, ensure_ascii=False))
                continue
            errores += bool(respuesta.error)
            print(json.dumps(respuesta.a_dict(registro.get("id")), ensure_ascii=False), flush=True)
    return 2 if errores else 0
