"""`asistente personal …` (o `python -m asistente personal …`): cuentas del personal, bitácora de auditoría y migración de los registros.

    python -m asistente personal agregar ana                     # pide la contraseña dos veces
    printf '%s\n' "$CLAVE" | python -m asistente personal agregar ana --contrasena-stdin
    python -m asistente personal listar [--json]
    python -m asistente personal cambiar-contrasena ana
    python -m asistente personal eliminar ana
    python -m asistente personal auditoria [--usuario ana] [--accion carga] [--desde 2025-01-01] [--csv auditoria.csv]
    python -m asistente personal migrar                          # trae los archivos de la versión anterior

Las cuentas, como la bitácora, están en la base de registros: datos/registros.sqlite3
(ASISTENTE_DATOS) o la base compartida de ASISTENTE_BD_URL (PostgreSQL), así que una
cuenta creada aquí entra en todos los servidores que usan esa base. Las cuentas de la
versión anterior (usuarios.json: ASISTENTE_USUARIOS o --archivo) se importan solas.
Cada cambio queda en la bitácora de auditoría.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys

from ..configuracion import RAIZ, Configuracion

AYUDA = "cuentas del personal (agregar, listar, eliminar, cambiar-contrasena), bitácora de auditoría y migración de los registros"
DESCRIPCION = (
    "Administra las cuentas con las que el personal entra a las funciones de administración (no hay cuenta por omisión), "
    "muestra la bitácora de auditoría y migra la base de registros (SQLite en ASISTENTE_DATOS o PostgreSQL con ASISTENTE_BD_URL)."
)


def configurar(parser) -> None:
    comun = argparse.ArgumentParser(add_help=False)
    comun.add_argument("--archivo", metavar="RUTA", help="archivo de cuentas de la versión anterior que se importa (por omisión ASISTENTE_USUARIOS o ~/.config/asistente-dsegpp/usuarios.json)")
    acciones = parser.add_subparsers(dest="accion", metavar="ACCION", title="acciones")
    from ..personal.usuarios import ROL_PERSONAL, ROLES

    agregar = acciones.add_parser("agregar", parents=[comun], help="crea una cuenta", description="Crea una cuenta y pide su contraseña dos veces.")
    agregar.add_argument("usuario", help="nombre de la cuenta")
    agregar.add_argument("--rol", choices=ROLES, default=ROL_PERSONAL, help=f"rol de la cuenta (por omisión {ROL_PERSONAL})")
    agregar.add_argument("--contrasena-stdin", action="store_true", help="lee la contraseña de la primera línea de la entrada estándar (para automatizar)")
    agregar.set_defaults(orden_personal=_agregar)

    listar = acciones.add_parser("listar", parents=[comun], help="muestra las cuentas (sin contraseñas)")
    listar.add_argument("--json", action="store_true", help="salida JSON")
    listar.set_defaults(orden_personal=_listar)

    eliminar = acciones.add_parser("eliminar", parents=[comun], help="borra una cuenta")
    eliminar.add_argument("usuario", help="nombre de la cuenta")
    eliminar.set_defaults(orden_personal=_eliminar)

    cambiar = acciones.add_parser("cambiar-contrasena", parents=[comun], help="cambia la contraseña de una cuenta")
    cambiar.add_argument("usuario", help="nombre de la cuenta")
    cambiar.add_argument("--contrasena-stdin", action="store_true", help="lee la contraseña nueva de la entrada estándar")
    cambiar.set_defaults(orden_personal=_cambiar_contrasena)

    auditoria = acciones.add_parser("auditoria", help="muestra o exporta la bitácora de auditoría",
                                    description="Las acciones del personal, de la más reciente a la más antigua (o en CSV, en orden cronológico).")
    auditoria.add_argument("--usuario", help="solo las de esta persona")
    auditoria.add_argument("--accion", action="append", help="solo esta acción (se puede repetir): carga, eliminacion, ingreso-fallido…")
    auditoria.add_argument("--desde", metavar="FECHA", help="desde esta fecha u hora, incluida (AAAA-MM-DD o AAAA-MM-DDTHH:MM)")
    auditoria.add_argument("--hasta", metavar="FECHA", help="hasta esta fecha u hora, sin incluirla")
    auditoria.add_argument("--limite", type=int, default=50, help="cuántas mostrar (por omisión 50; el CSV las lleva todas)")
    auditoria.add_argument("--csv", metavar="ARCHIVO", help="exporta a CSV («-» para la salida estándar)")
    auditoria.set_defaults(orden_personal=_auditoria)

    migrar = acciones.add_parser(
        "migrar", parents=[comun], help="crea o pone al día la base de registros y trae los archivos de la versión anterior",
        description="Aplica las migraciones de la base de registros (ASISTENTE_BD_URL o datos/registros.sqlite3) y trae, una sola vez, "
                    "opiniones.sqlite3, validaciones.sqlite3 y auditoria.sqlite3 de ASISTENTE_DATOS y las cuentas de usuarios.json. "
                    "Es lo mismo que hace el servidor al arrancar; repetirlo no duplica nada.",
    )
    migrar.add_argument("--datos", metavar="CARPETA", help="carpeta de datos de la versión anterior (por omisión ASISTENTE_DATOS)")
    migrar.set_defaults(orden_personal=_migrar)

    parser.set_defaults(ayuda_personal=parser)


# --- órdenes -------------------------------------------------------------------------------
def _agregar(args) -> int:
    from ..personal.auditoria import CUENTA_CREADA

    usuarios, configuracion = _usuarios(args)
    contrasena = _pedir_contrasena(args, args.usuario, "Contraseña de la cuenta nueva: ")
    usuario = usuarios.agregar(args.usuario, contrasena, rol=args.rol)
    _anotar(configuracion, CUENTA_CREADA, {"cuenta": usuario.nombre, "rol": usuario.rol})
    print(f"Se creó la cuenta «{usuario.nombre}» (rol {usuario.rol}) en {usuarios.donde}.")
    return 0


def _listar(args) -> int:
    usuarios, _ = _usuarios(args)
    cuentas = usuarios.listar()
    if args.json:
        print(json.dumps([c.__dict__ for c in cuentas], ensure_ascii=False, indent=2))
        return 0
    if not cuentas:
        print(f"No hay cuentas del personal en {usuarios.donde}. Cree una con «python -m asistente personal agregar USUARIO».")
        return 0
    ancho = max(len("usuario"), *(len(c.nombre) for c in cuentas))
    print(f"{'usuario':<{ancho}}  {'rol':<13}  {'creada':<25}  actualizada")
    for c in cuentas:
        print(f"{c.nombre:<{ancho}}  {c.rol:<13}  {c.creado:<25}  {c.actualizado}")
    return 0


def _eliminar(args) -> int:
    from ..personal.auditoria import CUENTA_ELIMINADA
    from ..personal.usuarios import normalizar_nombre

    usuarios, configuracion = _usuarios(args)
    usuarios.eliminar(args.usuario)
    _anotar(configuracion, CUENTA_ELIMINADA, {"cuenta": normalizar_nombre(args.usuario)})
    print(f"Se eliminó la cuenta «{normalizar_nombre(args.usuario)}».")
    return 0


def _cambiar_contrasena(args) -> int:
    from ..personal.auditoria import CONTRASENA_CAMBIADA
    from ..personal.usuarios import ErrorDeUsuarios

    usuarios, configuracion = _usuarios(args)
    if usuarios.obtener(args.usuario) is None:  # antes de pedir la contraseña: no hacer escribir en vano
        raise ErrorDeUsuarios(f"No existe la cuenta «{args.usuario}».")
    contrasena = _pedir_contrasena(args, args.usuario, "Contraseña nueva: ")
    usuario = usuarios.cambiar_contrasena(args.usuario, contrasena)
    _anotar(configuracion, CONTRASENA_CAMBIADA, {"cuenta": usuario.nombre})
    print(f"Se cambió la contraseña de «{usuario.nombre}».")
    return 0


def _auditoria(args) -> int:
    from ..personal.auditoria import Auditoria, EventoInvalido
    from ..personal.usuarios import ErrorDeUsuarios

    auditoria = Auditoria.en(_configuracion())
    filtros = {"usuario": args.usuario, "accion": args.accion, "desde": args.desde, "hasta": args.hasta}
    try:
        if args.csv == "-":
            auditoria.exportar_csv(sys.stdout, **filtros)
            return 0
        if args.csv:
            cuantos = auditoria.exportar_csv(args.csv, **filtros)
            print(f"Se exportaron {cuantos} eventos a {args.csv}.")
            return 0
        eventos = auditoria.listar(limite=max(1, args.limite), **filtros)
    except EventoInvalido as error:
        raise ErrorDeUsuarios(str(error)) from error
    except OSError as error:
        raise ErrorDeUsuarios(f"No se pudo escribir {args.csv} ({error.strerror or error}).") from error
    if not eventos:
        print("No hay acciones anotadas con esos filtros.")
    for e in eventos:
        version = f" · {e.version_indice}" if e.version_indice else ""
        detalle = json.dumps(e.detalle, ensure_ascii=False) if e.detalle else ""
        print(f"{e.momento}  {e.usuario}  {e.accion}{version}  {detalle}".rstrip())
    return 0


# --- piezas ----------------------------------------------------------------------------------
def ejecutar(args) -> int:
    """Corre la acción y convierte los errores esperables en un mensaje y estado 1."""
    from ..personal.contrasenas import ContrasenaDebil
    from ..personal.usuarios import ErrorDeUsuarios
    from ..registros import ErrorDeRegistros

    orden = getattr(args, "orden_personal", None)
    if orden is None:
        args.ayuda_personal.print_help(sys.stderr)
        return 2
    try:
        return orden(args)
    except (ErrorDeUsuarios, ContrasenaDebil, ErrorDeRegistros) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1


def _migrar(args) -> int:
    from ..registros import BaseDeRegistros
    from ..registros.heredados import importar

    configuracion = _configuracion(usuarios=args.archivo, datos=args.datos)
    bd = BaseDeRegistros.en(configuracion, importar=False)  # abrirla ya la migra (con su cerrojo)
    print(f"Base de registros: {bd.visible} (esquema {bd.revision()}).")
    resultados = importar(bd, configuracion.datos, configuracion.usuarios)
    for resultado in resultados:
        print(f"- {resultado.describir()}")
    if not resultados:
        print(f"No hay archivos de la versión anterior por traer (en {configuracion.datos} ni {configuracion.usuarios}).")
    elif any(r.tipo == "cuentas" and not r.ya_importado for r in resultados):
        print(f"Las cuentas ya están en la base: {configuracion.usuarios} se puede archivar (no se vuelve a importar).")
    return 0


def _configuracion(**cambios) -> Configuracion:
    from ..personal.usuarios import ErrorDeUsuarios

    try:
        return Configuracion.desde_entorno(**cambios)
    except ValueError as error:  # p. ej. ASISTENTE_BD_URL mal escrita (el mensaje no lleva la contraseña)
        raise ErrorDeUsuarios(str(error)) from None


def _usuarios(args):
    from ..personal.usuarios import Usuarios

    configuracion = _configuracion(usuarios=getattr(args, "archivo", None))
    usuarios = Usuarios.en(configuracion)
    ruta = usuarios.bd.ruta
    if args.orden_personal is not _listar and ruta is not None and _dentro_del_repositorio(ruta):
        print(
            f"Aviso: las cuentas quedan en {ruta}, dentro del repositorio; fije ASISTENTE_DATOS fuera de él "
            "(o use ASISTENTE_BD_URL) para que no terminen en una copia del código.",
            file=sys.stderr,
        )
    return usuarios, configuracion


def _dentro_del_repositorio(ruta) -> bool:
    try:
        return ruta.resolve().is_relative_to(RAIZ)
    except OSError:
        return False


def _pedir_contrasena(args, usuario: str, pregunta: str) -> str:
    from ..personal.contrasenas import problemas_de_fortaleza
    from ..personal.usuarios import ErrorDeUsuarios

    if args.contrasena_stdin:
        linea = sys.stdin.readline()
        if not linea:
            raise ErrorDeUsuarios("No llegó ninguna contraseña por la entrada estándar.")
        return linea.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ErrorDeUsuarios("No hay una terminal para pedir la contraseña: pásela por la entrada estándar con --contrasena-stdin.")
    contrasena = getpass.getpass(pregunta)
    problemas = problemas_de_fortaleza(contrasena, usuario.strip().lower())
    if problemas:  # se avisa antes de pedir la confirmación
        raise ErrorDeUsuarios("La contraseña " + "; ".join(problemas) + ".")
    if getpass.getpass("Repítala: ") != contrasena:
        raise ErrorDeUsuarios("Las contraseñas no coinciden; no se cambió nada.")
    return contrasena


def _anotar(configuracion: Configuracion, accion: str, detalle: dict) -> None:
    from ..personal.auditoria import Auditoria

    try:
        quien = f"terminal:{getpass.getuser()}"
    except (KeyError, OSError):
        quien = "terminal"
    try:
        Auditoria.en(configuracion).registrar(quien, accion, detalle)
    except Exception as error:  # la cuenta ya cambió; que falle la bitácora no debe ocultarlo
        print(f"Aviso: no se pudo anotar en la auditoría ({error}).", file=sys.stderr)

