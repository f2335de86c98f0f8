/**
 * The demo e-office portal ("Quản lý văn bản và điều hành"): session-cookie login, a document list partly loaded
 * by fetch, document pages with PDF attachments, and a CSRF-protected upload that checks the signed file.
 * Built on node:http only, so it starts anywhere the tests run.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { closeServer, cookie, listen, readBody } from './http';
import { handlerAnswer, LEGACY_HANDLER, legacyPage, VGCA_UPLOAD_FIELD } from './legacy';
import { boundaryOf, parseMultipart } from './multipart';
import {
  documentPage,
  documentRow,
  foreignPage,
  issuancePage,
  LIST_SCRIPT,
  layout,
  listPage,
  loginPage,
  type SignedVersion,
} from './pages';
import { SEED_DOCUMENTS, type SeedDocument } from './seed';
import { checkSignatures } from './signature-status';

/** Demo account; any staff portal has one of these for training. */
export const DEMO_USER = { username: 'nguyenvanan', password: 'matkhau123', displayName: 'Nguyễn Văn An' };
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface PortalOptions {
  port?: number;
  host?: string;
  dataDir: string;
  /** NSS database trusting the signing root, so the status says "trusted" (tests pass the fixture's). */
  nssDir?: string;
  /** More documents, e.g. the clerk's queue made by a test (test/portal/issuance-seed.ts). */
  extraDocuments?: SeedDocument[];
}

export interface Portal {
  url: string;
  port: number;
  /** Signed files received, newest last (tests read these instead of scraping the page). */
  uploads(): Promise<UploadRecord[]>;
  /**
   * Makes the legacy FileUploadHandler refuse every upload VGCA style — HTTP 200 with `{ Status: false, Message }`,
   * nothing stored — until called again with `undefined`.
   */
  refuseVgcaUploads(message: string | undefined): void;
  /**
   * Test hook, for the extension's "sign what was shown" checks: from now on the attachment `fileName` of `docId`
   * is answered with other bytes or a 302 to another address; `undefined` serves the real file again.
   */
  swapAttachment(docId: string, fileName: string, answer: AttachmentSwap | undefined): void;
  close(): Promise<void>;
}

export type AttachmentSwap = { bytes: Buffer } | { redirectTo: string };

export interface UploadRecord extends SignedVersion {
  docId: string;
  path: string;
}

interface Session {
  user: string;
  csrf: string;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/html; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

/** Builds the seed PDFs once per data folder; later starts reuse them (and the uploads). */
async function seed(dataDir: string, documents: SeedDocument[]): Promise<void> {
  for (const doc of documents) {
    const dir = join(dataDir, 'documents', doc.id);
    await mkdir(dir, { recursive: true });
    const existing = new Set(await readdir(dir));
    for (const file of doc.files) {
      if (!existing.has(file.name)) await writeFile(join(dir, file.name), await file.build());
    }
  }
}

async function listUploads(dataDir: string, ids: string[]): Promise<UploadRecord[]> {
  const records: UploadRecord[] = [];
  for (const id of ids) {
    const index = join(dataDir, 'uploads', id, 'index.json');
    const list = JSON.parse(await readFile(index, 'utf8').catch(() => '[]')) as SignedVersion[];
    records.push(...list.map((v) => ({ ...v, docId: id, path: join(dataDir, 'uploads', id, v.file) })));
  }
  return records.sort((a, b) => a.uploadedAt.localeCompare(b.uploadedAt));
}

/** The portal's routes; one method per page or endpoint. */
class PortalApp {
  private readonly sessions = new Map<string, Session>();
  readonly documents: SeedDocument[];
  /** Set by `Portal.refuseVgcaUploads`: the legacy handler's refusal message. */
  vgcaRefusal: string | undefined;
  /** Set by `Portal.swapAttachment` (tests only): `docId/fileName` → what to answer instead. */
  readonly swaps = new Map<string, AttachmentSwap>();

  constructor(private readonly options: PortalOptions) {
    this.documents = [...SEED_DOCUMENTS, ...(options.extraDocuments ?? [])];
  }

  /** The leader's list (first page + the rest by fetch) or the clerk's queue. */
  private list(part: 'first' | 'rest' | 'issuance'): SeedDocument[] {
    return this.documents.filter((d) =>
      part === 'issuance' ? d.queue === 'issuance' : !d.queue && d.inFirstPage === (part === 'first'),
    );
  }

  private sessionOf(req: IncomingMessage): Session | undefined {
    return this.sessions.get(cookie(req, 'qlvb_sid') ?? '');
  }

