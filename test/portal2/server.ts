/**
 * A second test portal, unlike the demo one in the conventions real provincial e-office portals use
 * (Spring/Angular style): a single-page app under /app/ (spa.ts), a JSON API, the file id on a child element,
 * cookie CSRF (`XSRF-TOKEN` cookie echoed in header `X-XSRF-TOKEN`, Spring's CookieCsrfTokenRepository), upload by
 * PUT, refusals as Spring Boot JSON (`{"status":403,"error":"Forbidden","message":"Missing CSRF token"}`), and the
 * file name in `Content-Disposition` (RFC 6266 `filename*`). node:http only, on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { closeServer, cookie, listen, readBody } from '../portal/http';
import { boundaryOf, parseMultipart } from '../portal/multipart';
import { SEED_DOCUMENTS } from '../portal/seed';
import { DEMO_USER } from '../portal/server';
import { loginPage, shellPage } from './spa';

const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface SpaDocument {
  /** The document's id (in the card's `data-document-id`; the upload goes to it). */
  id: string;
  /** Another id the API v2 uses (`data-v2-id`): recipes may need either. */
  v2Id: string;
  /** The file's own id, only on the "Xem" button; absent for a paper-only document. */
  fileId?: string;
  number: string;
  title: string;
  /** The portal's file name, sent in Content-Disposition. */
  fileName: string;
  build?: () => Promise<Uint8Array>;
}

const [decision, letter] = SEED_DOCUMENTS;

export const SPA_DOCUMENTS: SpaDocument[] = [
  {
    id: 'VB-2026-0045',
    v2Id: '45',
    fileId: 'F9A1C3',
    number: '45/QĐ-UBND',
    title: 'Quyết định phê duyệt Kế hoạch chuyển đổi số năm 2026',
    fileName: 'Quyết định 45-QĐ-UBND.pdf',
    build: decision?.files[0]?.build,
  },
  {
    id: 'VB-2026-0046',
    v2Id: '46',
    fileId: 'F9A1D7',
    number: '46/UBND-VP',
    title: 'Công văn về việc triển khai ứng dụng chữ ký số',
    fileName: 'Công văn 46.pdf',
    build: letter?.files[0]?.build,
  },
  // Received on paper: the card has no file, so no PDF address can be built for it.
  { id: 'VB-2026-0047', v2Id: '47', number: '47/TB-UBND', title: 'Thông báo (bản giấy)', fileName: '' },
];

export interface SpaUpload {
  docId: string;
  fileName: string;
  method: string;
  path: string;
}

export interface SpaPortal {
  url: string;
  port: number;
  uploads(): SpaUpload[];
  /** The session's token changes while the page keeps the old cookie value (a second tab logged in again). */
  rotateCsrfToken(): void;
  close(): Promise<void>;
}

interface Session {
  csrf: string;
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/** Spring Boot's default error body. */
function springError(res: ServerResponse, status: number, error: string, message: string, path: string): void {
  const body = { timestamp: new Date().toISOString(), status, error, message, path };
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json' });
}

class SpaApp {
  readonly sessions = new Map<string, Session>();
  readonly received: SpaUpload[] = [];

  constructor(private readonly dataDir: string) {}

