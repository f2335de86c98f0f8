/** HTML of the demo portal. Plain server-rendered pages plus a little script, like many provincial portals. */
import type { SeedDocument } from './seed';
import type { SignatureStatus } from './signature-status';

export interface SignedVersion {
  file: string;
  uploadedAt: string;
  sourceName: string;
  status: SignatureStatus;
}

/** Times as the portal's staff read them: dd/MM/yyyy HH:mm:ss, Vietnam time (UTC+7, no daylight saving). */
export function vietnamTime(iso: string | undefined): string {
  const ms = Date.parse(iso ?? '');
  if (!Number.isFinite(ms)) return iso ?? '';
  const [date = '', time = ''] = new Date(ms + 7 * 3600 * 1000).toISOString().split('T');
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y} ${time.slice(0, 8)}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Deliberately aggressive global styles: the extension's buttons must survive them (shadow DOM).
const STYLE = `
* { box-sizing: border-box; }
body { font-family: Arial, sans-serif; margin: 0; background: #f3f5f8; color: #222; }
header { background: #a50e0e; color: #fff; padding: 12px 24px; display: flex; justify-content: space-between; }
header h1 { font-size: 20px; margin: 0; }
main { padding: 24px; }
table { width: 100%; border-collapse: collapse; background: #fff; }
th, td { border: 1px solid #ccd; padding: 8px; text-align: left; font-size: 14px; }
th { background: #e8ecf3; }
button { background: #555 !important; color: #ff0 !important; font-size: 9px !important; }
.status-ok { color: #0a7a22; font-weight: bold; }
.status-bad { color: #b00; font-weight: bold; }
form.login { background: #fff; width: 360px; margin: 60px auto; padding: 24px; border-radius: 6px; }
form.login input { display: block; width: 100%; margin: 6px 0 14px; padding: 8px; }
`;

export function layout(title: string, body: string, extra: { csrf?: string; user?: string } = {}): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="application-name" content="QLVB Thanh Hoa (demo)">
${extra.csrf ? `<meta name="csrf-token" content="${escapeHtml(extra.csrf)}">` : ''}
<title>${escapeHtml(title)} - Quản lý văn bản và điều hành</title><style>${STYLE}</style></head>
<body><header><h1>Quản lý văn bản và điều hành</h1>
${extra.user ? `<div>Xin chào, <b>${escapeHtml(extra.user)}</b> · <a style="color:#fff" href="/logout">Đăng xuất</a></div>` : ''}
</header><main>${body}</main></body></html>`;
}

export function loginPage(error?: string): string {
  return layout(
    'Đăng nhập',
    `<form class="login" method="post" action="/login">
<h2>Đăng nhập hệ thống</h2>
${error ? `<p class="status-bad">${escapeHtml(error)}</p>` : ''}
<label for="username">Tên đăng nhập</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Mật khẩu</label><input id="password" name="password" type="password" required>
<button type="submit" id="login-submit">Đăng nhập</button></form>`,
  );
}

export function documentRow(doc: SeedDocument): string {
  const main = doc.files[0]!;
  // The clerk's rows: the number the system assigned and the one signature this user may add (the organisation's).
  const clerk =
    doc.queue === 'issuance'
      ? ` data-issue-number="${escapeHtml(doc.issueNumber ?? '')}" data-kyso-profiles="organization"`
      : '';
  return `<tr class="doc-row" data-doc-id="${escapeHtml(doc.id)}"${clerk}>
${doc.queue === 'issuance' ? '<td class="doc-select"></td>' : ''}<td>${escapeHtml(doc.number)}</td><td>${escapeHtml(doc.kind)}</td>
<td><a class="doc-title" href="/documents/${escapeHtml(doc.id)}">${escapeHtml(doc.title)}</a></td>
<td>${escapeHtml(doc.issuer)}</td>
<td class="doc-actions"><a class="pdf-link" href="/files/${escapeHtml(doc.id)}/${escapeHtml(main.name)}">Xem PDF</a></td>
</tr>`;
}

export function listPage(firstPage: SeedDocument[], user: string, csrf: string): string {
  return layout(
    'Văn bản chờ ký',
    `<h2>Văn bản chờ ký</h2>
<table id="documents"><thead><tr><th>Số, ký hiệu</th><th>Loại</th><th>Trích yếu</th><th>Cơ quan ban hành</th>
<th>Thao tác</th></tr></thead><tbody>${firstPage.map(documentRow).join('')}</tbody></table>
<p id="loading">Đang tải thêm văn bản…</p>
<p><a id="issuance-link" href="/van-thu">Văn bản chờ phát hành (văn thư)</a></p>
<script src="/static/list.js"></script>`,
    { csrf, user },
  );
}

/** The clerk's (văn thư) list: leader-signed decisions awaiting the number, the date and the organisation's seal. */
export function issuancePage(documents: SeedDocument[], user: string, csrf: string): string {
  return layout(
    'Văn bản chờ phát hành',
    `<p><a href="/">« Văn bản chờ ký</a></p>
