/**
 * The demo portal's "legacy" pages (/cu/…): written the way many provincial portals call the VGCA signing plugin,
 * with their own script calling `vgca_sign_approved(JSON.stringify({ FileUploadHandler, SessionId, FileName }),
 * callback)` — and the clerk's `vgca_sign_issued` with `DocNumber` (the document's issue number) and `IssuedDate`
 * (today, dd/MM/yyyy) — and reading the JSON string the callback gets (`Status == 0` → success, else `Message`). The upload
 * handler takes VGCA's multipart upload (file field `uploadfile`) and answers `{ Status, Message, FileName,
 * FileServer }`, as public VGCA handlers do; it checks the session only (VGCA's agent sends no CSRF token).
 * The page itself does not load vgcaplugin.js: with the KySo Bridge shim enabled, the extension provides it.
 */
import { legacyDataButtons, legacyDataScript } from './legacy-data';
import { escapeHtml, layout } from './pages';
import type { SeedDocument } from './seed';

/** Legacy page URL and handler path for a document. */
export const LEGACY_PAGE = (id: string) => `/cu/van-ban/${encodeURIComponent(id)}`;
export const LEGACY_HANDLER = '/cu/FileUploadHandler.aspx';
export const VGCA_UPLOAD_FIELD = 'uploadfile';

/** The handler's answer, VGCA style (HTTP 200 with Status true/false, as public handlers answer). */
export interface VgcaHandlerAnswer {
  Status: boolean;
  Message: string;
  FileName: string;
  FileServer: string;
}

export function handlerAnswer(ok: boolean, message: string, fileName = '', fileServer = ''): VgcaHandlerAnswer {
  return { Status: ok, Message: message, FileName: fileName, FileServer: fileServer };
}

// ES5 on purpose: these portals predate modules; the callback parses the string VGCA's plugin hands over.
function legacyScript(doc: SeedDocument): string {
  const file = doc.files[0]!;
  return `
function SignFileCallBack1(rv) {
  var received_msg = JSON.parse(rv);
  var status = document.getElementById('vgca-status');
  status.setAttribute('data-result', rv);
  status.setAttribute('data-status', String(received_msg.Status));
  if (received_msg.Status == 0) {
    status.textContent = 'Ký số thành công: ' + received_msg.FileName;
    var link = document.getElementById('vgca-file');
    link.href = received_msg.FileServer;
    link.textContent = 'Tải bản đã ký';
  } else {
    status.textContent = 'Lỗi ký số: ' + received_msg.Message;
  }
}
function exc_sign_approved() {
  if (typeof vgca_sign_approved !== 'function') {
    document.getElementById('vgca-status').textContent = 'Chưa cài đặt phần mềm ký số VGCA.';
    return;
  }
  var prms = {};
  prms["FileUploadHandler"] = window.location.origin + "${LEGACY_HANDLER}?id=${encodeURIComponent(doc.id)}";
  prms["SessionId"] = "";
  prms["FileName"] = window.location.origin + "/files/${encodeURIComponent(doc.id)}/${encodeURIComponent(file.name)}";
  var json_prms = JSON.stringify(prms);
  vgca_sign_approved(json_prms, SignFileCallBack1);
}
function exc_sign_issued() {
  if (typeof vgca_sign_issued !== 'function') {
    document.getElementById('vgca-status').textContent = 'Chưa cài đặt phần mềm ký số VGCA.';
    return;
  }
  var now = new Date();
  var pad = function (n) { return (n < 10 ? '0' : '') + n; };
  var prms = {};
  prms["FileUploadHandler"] = window.location.origin + "${LEGACY_HANDLER}?id=${encodeURIComponent(doc.id)}";
  prms["SessionId"] = "";
  prms["FileName"] = window.location.origin + "/files/${encodeURIComponent(doc.id)}/${encodeURIComponent(file.name)}";
  prms["DocNumber"] = ${JSON.stringify(doc.issueNumber ?? '')};
  prms["IssuedDate"] = pad(now.getDate()) + "/" + pad(now.getMonth() + 1) + "/" + now.getFullYear();
  vgca_sign_issued(JSON.stringify(prms), SignFileCallBack1);
}
`;
}

export function legacyPage(doc: SeedDocument, user: string): string {
  const file = doc.files[0]!;
  return layout(
    `${doc.title} (giao diện cũ)`,
    `<p><a href="/">« Danh sách văn bản</a></p>
<h2>${escapeHtml(doc.kind)} số ${escapeHtml(doc.number)} <small>(giao diện cũ, plugin VGCA)</small></h2>
<p>${escapeHtml(doc.title)}</p>
<p><a id="legacy-file" href="/files/${escapeHtml(doc.id)}/${escapeHtml(file.name)}">${escapeHtml(file.label)}</a></p>
<p><button type="button" id="btn-ky-duyet" onclick="exc_sign_approved()">Ký phê duyệt</button>
<button type="button" id="btn-phat-hanh" onclick="exc_sign_issued()">Văn thư ký phát hành</button></p>
<p>Kết quả: <b id="vgca-status">Chưa ký</b> <a id="vgca-file"></a></p>
${legacyDataButtons()}
<script>${legacyScript(doc)}${legacyDataScript(doc)}</script>`,
    { user },
  );
}