  async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/login' && req.method === 'GET') return send(res, 200, loginPage());
    if (url.pathname === '/login' && req.method === 'POST') return this.login(req, res);
    const session = this.sessions.get(cookie(req, 'SESSION') ?? '');
    if (!session) {
      if (url.pathname.startsWith('/api/'))
        return springError(res, 401, 'Unauthorized', 'Chưa đăng nhập', url.pathname);
      return send(res, 302, '', { location: '/login' });
    }
    if (url.pathname === '/app' || url.pathname.startsWith('/app/'))
      return send(res, 200, shellPage(DEMO_USER.displayName));
    if (url.pathname === '/api/v2/documents' && req.method === 'GET') return this.list(res, url);
    const file = /^\/api\/v2\/files\/([\w-]+)\/content$/.exec(url.pathname);
    if (file && req.method === 'GET') return this.download(res, file[1] as string, url.pathname);
    const upload = /^\/api\/v2\/documents\/([\w-]+)\/signed-file$/.exec(url.pathname);
    if (upload) return this.upload(req, res, session, upload[1] as string, url.pathname);
    return springError(res, 404, 'Not Found', 'Không tìm thấy', url.pathname);
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(req, 10_000)).toString('utf8'));
    if (form.get('username') !== DEMO_USER.username || form.get('password') !== DEMO_USER.password) {
      return send(res, 401, loginPage('Sai tài khoản hoặc mật khẩu.'));
    }
    const sid = randomBytes(24).toString('hex');
    const csrf = randomBytes(16).toString('hex');
    this.sessions.set(sid, { csrf });
    // Spring's CookieCsrfTokenRepository.withHttpOnlyFalse(): the app's script reads the token and echoes it.
    res.writeHead(303, {
      location: '/app/',
      'set-cookie': [`SESSION=${sid}; HttpOnly; SameSite=Lax; Path=/`, `XSRF-TOKEN=${csrf}; SameSite=Lax; Path=/`],
    });
    res.end();
  }

  private list(res: ServerResponse, url: URL): void {
    const signed = new Set(this.received.map((u) => u.docId));
    const wanted = url.searchParams.get('state') === 'signed';
    const content = SPA_DOCUMENTS.filter((d) => signed.has(d.id) === wanted).map((d) => ({
      id: d.id,
      v2Id: d.v2Id,
      fileId: d.fileId,
      number: d.number,
      title: d.title,
      state: signed.has(d.id) ? 'signed' : 'waiting',
    }));
    send(res, 200, JSON.stringify({ content, totalElements: content.length }), { 'content-type': 'application/json' });
  }

  private async download(res: ServerResponse, fileId: string, path: string): Promise<void> {
    const doc = SPA_DOCUMENTS.find((d) => d.fileId === fileId);
    if (!doc?.build) return springError(res, 404, 'Not Found', 'Không tìm thấy tệp', path);
    const ascii = doc.fileName
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/"/g, '');
    send(res, 200, Buffer.from(await doc.build()), {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
    });
  }

  private async upload(
    req: IncomingMessage,
    res: ServerResponse,
    session: Session,
    docId: string,
    path: string,
  ): Promise<void> {
    if (req.method !== 'PUT')
      return springError(res, 405, 'Method Not Allowed', "Request method 'POST' is not supported", path);
    const token = req.headers['x-xsrf-token'];
    if (!token) return springError(res, 403, 'Forbidden', 'Missing CSRF token', path);
    if (token !== session.csrf) return springError(res, 403, 'Forbidden', 'Invalid CSRF token', path);
    const doc = SPA_DOCUMENTS.find((d) => d.id === docId);
    if (!doc) return springError(res, 404, 'Not Found', 'Không tìm thấy văn bản', path);
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary) return springError(res, 400, 'Bad Request', 'Cần multipart/form-data', path);
    const parts = parseMultipart(await readBody(req, MAX_UPLOAD_BYTES), boundary);
    const file = parts.find((p) => p.name === 'file' && p.filename);
    if (!file?.data.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
      return springError(res, 400, 'Bad Request', 'Tệp ký số phải là PDF', path);
    }
    const dir = join(this.dataDir, 'portal2', docId);
    await mkdir(dir, { recursive: true });
    const stored = join(dir, `${this.received.length + 1}.pdf`);
    await writeFile(stored, file.data);
    // Browsers send the multipart file name as raw UTF-8 (the parser already decoded it).
    const fileName = file.filename ?? '';
    this.received.push({ docId, fileName, method: req.method, path: stored });
    send(res, 200, JSON.stringify({ id: docId, fileName, status: 'SIGNED' }), { 'content-type': 'application/json' });
  }
}

export async function startSpaPortal(options: { dataDir: string; port?: number }): Promise<SpaPortal> {
  const app = new SpaApp(options.dataDir);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    app.route(req, res, url).catch((error: unknown) => {
      if (!res.headersSent) springError(res, 500, 'Internal Server Error', String(error), url.pathname);
      else res.end();
    });
  });
  const port = await listen(server, options.port ?? 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    uploads: () => [...app.received],
    rotateCsrfToken: () => {
      for (const session of app.sessions.values()) session.csrf = randomBytes(16).toString('hex');
    },
    close: () => closeServer(server),
  };
}