  async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/login' && req.method === 'GET') return send(res, 200, loginPage());
    if (url.pathname === '/login' && req.method === 'POST') return this.login(req, res);
    if (url.pathname === '/logout') {
      this.sessions.delete(cookie(req, 'qlvb_sid') ?? '');
      res.writeHead(303, { location: '/login', 'set-cookie': 'qlvb_sid=; Max-Age=0; Path=/' });
      return void res.end();
    }
    if (url.pathname === '/static/list.js') return send(res, 200, LIST_SCRIPT, 'text/javascript; charset=utf-8');
    const session = this.sessionOf(req);
    if (session) return this.app(req, res, url, session);
    if (url.pathname.startsWith('/api/') || req.method !== 'GET') return json(res, 401, { error: 'Chưa đăng nhập' });
    res.writeHead(303, { location: '/login' });
    res.end();
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(req, 10_000)).toString('utf8'));
    if (form.get('username') !== DEMO_USER.username || form.get('password') !== DEMO_USER.password) {
      return send(res, 401, loginPage('Tên đăng nhập hoặc mật khẩu không đúng.'));
    }
    const sid = randomBytes(24).toString('hex');
    this.sessions.set(sid, { user: DEMO_USER.displayName, csrf: randomBytes(24).toString('hex') });
    // HttpOnly + SameSite=Strict: the extension must use the browser's own session, it can't read the cookie.
    res.writeHead(303, { location: '/', 'set-cookie': `qlvb_sid=${sid}; HttpOnly; SameSite=Strict; Path=/` });
    res.end();
  }

  /** Routes for a logged-in user. */
  private async app(req: IncomingMessage, res: ServerResponse, url: URL, session: Session): Promise<void> {
    const { dataDir } = this.options;
    if (url.pathname === '/') {
      return send(res, 200, listPage(this.list('first'), session.user, session.csrf));
    }
    if (url.pathname === '/api/documents') {
      return json(res, 200, { rows: this.list('rest').map(documentRow) });
    }
    if (url.pathname === '/van-thu')
      return send(res, 200, issuancePage(this.list('issuance'), session.user, session.csrf));
    if (url.pathname === LEGACY_HANDLER && req.method === 'POST') return this.vgcaUpload(req, res, url);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'cu' && parts[1] === 'van-ban' && parts.length === 3 && req.method === 'GET') {
      const legacyDoc = this.documents.find((d) => d.id === parts[2]);
      if (legacyDoc) return send(res, 200, legacyPage(legacyDoc, session.user));
    }
    const doc = this.documents.find((d) => d.id === parts[1]);
    if (!doc) return send(res, 404, layout('Không tìm thấy', '<p>Không tìm thấy văn bản.</p>'));
    if (parts[0] === 'documents' && parts.length === 2 && req.method === 'GET') {
      const versions = await listUploads(dataDir, [doc.id]);
      return send(res, 200, documentPage(doc, versions, session.user, session.csrf));
    }
    if (parts[0] === 'documents' && parts[2] === 'upload' && req.method === 'POST') {
      return this.upload(req, res, session, doc);
    }
    if ((parts[0] === 'files' || parts[0] === 'signed') && parts.length === 3 && /^[\w.-]+$/.test(parts[2]!)) {
      const swap = parts[0] === 'files' ? this.swaps.get(`${doc.id}/${parts[2]}`) : undefined;
      if (swap && 'bytes' in swap) return send(res, 200, swap.bytes, 'application/pdf');
      if (swap) {
        res.writeHead(302, { location: swap.redirectTo });
        return void res.end();
      }
      const dir = join(dataDir, parts[0] === 'files' ? 'documents' : 'uploads', doc.id);
      const bytes = await readFile(join(dir, parts[2]!)).catch(() => undefined);
      if (bytes) return send(res, 200, bytes, 'application/pdf');
    }
    send(res, 404, layout('Không tìm thấy', '<p>Không tìm thấy trang.</p>'));
  }

  /** Stores a signed version (CSRF-checked, PDF only, written atomically) and records its signature status. */
  private async upload(req: IncomingMessage, res: ServerResponse, session: Session, doc: SeedDocument) {
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary) return json(res, 400, { ok: false, error: 'Cần gửi multipart/form-data' });
    const parts = parseMultipart(await readBody(req, MAX_UPLOAD_BYTES), boundary);
    const token = parts.find((p) => p.name === 'csrf_token')?.data.toString('utf8') ?? req.headers['x-csrf-token'];
    if (token !== session.csrf) return json(res, 403, { ok: false, error: 'Mã CSRF không hợp lệ' });
    const file = parts.find((p) => p.name === 'file' && p.filename !== undefined);
    const isPdf = file?.data.subarray(0, 5).toString('latin1') === '%PDF-';
    if (!file || !isPdf) return json(res, 400, { ok: false, error: 'Tệp tải lên không phải PDF' });
    json(res, 200, { ok: true, version: await this.saveVersion(doc, file.data, file.filename) });
  }

  /** Writes a signed version atomically, records its signature status, and lists it on the document. */
  private async saveVersion(doc: SeedDocument, data: Buffer, filename: string | undefined): Promise<SignedVersion> {
    const dir = join(this.options.dataDir, 'uploads', doc.id);
    await mkdir(dir, { recursive: true });
    const sourceName = (filename ?? 'signed.pdf').replace(/[^\p{L}\p{N}._-]/gu, '_');
    const name = `${Date.now()}-${sourceName}`;
    await writeFile(join(dir, `${name}.tmp`), data);
    await rename(join(dir, `${name}.tmp`), join(dir, name));
    const status = await checkSignatures(join(dir, name), this.options.nssDir);
    const version: SignedVersion = { file: name, uploadedAt: new Date().toISOString(), sourceName, status };
    const existing = (await listUploads(this.options.dataDir, [doc.id])).map(({ docId: _d, path: _p, ...v }) => v);
    await writeFile(join(dir, 'index.json'), JSON.stringify([...existing, version], null, 2));
    return version;
  }

  /**
   * The legacy pages' FileUploadHandler, as VGCA's agent calls it: multipart with the file in `uploadfile`, the
   * document in the query, the session cookie as the only credential; answers `{ Status, Message, FileName,
   * FileServer }` with HTTP 200 (test/portal/legacy.ts).
   */
  private async vgcaUpload(req: IncomingMessage, res: ServerResponse, url: URL) {
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary) return json(res, 200, handlerAnswer(false, 'Cần gửi multipart/form-data'));
    const parts = parseMultipart(await readBody(req, MAX_UPLOAD_BYTES), boundary);
    // One document per handler address (`?id=`), or one handler for a batch whose files name themselves (`FileID`).
    const fileId = parts.find((p) => p.name === 'FileID' && p.filename === undefined)?.data.toString('utf8');
    const doc = this.documents.find((d) => d.id === (url.searchParams.get('id') ?? fileId));
    if (!doc) return json(res, 200, handlerAnswer(false, 'Không tìm thấy văn bản'));
    if (this.vgcaRefusal !== undefined) return json(res, 200, handlerAnswer(false, this.vgcaRefusal));
    const file = parts.find((p) => p.name === VGCA_UPLOAD_FIELD && p.filename !== undefined);
    if (file?.data.subarray(0, 5).toString('latin1') !== '%PDF-') {
      return json(res, 200, handlerAnswer(false, 'Tệp tải lên không phải PDF'));
    }
    const version = await this.saveVersion(doc, file.data, file.filename);
    const fileServer = `http://${req.headers.host}/signed/${encodeURIComponent(doc.id)}/${encodeURIComponent(version.file)}`;
    json(res, 200, handlerAnswer(true, '', version.sourceName, fileServer));
  }
}

export async function startPortal(options: PortalOptions): Promise<Portal> {
  const app = new PortalApp(options);
  await seed(options.dataDir, app.documents);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://portal.invalid');
    app.route(req, res, url).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { ok: false, error: String(error) });
    });
  });
  const port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    uploads: () =>
      listUploads(
        options.dataDir,
        app.documents.map((d) => d.id),
      ),
    refuseVgcaUploads: (message) => {
      app.vgcaRefusal = message;
    },
    swapAttachment: (docId, fileName, answer) => {
      if (answer) app.swaps.set(`${docId}/${fileName}`, answer);
      else app.swaps.delete(`${docId}/${fileName}`);
    },
    close: () => closeServer(server),
  };
}

/** Another site (no adapter configured for it) whose page opens its own WebSocket to the agent. */
export async function startForeignSite(options: { port?: number; agentPort: number }) {
  const server = createServer((_req, res) => send(res, 200, foreignPage(options.agentPort)));
  const port = await listen(server, options.port ?? 0, '127.0.0.1');
  return { url: `http://localhost:${port}`, port, close: () => closeServer(server) };
}
