/**
 * The second portal's single-page app, as Angular-era e-office portals are built: one HTML shell, the client
 * routes with `history.pushState` (no reload), a hash for the list's tab (`#cho-ky` / `#da-ky`), document cards
 * (`div`, not table rows) loaded from a JSON API, and a "Xem" button carrying the file id (not the document id).
 */

export function shellPage(user: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Hệ thống điều hành tác nghiệp</title>
<style>
body { font: 15px/1.45 system-ui, Arial, sans-serif; margin: 0; background: #f2f4f7; color: #1d2733; }
header { background: #7a1f1f; color: #fff; padding: 10px 20px; display: flex; gap: 24px; align-items: center; }
header a { color: #fff; } main { padding: 20px; max-width: 960px; }
.doc-card { background: #fff; border: 1px solid #d5dbe3; border-radius: 6px; padding: 12px 16px; margin: 10px 0; }
.card-title { margin: 0 0 6px; font-size: 16px; } .card-meta { color: #5a6878; font-size: 13px; }
.card-actions { margin-top: 8px; display: flex; gap: 8px; align-items: center; }
.tabs a { margin-right: 16px; }
</style></head>
<body><header><strong>ĐIỀU HÀNH TÁC NGHIỆP</strong>
<nav><a href="/app/" data-link>Trang chủ</a> · <a href="/app/van-ban#cho-ky" data-link id="nav-documents">Văn bản chờ ký</a></nav>
<span id="user">${escapeHtml(user)}</span></header>
<main id="app">Đang tải…</main>
<script>${CLIENT_SCRIPT}</script></body></html>`;
}

/** The app's client: its router, views and API calls (plain JS so the portal needs no build step). */
const CLIENT_SCRIPT = `
const app = document.getElementById('app');
function esc(s) { return String(s).replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c])); }
function card(d) {
  const view = d.fileId
    ? '<button type="button" class="btn-view" data-file-id="' + esc(d.fileId) + '">Xem</button>'
    : '<button type="button" class="btn-view" disabled>Bản giấy</button>';
  return '<div class="doc-card" data-document-id="' + esc(d.id) + '" data-v2-id="' + esc(d.v2Id) + '">' +
    '<h3 class="card-title">' + esc(d.title) + '</h3><div class="card-meta">Số: ' + esc(d.number) + ' · ' +
    esc(d.state === 'signed' ? 'Đã ký' : 'Chờ ký') + '</div><div class="card-actions">' + view + '</div></div>';
}
async function documentsView() {
  const tab = location.hash === '#da-ky' ? 'signed' : 'waiting';
  app.innerHTML = '<h2>Văn bản</h2><p class="tabs"><a href="#cho-ky" id="tab-waiting">Chờ ký</a>' +
    '<a href="#da-ky" id="tab-signed">Đã ký</a></p><div id="cards" aria-busy="true"></div>';
  const response = await fetch('/api/v2/documents?state=' + tab, { headers: { accept: 'application/json' } });
  const list = await response.json();
  const cards = document.getElementById('cards');
  cards.innerHTML = list.content.map(card).join('');
  cards.setAttribute('aria-busy', 'false');
  cards.dataset.tab = tab;
}
function homeView() {
  app.innerHTML = '<h2>Trang chủ</h2><p id="home">Chào mừng. Chọn "Văn bản chờ ký" để xem văn bản.</p>';
}
function render() {
  if (location.pathname.startsWith('/app/van-ban')) return documentsView();
  return homeView();
}
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link]');
  if (!link) return;
  event.preventDefault();
  history.pushState({}, '', link.getAttribute('href'));
  render();
});
window.addEventListener('popstate', render);
window.addEventListener('hashchange', render);
render();
`;

export function loginPage(error = ''): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đăng nhập</title></head><body>
<h1>Đăng nhập hệ thống điều hành</h1>${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/login"><label>Tài khoản <input id="username" name="username"></label>
<label>Mật khẩu <input id="password" name="password" type="password"></label>
<button id="login-submit">Đăng nhập</button></form></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
