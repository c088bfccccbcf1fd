"""Cargas seguras de documentos al corpus, y su retiro, para las herramientas del personal.

    r = guardar_carga("Ley 152 de 1994.pdf", datos, configuracion.corpus[0], manifiesto_activo,
                      tamano_maximo=configuracion.carga_maxima)
    r.estado        # "aceptado" | "reemplazado" | "rechazado"
    r.motivo        # en español, para mostrarlo tal cual
    r.ruta          # dónde quedó (None si se rechazó)
    auditoria.registrar(usuario, CARGA if r.aceptado else CARGA_RECHAZADA, r.a_dict(), version_indice=…)

    retirar_archivo("LEY-152-1994.pdf", configuracion.corpus[0])   # estado "eliminado" o "rechazado"

El índice no cambia hasta la siguiente actualización (`indexador.actualizar`).

Un rechazo no cambia nada. Lo que se comprueba, en este orden:
- tamaño (ni vacío ni mayor que el máximo);
- nombre: sin rutas absolutas, «..», NUL ni caracteres de control, ni oculto ni reservado
  en Windows; se normaliza a uno legible y seguro («Ley 152 de 1994.pdf» → «Ley-152-de-1994.pdf»);
- tipo por el CONTENIDO (PDF: «%PDF-»; DOCX: ZIP con word/document.xml; Markdown o
  texto: UTF-8 o Windows-1252 sin datos binarios), que debe coincidir con la extensión;
- duplicados por SHA-256: el mismo contenido ya cargado con otro nombre se rechaza
  nombrándolo; el mismo nombre con otro contenido es un reemplazo.
La escritura va a un temporal oculto (el indexador ignora los ocultos) que se renombra.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from ..corpus.cargadores.base import ErrorDeCarga, decodificar_texto
from ..configuracion import CARGA_MAXIMA_MB_PREDETERMINADA
from ..corpus.formatos import CONTENIDO, FORMATOS_LEGIBLES
from ..persistencia import sincronizar_carpeta
from ..texto import sin_tildes

ACEPTADO = "aceptado"
REEMPLAZADO = "reemplazado"
RECHAZADO = "rechazado"
ELIMINADO = "eliminado"

TAMANO_MAXIMO = CARGA_MAXIMA_MB_PREDETERMINADA * 1024 * 1024
_DESCRIPCION = {
    "pdf": "un PDF",
    "docx": "un documento de Word (DOCX)",
    "texto": "texto (Markdown o .txt)",
    "doc": "un documento de Word antiguo (.doc)",
    "zip": "un archivo ZIP que no es un documento de Word",
    "imagen": "una imagen",
    "binario": "datos binarios",
}
_RESERVADOS_WINDOWS = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_LARGO_MAXIMO_NOMBRE = 120
# Un DOCX de cientos de MB al descomprimirse es una «bomba» que tumbaría al indexador.
_DOCX_MAXIMO_DESCOMPRIMIDO = 200 * 1024 * 1024
_DOCX_MAXIMO_ENTRADAS = 5000
_CERROJO = ".cargas.lock"


@dataclass
class ResultadoCarga:
    estado: str  # ACEPTADO, REEMPLAZADO, RECHAZADO o ELIMINADO
    motivo: str
    ruta: Path | None = None
    nombre: str = ""  # el nombre con que quedó (o que tenía)
    nombre_original: str = ""
    sha256: str = ""

    @property
    def aceptado(self) -> bool:
        """¿Se hizo? (cargado, reemplazado o retirado)."""
        return self.estado in (ACEPTADO, REEMPLAZADO, ELIMINADO)

    def a_dict(self) -> dict:
        """Para la auditoría y la web."""
        return {
            "estado": self.estado,
            "motivo": self.motivo,
            "ruta": str(self.ruta) if self.ruta else "",
            "nombre": self.nombre,
            "nombre_original": self.nombre_original,
            "sha256": self.sha256,
        }


class NombreInvalido(ValueError):
    """`str(error)` explica, en español, por qué el nombre no sirve."""


# --- cargar --------------------------------------------------------------------------------------
def guardar_carga(
    nombre_original: str,
    datos: bytes,
    carpeta: str | Path,
    conocidos=None,
    tamano_maximo: int = TAMANO_MAXIMO,
) -> ResultadoCarga:
    """Coloca un archivo subido en `carpeta` (del corpus) o lo rechaza sin tocar nada.

    `conocidos`: lo que ya está indexado, para detectar duplicados fuera de la carpeta:
    el `Manifiesto` activo, su dict `archivos` (ruta → {sha256, …}), un dict sha256 → nombre,
    o un conjunto de huellas SHA-256. La carpeta misma siempre se revisa.
    """
    original = str(nombre_original or "")

    def rechazo(motivo: str, nombre: str = "", sha: str = "") -> ResultadoCarga:
        return ResultadoCarga(RECHAZADO, motivo, None, nombre, original, sha)

    carpeta_real = _carpeta_real(carpeta)
    if carpeta_real is None:
        return rechazo(f"La carpeta del corpus no existe: {carpeta}.")
    if not datos:
        return rechazo("El archivo está vacío.")
    if len(datos) > tamano_maximo:
        return rechazo(f"El archivo pesa {_megas(len(datos))} y el máximo permitido es {_megas(tamano_maximo)}.")
    try:
        nombre = nombre_seguro(original)
    except NombreInvalido as error:
        return rechazo(str(error))
    extension = Path(nombre).suffix.lower()
    esperado = CONTENIDO.get(extension)
    if esperado is None:
        return rechazo(f"Formato no admitido ({extension or 'sin extensión'}): use {FORMATOS_LEGIBLES}.", nombre)
    tipo, problema = detectar_tipo(datos)
    if problema:
        return rechazo(problema, nombre)
    if tipo != esperado:
        return rechazo(
            f"La extensión «{extension}» no coincide con el contenido: el archivo es {_DESCRIPCION[tipo]}, "
            f"no {_DESCRIPCION[esperado]}. Suba el archivo correcto o corrija su extensión.",
            nombre,
        )
    sha = hashlib.sha256(datos).hexdigest()

    with _cerrojo(carpeta_real):
        destino = _destino(carpeta_real, nombre)
        nombre = destino.name
        if destino.is_symlink() or (destino.exists() and not destino.is_file()):
            return rechazo(f"Ya hay en el corpus algo llamado «{nombre}» que no es un archivo normal; retírelo a mano.", nombre, sha)
        existentes = _huellas_en_carpeta(carpeta_real)
        existentes.update({h: d for h, d in _huellas_conocidas(conocidos, carpeta_real).items() if h not in existentes})
        actual = _sha256_de(destino) if destino.exists() else None
        if actual == sha:
            return rechazo(f"«{nombre}» ya está cargado con este mismo contenido; no hay nada que cambiar.", nombre, sha)
        if sha in existentes:
            return rechazo(f"Este contenido ya está cargado como {existentes[sha]}; no se agregó otra copia.", nombre, sha)
        _escribir_atomico(destino, datos)
    if actual is not None:
        return ResultadoCarga(REEMPLAZADO, f"Se reemplazó «{nombre}» con la versión nueva.", destino, nombre, original, sha)
    renombrado = f" (guardado como «{nombre}»)" if nombre != Path(original.replace("\\", "/")).name else ""
    return ResultadoCarga(ACEPTADO, f"Se cargó «{nombre}»{renombrado}.", destino, nombre, original, sha)


def nombre_seguro(nombre_original: str) -> str:
    """Un nombre de archivo plano, ASCII y legible, o `NombreInvalido` con el motivo."""
    nombre = str(nombre_original or "")
    if not nombre.strip():
        raise NombreInvalido("El archivo no tiene nombre.")
    if "\x00" in nombre:
        raise NombreInvalido("El nombre del archivo contiene un carácter nulo (NUL); no se acepta.")
    if any(unicodedata.category(c) == "Cc" for c in nombre):
        raise NombreInvalido("El nombre del archivo contiene caracteres de control; no se acepta.")
    ruta = nombre.replace("\\", "/")  # un navegador en Windows puede mandar «C:\\…\\ley.pdf»
    if ruta.startswith("/") or re.match(r"^[A-Za-z]:", ruta):
        raise NombreInvalido(f"El nombre «{nombre}» es una ruta absoluta; suba el archivo con su nombre solo.")
    partes = ruta.split("/")
    if ".." in (p.strip() for p in partes):
        raise NombreInvalido(f"El nombre «{nombre}» intenta salir de la carpeta del corpus («..»); no se acepta.")
    base = unicodedata.normalize("NFKC", partes[-1]).strip()  # de una ruta relativa queda solo el nombre
    if base in ("", "."):
        raise NombreInvalido("El archivo no tiene nombre.")
    if base.startswith("."):
        raise NombreInvalido(f"«{base}» es un nombre oculto (empieza por punto): el indexador lo ignoraría. Cámbielo.")
    raiz, extension = os.path.splitext(base)
    if raiz.split(".")[0].strip().upper() in _RESERVADOS_WINDOWS:
        raise NombreInvalido(f"«{base}» es un nombre reservado en Windows; cámbielo.")
    raiz = re.sub(r"[^A-Za-z0-9._-]+", "-", sin_tildes(raiz).replace("ñ", "n").replace("Ñ", "N"))
    raiz = re.sub(r"([-_.])[-_.]+", r"\1", raiz).strip("-_.")[:_LARGO_MAXIMO_NOMBRE].strip("-_.")
    if not raiz:
        raise NombreInvalido(f"El nombre «{base}» no tiene letras ni números que se puedan usar; cámbielo.")
    extension = extension.lower()
    if extension and not re.fullmatch(r"\.[a-z0-9]{1,10}", extension):
        raise NombreInvalido(f"La extensión de «{base}» no es válida; use {FORMATOS_LEGIBLES}.")
    return raiz + extension


def detectar_tipo(datos: bytes) -> tuple[str, str]:
    """(tipo, problema): el tipo real por el contenido; `problema` no vacío si el archivo está dañado o es peligroso."""
    if datos.startswith(b"%PDF-"):
        return "pdf", ""
    if datos.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _tipo_zip(datos)
    if datos.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc", ""
    if datos.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "imagen", ""
    if b"\x00" in datos:
        return "binario", ""
    try:
        decodificar_texto(datos)  # la misma regla que aplica el indexador
    except ErrorDeCarga:
        return "binario", ""
    return "texto", ""


def _tipo_zip(datos: bytes) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(BytesIO(datos)) as archivo:
            entradas = archivo.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip", "El archivo está dañado: parece un ZIP o DOCX, pero no se puede abrir."
    if not any(e.filename == "word/document.xml" for e in entradas):
        return "zip", ""
    if len(entradas) > _DOCX_MAXIMO_ENTRADAS or sum(e.file_size for e in entradas) > _DOCX_MAXIMO_DESCOMPRIMIDO:
        return "docx", "El DOCX se expande a un tamaño desproporcionado al abrirlo; no se acepta (podría bloquear el indexador)."
    return "docx", ""


# --- retirar -------------------------------------------------------------------------------------
def retirar_archivo(objetivo: str | Path, carpeta: str | Path) -> ResultadoCarga:
    """Borra un archivo del corpus. `objetivo` es un nombre, una ruta relativa a `carpeta` o una
    ruta absoluta (p. ej. la del manifiesto); se niega a borrar nada fuera de `carpeta`."""
    texto = str(objetivo or "")

    def rechazo(motivo: str) -> ResultadoCarga:
        return ResultadoCarga(RECHAZADO, motivo, None, Path(texto).name, texto)

    carpeta_real = _carpeta_real(carpeta)
    if carpeta_real is None:
        return rechazo(f"La carpeta del corpus no existe: {carpeta}.")
    if not texto.strip() or any(unicodedata.category(c) == "Cc" for c in texto):
        return rechazo("El nombre del archivo a retirar está vacío o tiene caracteres no permitidos.")
    ruta = Path(os.path.abspath(os.path.join(carpeta_real, texto)))  # «..» se resuelve aquí, antes de comprobar
    padre = Path(os.path.realpath(ruta.parent))
    if not (padre == carpeta_real or padre.is_relative_to(carpeta_real)) or ruta.name in ("", ".", ".."):
        return rechazo(f"«{texto}» está fuera de la carpeta del corpus; solo se retiran archivos del corpus.")
    if ruta.name.startswith("."):
        return rechazo(f"«{ruta.name}» es un archivo oculto del sistema; no se retira desde aquí.")
    destino = padre / ruta.name
    with _cerrojo(carpeta_real):
        if not destino.is_symlink() and not destino.exists():
            return rechazo(f"No existe «{ruta.name}» en el corpus.")
        if destino.is_dir() and not destino.is_symlink():
            return rechazo(f"«{ruta.name}» es una carpeta; solo se retiran archivos.")
        sha = "" if destino.is_symlink() else _sha256_de(destino)
        destino.unlink()  # si es un enlace, se borra el enlace, nunca su destino
    sincronizar_carpeta(padre)
    relativa = destino.relative_to(carpeta_real)
    return ResultadoCarga(ELIMINADO, f"Se retiró «{relativa}» del corpus.", destino, ruta.name, texto, sha)


# --- piezas --------------------------------------------------------------------------------------
def _carpeta_real(carpeta: str | Path) -> Path | None:
    real = Path(os.path.realpath(carpeta))
    return real if real.is_dir() else None


def _destino(carpeta_real: Path, nombre: str) -> Path:
    """El archivo de la carpeta con ese nombre; «ley.PDF» reemplaza a «Ley.pdf» (mismo nombre para una persona)."""
    destino = carpeta_real / nombre
    if destino.parent != carpeta_real:  # defensa adicional: nombre_seguro ya quitó separadores
        raise NombreInvalido("El nombre apunta fuera de la carpeta del corpus.")
    if not destino.exists() and not destino.is_symlink():
        plegado = nombre.casefold()
        for hermano in carpeta_real.iterdir():
            if hermano.name.casefold() == plegado:
                return hermano
    return destino


def _huellas_en_carpeta(carpeta_real: Path) -> dict[str, str]:
    """sha256 → «nombre» de cada archivo de la carpeta (y subcarpetas), sin ocultos ni enlaces."""
    huellas: dict[str, str] = {}
    for raiz, carpetas, archivos in os.walk(carpeta_real):
        carpetas[:] = sorted(c for c in carpetas if not c.startswith("."))
        for nombre in sorted(archivos):
            ruta = Path(raiz) / nombre
            if nombre.startswith(".") or ruta.is_symlink() or not ruta.is_file():
                continue
            try:
                huellas.setdefault(_sha256_de(ruta), f"«{ruta.relative_to(carpeta_real)}»")
            except OSError:
                continue
    return huellas


def _huellas_conocidas(conocidos, carpeta_real: Path) -> dict[str, str]:
    """sha256 → descripción de lo ya indexado fuera de la carpeta (lo de dentro lo cuenta el disco)."""
    if conocidos is None:
        return {}
    archivos = getattr(conocidos, "archivos", conocidos)  # un Manifiesto o su dict `archivos`
    if isinstance(archivos, Mapping):
        huellas = {}
        for clave, valor in archivos.items():
            if isinstance(valor, Mapping):  # ruta → {sha256, titulo, …}
                ruta = Path(os.path.abspath(clave))
                if Path(os.path.realpath(ruta.parent)).is_relative_to(carpeta_real) or not ruta.exists():
                    continue  # dentro de la carpeta manda el disco; lo borrado ya no cuenta
                titulo = f" ({valor['titulo']})" if valor.get("titulo") else ""
                huellas[str(valor.get("sha256", ""))] = f"«{ruta.name}»{titulo}"
            else:  # sha256 → nombre
                huellas[str(clave)] = f"«{valor}»"
        return huellas
    if isinstance(conocidos, Iterable):
        return {str(h): "un documento ya indexado" for h in conocidos}
    raise TypeError("`conocidos` debe ser un Manifiesto, un dict o un conjunto de huellas SHA-256")


def _sha256_de(ruta: Path) -> str:
    h = hashlib.sha256()
    with open(ruta, "rb") as archivo:
        for bloque in iter(lambda: archivo.read(1024 * 1024), b""):
            h.update(bloque)
    return h.hexdigest()


def _escribir_atomico(destino: Path, datos: bytes) -> None:
    descriptor, temporal = tempfile.mkstemp(dir=destino.parent, prefix=".carga-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as salida:
            salida.write(datos)
            salida.flush()
            os.fsync(salida.fileno())
        os.chmod(temporal, 0o644)  # mkstemp crea 0600; el corpus lo leen el indexador y la web
        os.replace(temporal, destino)
    except BaseException:
        Path(temporal).unlink(missing_ok=True)
        raise
    sincronizar_carpeta(destino.parent)


def _cerrojo(carpeta_real: Path):
    # Dos cargas a la vez (dos pestañas, dos trabajadores) no deben pasar ambas la revisión de duplicados.
    from filelock import FileLock

    return FileLock(str(carpeta_real / _CERROJO), timeout=60)


def _megas(tamano: int) -> str:
    return f"{tamano / (1024 * 1024):.1f} MB".replace(".", ",")
