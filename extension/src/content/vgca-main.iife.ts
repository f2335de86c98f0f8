/**
 * The page-side half of the `vgca_*` drop-in, in the page's own JavaScript world (MAIN), registered at
 * document_start only on pages whose recipe enables the shim (background/vgca-scripts.ts), so it runs
 * before any of the page's scripts. It provides:
 * - the `vgca_*` functions of VGCA's vgcaplugin.js (a page that loads its own vgcaplugin.js later replaces them,
 *   and its functions then open sockets that the wrapper below serves), also under `vgcapluginObject`;
 * - a wrapper of `WebSocket` that serves `wss://127.0.0.1:8987/<Function>` (and localhost) with VGCA's one request,
 *   one reply strings; every other URL goes to the browser's own WebSocket untouched. Installed before the page
 *   runs, so a page that keeps `window.WebSocket` in a variable early keeps this wrapper.
 * Its only channel to the extension is a MessagePort the isolated content script sends once, at document_start,
 * before any page script exists: the port lives in this closure and is never reachable from the page.
 */
import { VGCA_CATALOGUE, VGCA_FUNCTIONS, type VgcaFunction, vgcaFunctionOfUrl } from '../common/vgca-names';

type Answer = (result: string) => void;

const PORT_MESSAGE = 'kyso-vgca-port';
const page = window as unknown as Record<string, unknown>;
const pending = new Map<string, Answer>();
const queued: { callId: string; fn: string; params: string }[] = [];
let port: MessagePort | undefined;
let counter = 0;

// The isolated content script's port: taken once, hidden from every listener the page adds later.
window.addEventListener(
  'message',
  (event: MessageEvent) => {
    if (port || event.source !== window || (event.data as { type?: unknown } | null)?.type !== PORT_MESSAGE) return;
    event.stopImmediatePropagation();
    const received = event.ports[0];
    if (!received) return;
    port = received;
    port.onmessage = (answer: MessageEvent) => {
      const data = answer.data as { callId?: unknown; result?: unknown } | null;
      if (typeof data?.callId !== 'string' || typeof data.result !== 'string') return;
      const done = pending.get(data.callId);
      pending.delete(data.callId);
      done?.(data.result);
    };
    for (const call of queued.splice(0)) port.postMessage(call);
  },
  { capture: true },
);

/** One request, one reply (what VGCA's agent does with each socket). */
function call(fn: string, params: string): Promise<string> {
  counter += 1;
  const callId = `${Date.now().toString(36)}${counter.toString(36)}`;
  return new Promise((resolve) => {
    pending.set(callId, resolve);
    const message = { callId, fn, params: params.slice(0, 200_000) };
    if (port) port.postMessage(message);
    else queued.push(message);
  });
}

/** A callback given as a function or as the name of a global function (older pages pass names). */
function callbackOf(value: unknown): ((...args: unknown[]) => void) | undefined {
  const found = typeof value === 'string' ? page[value] : value;
  return typeof found === 'function' ? (found as (...args: unknown[]) => void) : undefined;
}

function bodyOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

function safely(callback: ((...args: unknown[]) => void) | undefined, args: unknown[]): void {
  try {
    callback?.(...args);
  } catch (error) {
    console.error(error); // the page's callback failing must not break the next call
  }
}

/** The plugin's signatures: (json, cb) · (sender, body, cb(sender, result)[, onError]) · (cb) · (). */
function pluginFunction(fn: VgcaFunction): (...args: unknown[]) => void {
  const shape = VGCA_CATALOGUE[fn].shape;
  return function vgcaCall(...args: unknown[]): void {
    if (shape === 'sender') {
      const [sender, body, callback] = args;
      void call(fn, bodyOf(body)).then((result) => safely(callbackOf(callback), [sender, result]));
    } else if (shape === 'callback') {
      void call(fn, '').then((result) => safely(callbackOf(args[0]), [result]));
    } else if (shape === 'json') {
      const [params, callback] = args;
      void call(fn, bodyOf(params)).then((result) => safely(callbackOf(callback), [result]));
    } else {
      void call(fn, '');
    }
  };
}

const existing = page.vgcapluginObject;
const namespace = (typeof existing === 'object' && existing !== null ? existing : {}) as Record<string, unknown>;
for (const fn of VGCA_FUNCTIONS) {
  const shim = pluginFunction(fn);
  page[fn] = shim;
  namespace[fn] = shim;
}
page.vgcapluginObject = namespace;

// ---- WebSocket ----

const NativeWebSocket = window.WebSocket;
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** A connection to VGCA's port: opens, takes one string, answers once (the page usually closes it then). */
class VgcaSocket extends EventTarget {
  readonly url: string;
  readonly protocol = '';
  readonly extensions = '';
  readonly bufferedAmount = 0;
  binaryType: BinaryType = 'blob';
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  private state = CONNECTING;
  private sent = false;

  constructor(
    url: string,
    private readonly fn: string,
  ) {
    super();
    this.url = url;
    setTimeout(() => {
      if (this.state !== CONNECTING) return;
      this.state = OPEN;
      this.fire(new Event('open'));
    }, 0);
  }

  get readyState(): number {
    return this.state;
  }

  send(data: unknown): void {
    if (this.state === CONNECTING) throw new DOMException('Still in CONNECTING state.', 'InvalidStateError');
    if (this.state !== OPEN || this.sent) return;
    this.sent = true;
    void call(this.fn, typeof data === 'string' ? data : String(data)).then((result) => {
      if (this.state === OPEN)
        this.fire(new MessageEvent('message', { data: result, origin: new URL(this.url).origin }));
    });
  }

  close(code = 1000, reason = ''): void {
    if (this.state >= CLOSING) return;
    this.state = CLOSING;
    setTimeout(() => {
      this.state = CLOSED;
      this.fire(new CloseEvent('close', { code, reason, wasClean: true }));
    }, 0);
  }

  private fire(event: Event): void {
    this.dispatchEvent(event);
    const handler = (this as unknown as Record<string, unknown>)[`on${event.type}`];
    if (typeof handler === 'function')
      safely((...args) => (handler as (...a: unknown[]) => void).apply(this, args), [event]);
  }
}
for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSING, CLOSED })) {
  Object.defineProperty(VgcaSocket.prototype, name, { value });
}

/** Same name, same constants, same prototype; `instanceof WebSocket` holds for both kinds of socket. */
function WrappedWebSocket(this: unknown, url: string | URL, protocols?: string | string[]): object {
  if (!new.target) throw new TypeError("Failed to construct 'WebSocket': Please use the 'new' operator.");
  const text = String(url);
  const fn = vgcaFunctionOfUrl(text, location.href);
  if (fn) return new VgcaSocket(new URL(text, location.href).href, fn);
  const args: unknown[] = protocols === undefined ? [url] : [url, protocols];
  // A page's subclass of WebSocket keeps its own prototype; a plain `new WebSocket` gets the browser's socket.
  const target = (new.target as unknown) === WrappedWebSocket ? NativeWebSocket : new.target;
  return Reflect.construct(NativeWebSocket, args, target) as object;
}
Object.defineProperties(WrappedWebSocket, {
  prototype: { value: NativeWebSocket.prototype },
  CONNECTING: { value: CONNECTING },
  OPEN: { value: OPEN },
  CLOSING: { value: CLOSING },
  CLOSED: { value: CLOSED },
  [Symbol.hasInstance]: { value: (value: unknown) => value instanceof NativeWebSocket || value instanceof VgcaSocket },
});
Object.defineProperty(window, 'WebSocket', { value: WrappedWebSocket, writable: true, configurable: true });
