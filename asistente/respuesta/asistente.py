"""`Asistente`: el único camino de respuesta, compartido por la CLI, la web y la evaluación.

    from asistente import Asistente
    asistente = Asistente()                       # carga perezosa: modelo e índice una vez
    r = asistente.responder("¿Quién aprueba el plan de desarrollo?")
    r.respuesta, r.abstencion, r.citas
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from .. import entorno  # noqa: F401
from ..indexado.almacen import ErrorDeAlmacen, Registro
from ..corpus.catalogo import Catalogo, catalogo_en
from .citas import etiqueta
from ..configuracion import Configuracion
from .analisis import Analisis, analizar_pregunta
from .consulta import Consulta, PreguntaInvalida, analizar
from ..indexado.embeddings import cargar_modelo, nombre_de_modelo
from ..indexado.abierto import IndiceAbierto, IndiceNoDisponible
from ..parametros import PREDETERMINADOS, Parametros
from .eleccion import elegir_principal
from .recuperacion import Busqueda, Recuperador
from .redaccion import Cita, Redaccion, componer, lista_de_fuentes

__all__ = ["Asistente", "Respuesta", "IndiceNoDisponible"]

NO_ENCONTRADO = "No encuentro la respuesta en la guía ni en las normas cargadas, así que no puedo afirmar nada sobre esto."
# Entre dos consultas seguidas no se vuelve a mirar si cambió la versión activa.
_INTERVALO_REVISION = 2.0


@dataclass
class Respuesta:
    pregunta: str
    respuesta: str
    abstencion: bool
    citas: list[Cita] = field(default_factory=list)
    sugerencias: list[str] = field(default_factory=list)  # secciones cercanas cuando se abstiene
    latencia_ms: float = 0.0
    version_indice: str = ""
    seguimiento: bool = False
    error: str | None = None  # pregunta inválida: el mensaje para quien preguntó
    cuerpo: str = ""  # la respuesta sin la lista de fuentes (la web muestra las fuentes aparte)
    directa: str = ""  # la respuesta directa con su cita, con la que empieza el cuerpo ("" si se abstiene)
    # Redacción con IA (#12): «extractiva» (citas textuales) o «redactada» (verificada oración por
    # oración); `verificacion` dice qué se descartó y por qué, o por qué se volvió a la citada.
    modo: str = "extractiva"
    verificacion: dict | None = None
    extractiva: "Respuesta | None" = None  # la respuesta citada que la redactada reemplaza
    # #15: «lexica» si ningún fragmento tiene vector todavía, «parcial» si algunos; "" con la búsqueda híbrida completa.
    busqueda: str = ""

    def __post_init__(self) -> None:
        self.cuerpo = self.cuerpo or self.respuesta

    @property
    def citas_usadas(self) -> list[Cita]:
        return [c for c in self.citas if c.oraciones]

    def a_dict(self, id_=None) -> dict:
        datos = {
            "id": id_,
            "pregunta": self.pregunta,
            "respuesta": self.respuesta,
            "abstencion": self.abstencion,
            "citas": [c.a_dict() for c in self.citas],
            "sugerencias": self.sugerencias,
            "latencia_ms": round(self.latencia_ms, 1),
            "version_indice": self.version_indice,
            "seguimiento": self.seguimiento,
            "directa": self.directa,
        }
        datos["cuerpo"] = self.cuerpo or self.respuesta
        datos["modo"] = self.modo
        if self.verificacion is not None:
            datos["verificacion"] = self.verificacion
        if self.extractiva is not None:
            datos["respuesta_citada"] = self.extractiva.cuerpo
        if self.busqueda:
            datos["busqueda"] = self.busqueda
        if self.error:
            datos["error"] = self.error
        return datos


class Asistente:
    def __init__(self, configuracion: Configuracion | None = None, parametros: Parametros = PREDETERMINADOS) -> None:
        self.configuracion = configuracion or Configuracion.desde_entorno()
        self.parametros = parametros
        self._cerrojo = threading.RLock()
        self._indice: IndiceAbierto | None = None
        self._revisado = 0.0
        self._catalogo: Catalogo | None = None

    # --- recursos (perezosos, una vez por proceso) ---------------------------------------
    @property
    def modelo(self):
        return cargar_modelo(self.configuracion.modelo)

    @property
    def catalogo(self) -> Catalogo:
        if self._catalogo is None:
            self._catalogo = catalogo_en(self.configuracion.ruta_catalogo)
        return self._catalogo

    def indice(self) -> IndiceAbierto:
        """El índice activo; si otro proceso activó una versión nueva, la abre (sin cortar consultas)."""
        with self._cerrojo:
            ahora = time.monotonic()
            if self._indice is not None and ahora - self._revisado < _INTERVALO_REVISION:
                return self._indice
            self._revisado = ahora
            if self._indice is not None:
                try:
                    activa = Registro(self._indice.cliente).coleccion_activa()
                except ErrorDeAlmacen as error:  # servidor de Chroma caído: mensaje claro, no una traza
                    raise IndiceNoDisponible(str(error)) from error
                if activa is not None and activa[0] == self._indice.manifiesto.coleccion:
                    return self._indice
            indice = IndiceAbierto.abrir(self.configuracion)
            esperado = nombre_de_modelo(self.configuracion.modelo)
            if indice.manifiesto.modelo != esperado:
                raise IndiceNoDisponible(
                    f"El índice se construyó con el modelo «{indice.manifiesto.modelo}» y la configuración usa «{esperado}». "
                    "Reconstrúyalo con «python indexar.py --completo»."
                )
            self._indice = indice
            return indice

    @property
    def version_indice(self) -> str:
        try:
            return self.indice().manifiesto.etiqueta
        except IndiceNoDisponible:
            return ""

    def preparar(self) -> "Asistente":
        """Carga modelo e índice ya (la web lo hace al arrancar para que la primera respuesta sea rápida)."""
        self.indice().matriz_exacta()  # los vectores en memoria, si el índice es pequeño
        self.modelo.consulta("calentamiento")
        if self.configuracion.redaccion_configurada:  # importa LangChain ya, no en la primera pregunta
            from .generacion.etapa import cliente_de

            try:
                cliente_de(self.configuracion)
            except Exception as error:  # noqa: BLE001  (p. ej. no se puede leer la clave: cada respuesta lo dirá)
                logging.getLogger("asistente").warning("No se pudo preparar el modelo de lenguaje: %s", error)
        return self

    # --- responder ------------------------------------------------------------------------------
    @property
    def modo_predeterminado(self) -> str:
        """«redactada» si hay un modelo de lenguaje configurado; si no, «extractiva»."""
        return "redactada" if self.configuracion.redaccion_configurada else "extractiva"

    def responder(self, pregunta: str, historial=None, modulo: str | None = None, documento: str | None = None, k: int = 5, modo: str | None = None) -> Respuesta:
        """`modo`: «extractiva», «redactada» (exige ASISTENTE_LLM_URL) o None (el predeterminado)."""
        inicio = time.perf_counter()
        modo = modo or self.modo_predeterminado
        if modo not in ("extractiva", "redactada"):
            raise ValueError(f"Modo desconocido «{modo}»: use «extractiva» o «redactada».")
        if modo == "redactada" and not self.configuracion.redaccion_configurada:
            raise ValueError("El modo «redactada» necesita un modelo de lenguaje: defina ASISTENTE_LLM_URL y ASISTENTE_LLM_MODELO.")
        try:
            consulta = analizar(pregunta)
        except PreguntaInvalida as error:
            return Respuesta(str(pregunta or ""), str(error), abstencion=True, error=str(error), latencia_ms=_ms(inicio))
        indice = self.indice()
        try:
            respuesta = self._responder(consulta, consultas_previas(historial), self._resolver_modulo(modulo), documento, max(1, min(k, 20)))
        except ErrorDeAlmacen as error:
            raise IndiceNoDisponible(str(error)) from error
        respuesta.version_indice = indice.manifiesto.etiqueta
        if not indice.semantica_completa:
            _marcar_busqueda_lexica(respuesta, indice.vectores, indice.fragmentos_total)
        if modo == "redactada":  # etapa posterior a la composición; solo se importa si se usa
            from .generacion import redactar

            respuesta = redactar(self, respuesta, historial)
        respuesta.latencia_ms = _ms(inicio)
        return respuesta

    def _resolver_modulo(self, modulo: str | None) -> str | None:
        if not modulo:
            return None
        encontrado = self.catalogo.resolver_modulo(modulo)
        if encontrado is None:
            nombres = ", ".join(f"{m.numero} ({m.nombre})" for m in self.catalogo.modulos)
            raise PreguntaInvalida(f"No conozco el módulo «{modulo}». Los módulos son: {nombres}.")
        return encontrado.nombre

    def _responder(self, consulta: Consulta, previas: list[Consulta], modulo, documento, k) -> Respuesta:
        """Las etapas, en orden: analizar → recuperar → elegir la fuente principal → componer → abstenerse o no."""
        if consulta.en_otro_idioma:
            return Respuesta(consulta.texto, "Por ahora solo respondo preguntas escritas en español. Reformule su pregunta en español, por favor.", abstencion=True)
        analisis = self.analizar(consulta, previas)
        busqueda = Recuperador(self.indice(), self.modelo, self.parametros, self.catalogo).buscar(analisis, modulo=modulo, doc_id=documento, k=k)
        eleccion = elegir_principal(analisis, busqueda.resultados, self.catalogo, self.parametros)
        redaccion = componer(analisis, eleccion.resultados, self.catalogo, self.parametros, eleccion.alternativas)
        motivo = self._motivo_para_abstenerse(busqueda, redaccion)
        if motivo:
            return Respuesta(consulta.texto, motivo, abstencion=True, sugerencias=self._sugerencias(busqueda), seguimiento=busqueda.seguimiento)
        texto = f"{redaccion.cuerpo}\n\n{lista_de_fuentes([c for c in redaccion.citas if c.oraciones])}"
        return Respuesta(
            consulta.texto, texto, abstencion=False, citas=redaccion.citas, seguimiento=busqueda.seguimiento,
            cuerpo=redaccion.cuerpo, directa=redaccion.directa,
        )

    def analizar(self, consulta: Consulta, previas: list[Consulta] | None = None) -> Analisis:
        """La pregunta analizada una vez: lo que nombra, sus conceptos y qué clase de respuesta pide."""
        indice = self.indice()
        p = self.parametros
        return analizar_pregunta(
            consulta, previas, self.catalogo, documentos=indice.documentos(), conoce=indice.conoce,
            peso_contexto=p.peso_contexto, peso_sola_en_seguimiento=p.peso_sola_en_seguimiento, sinonimos_en=p.sinonimos_en,
        )

    def _motivo_para_abstenerse(self, busqueda: Busqueda, redaccion: Redaccion) -> str | None:
        if busqueda.normas_no_cargadas and not busqueda.normas_nombradas:
            nombres = " ni ".join(busqueda.normas_no_cargadas)
            nombres = nombres[:1].upper() + nombres[1:]
            verbo = "están" if len(busqueda.normas_no_cargadas) > 1 else "está"
            return f"{nombres} no {verbo} entre las normas cargadas en el asistente, así que no puedo responder sobre eso. Consulte el texto oficial o pida a la DSEGPP que la incorpore."
        directos = [r for r in busqueda.resultados if r.directo]
        if busqueda.articulos_inexistentes and not directos:
            articulos = ", ".join(busqueda.articulos_inexistentes)
            normas = ", ".join(self._titulo(d) for d in busqueda.normas_nombradas)
            return f"No encuentro el artículo {articulos} en {normas} tal como está cargada en el asistente."
        if directos:
            return None
        if not redaccion.directa:
            return NO_ENCONTRADO
        p = self.parametros
        similitud = busqueda.similitud_maxima
        if not busqueda.resultados or similitud < p.umbral_similitud:
            return NO_ENCONTRADO
        if similitud < p.umbral_confianza:
            # Zona dudosa: el tema se parece, pero hace falta una oración que cubra la pregunta
            # y que no nombre algo que ningún documento menciona.
            if busqueda.desconocidas:
                nombres = ", ".join(f"«{n}»" for n in busqueda.desconocidas)
                return f"No encuentro {nombres} en la guía ni en las normas cargadas, así que no puedo responder sobre eso."
            if busqueda.soporte < p.umbral_soporte:
                return NO_ENCONTRADO
        return None

    def _sugerencias(self, busqueda: Busqueda) -> list[str]:
        cercanos = [r for r in busqueda.resultados if r.similitud >= self.parametros.umbral_similitud - self.parametros.margen_sugerencias]
        return [etiqueta(r.fragmento, self.catalogo) for r in cercanos[:3]]

    def _titulo(self, doc_id: str) -> str:
        fragmentos = self.indice().documento(doc_id)
        return fragmentos[0].titulo if fragmentos else doc_id


def consultas_previas(historial) -> list[Consulta]:
    """Preguntas anteriores del usuario: acepta textos, pares (pregunta, respuesta) o mensajes {role, content}."""
    previas = []
    for turno in historial or []:
        if isinstance(turno, str):
            texto = turno
        elif isinstance(turno, dict):
            if turno.get("role", turno.get("rol", "user")) not in ("user", "usuario"):
                continue
            texto = turno.get("content", turno.get("texto", ""))
        elif isinstance(turno, (list, tuple)) and turno:
            texto = turno[0]
        else:
            continue
        try:
            previas.append(analizar(str(texto)))
        except PreguntaInvalida:
            continue
    return previas[-3:]


def _marcar_busqueda_lexica(respuesta: Respuesta, con_vector: int, fragmentos: int) -> None:
    """Una respuesta con la búsqueda semántica en preparación lo dice (#15)."""
    respuesta.busqueda = "lexica" if con_vector == 0 else "parcial"
    nota = (
        f"_Búsqueda por palabras clave solamente: la búsqueda semántica está en preparación "
        f"({con_vector:,} de {fragmentos:,} fragmentos)._".replace(",", ".")
        if con_vector == 0 else
        f"_Búsqueda semántica en preparación ({con_vector:,} de {fragmentos:,} fragmentos): lo que aún no "
        f"la tiene se buscó solo por palabras clave._".replace(",", ".")
    )
    respuesta.respuesta = f"{respuesta.respuesta}\n\n{nota}"
    respuesta.cuerpo = f"{respuesta.cuerpo}\n\n{nota}"


def _ms(inicio: float) -> float:
    return (time.perf_counter() - inicio) * 1000
