"""Acciones que corren en el navegador: copiar y descargar la conversación en Markdown.

Sin ida y vuelta al servidor ni archivos temporales: el Markdown ya está en la página.
"""

_PLANTILLA = """
(md) => {
  if (!md) { return; }
  const d = new Date();
  const dos = (n) => String(n).padStart(2, '0');
  const nombre = `conversacion-asistente-${d.getFullYear()}${dos(d.getMonth() + 1)}${dos(d.getDate())}-${dos(d.getHours())}${dos(d.getMinutes())}.md`;
  ACCION
}
"""

# navigator.clipboard solo existe en https o en localhost; en la red de una oficina (http) se usa execCommand.
COPIAR_CONVERSACION = _PLANTILLA.replace(
    "ACCION",
    """
  const avisar = (ok) => {
    const boton = document.querySelector('#copiar');
    if (!boton) { return; }
    const texto = boton.textContent;
    boton.textContent = ok ? 'Copiada ✓' : 'No se pudo copiar';
    setTimeout(() => { boton.textContent = texto; }, 2000);
  };
  const respaldo = () => {
    const area = document.createElement('textarea');
    area.value = md; area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.opacity = '0';
    document.body.appendChild(area); area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    area.remove(); avisar(ok);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(md).then(() => avisar(true), respaldo);
  } else {
    respaldo();
  }
""",
)

DESCARGAR_CONVERSACION = _PLANTILLA.replace(
    "ACCION",
    """
  const url = URL.createObjectURL(new Blob([md], { type: 'text/markdown;charset=utf-8' }));
  const enlace = document.createElement('a');
  enlace.href = url; enlace.download = nombre;
  document.body.appendChild(enlace); enlace.click(); enlace.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
""",
)
