/**
 * The page-side half of the `vgca_*` shim. It runs in the page's own JavaScript world (MAIN): the background injects
 * it with chrome.scripting only into pages whose recipe enables the shim, after the page's own scripts have run, so
 * it replaces functions a page may have got from VGCA's vgcaplugin.js.
 *
 * chrome.scripting serialises this function's source text: it must stay self-contained (no imports, no outer
 * names). It never reaches the agent or the network: every call becomes one window message with the channel token
 * the content script chose; the content script answers with the VGCA-style JSON string for the callback.
 */
export function installVgcaShim(channel: string, names: string[]): void {
  const page = window as unknown as Record<string, unknown>;
  const callbacks = new Map<string, (result: string) => void>();
  let counter = 0;

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window) return;
    const data = event.data as { type?: unknown; channel?: unknown; callId?: unknown; result?: unknown } | null;
    if (data?.type !== 'kyso-vgca-result' || data.channel !== channel || typeof data.callId !== 'string') return;
    const callback = callbacks.get(data.callId);
    callbacks.delete(data.callId);
    if (callback && typeof data.result === 'string') callback(data.result);
  });

  // VGCA's signature: (jsonParams: string, callback?: (result: string) => void).
  const shim = (name: string) =>
    function vgcaCall(params: unknown, callback?: unknown): void {
      counter += 1;
      const callId = `${Date.now().toString(36)}${counter.toString(36)}`;
      if (typeof callback === 'function') {
        callbacks.set(callId, (result) => {
          try {
            callback(result);
          } catch (error) {
            console.error(error); // the page's callback failing must not break the next call
          }
        });
      }
      const text = typeof params === 'string' ? params : JSON.stringify(params ?? {});
      window.postMessage({ type: 'kyso-vgca-call', channel, callId, fn: name, params: text }, window.location.origin);
    };

  // Some portals call through `vgcapluginObject.vgca_…` (a namespace some vgcaplugin.js builds define).
  const existing = page.vgcapluginObject;
  const namespace = (typeof existing === 'object' && existing !== null ? existing : {}) as Record<string, unknown>;
  for (const name of names) {
    const fn = shim(name);
    // Plain assignment: a page's `function vgca_…` declaration is a non-configurable global, but writable.
    page[name] = fn;
    namespace[name] = fn;
  }
  page.vgcapluginObject = namespace;
}