<h2>Văn bản chờ phát hành (văn thư)</h2>
<p>Văn bản đã được người có thẩm quyền ký, chờ cấp số, ngày ban hành và ký số của cơ quan.</p>
<table id="documents"><thead><tr><th>Chọn</th><th>Số, ký hiệu</th><th>Loại</th><th>Trích yếu</th><th>Cơ quan ban hành</th>
<th>Thao tác</th></tr></thead><tbody>${documents.map(documentRow).join('')}</tbody></table>
<p id="loading">Đã tải ${documents.length} văn bản.</p>`,
    { csrf, user },
  );
}

/** Loads the remaining rows after the page has rendered, as real portals do (the extension must notice them). */
export const LIST_SCRIPT = `
setTimeout(async () => {
  const response = await fetch('/api/documents?rest=1', { credentials: 'same-origin' });
  const { rows } = await response.json();
  document.querySelector('#documents tbody').insertAdjacentHTML('beforeend', rows.join(''));
  document.getElementById('loading').textContent = 'Đã tải ' + document.querySelectorAll('tr.doc-row').length + ' văn bản.';
}, 600);
`;

function statusCell(status: SignatureStatus): string {
  const cls = status.valid ? 'status-ok' : 'status-bad';
  return `<span class="${cls}">${escapeHtml(status.summary)}</span>
${status.signer ? `<br>Người ký: <b class="signer">${escapeHtml(status.signer)}</b>` : ''}
${status.signedAt ? `<br>Thời gian ký: <span class="signed-at">${escapeHtml(vietnamTime(status.signedAt))}</span>` : ''}`;
}

export function documentPage(doc: SeedDocument, versions: SignedVersion[], user: string, csrf: string): string {
  const attachments = doc.files
    .map(
      (f) => `<li class="attachment" data-doc-id="${escapeHtml(doc.id)}" data-file="${escapeHtml(f.name)}">
<a class="pdf-link" href="/files/${escapeHtml(doc.id)}/${escapeHtml(f.name)}">${escapeHtml(f.label)} (${escapeHtml(f.name)})</a>
<span class="attachment-actions"></span></li>`,
    )
    .join('');
  const rows = versions
    .map(
      (
        v,
      ) => `<tr class="signed-version"><td><a href="/signed/${escapeHtml(doc.id)}/${escapeHtml(v.file)}">${escapeHtml(v.file)}</a></td>
<td>${escapeHtml(vietnamTime(v.uploadedAt))}</td><td class="signature-status">${statusCell(v.status)}</td></tr>`,
    )
    .join('');
  return layout(
    doc.title,
    `<p><a href="/">« Danh sách văn bản</a></p>
<h2>${escapeHtml(doc.kind)} số ${escapeHtml(doc.number)}</h2><p>${escapeHtml(doc.title)}</p>
<h3>Tệp đính kèm</h3><ul id="attachments">${attachments}</ul>
<input type="hidden" name="csrf_token" value="${escapeHtml(csrf)}">
<h3>Các bản đã ký số</h3>
<table id="signed-versions"><thead><tr><th>Tệp</th><th>Thời gian tải lên</th><th>Trạng thái chữ ký</th></tr></thead>
<tbody>${rows || '<tr><td colspan="3">Chưa có bản ký số.</td></tr>'}</tbody></table>`,
    { csrf, user },
  );
}

/** A page of another site with no adapter: it tries to reach the agent on its own, which must be refused. */
export function foreignPage(agentPort: number): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Trang khác</title></head><body>
<h1>Một trang web khác</h1>
<table><tbody><tr class="doc-row" data-doc-id="x-1"><td>Văn bản lạ</td>
<td class="doc-actions"><a class="pdf-link" href="/x.pdf">PDF</a></td></tr></tbody></table>
<p>Kết nối tới phần mềm ký số: <b id="ws-result">đang thử…</b></p>
<script>
const result = document.getElementById('ws-result');
try {
  const ws = new WebSocket('ws://127.0.0.1:${agentPort}/');
  ws.onopen = () => { result.textContent = 'open'; ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'hello',
    params: { protocol: 1, component: 'sdk', version: '0.0.0' } })); };
  ws.onmessage = (e) => { result.textContent = 'message:' + e.data; };
  ws.onerror = () => { result.textContent = 'refused'; };
  ws.onclose = (e) => { if (result.textContent === 'đang thử…' || result.textContent === 'open') result.textContent = 'closed:' + e.code; };
} catch (e) { result.textContent = 'refused'; }
</script></body></html>`;
}
