/**
 * The rest of the VGCA page API on the demo portal's legacy pages, written the way public portals call it: the
 * incoming mark through `vgcapluginObject`, a comment with the parameters as an object and the callback by name,
 * the generic `vgca_sign_file`, `vgca_verify_pdf`, an opinion signed with `vgca_sign_json(null, json, onMessage,
 * onError)` (four arguments where the plugin defines three), the same through the page's own
 * `new WebSocket("wss://127.0.0.1:8987/SignJson")` (with a WebSocket kept in a variable when the page loaded),
 * `vgca_sign_msg` with base64 text, the token login's `vgca_get_certinfo`, and a bare hash. ES5 on purpose.
 */
import { LEGACY_HANDLER } from './legacy';
import type { SeedDocument } from './seed';

/** The leader's opinion on the document: what the text window must show and the signature must cover. */
export const LEGACY_OPINION =
  'Đồng ý với dự thảo.\nGiao Văn phòng UBND tỉnh phát hành trước ngày 15/12/2026 — Chủ tịch Nguyễn Văn An.';

export function legacyDataScript(doc: SeedDocument): string {
  const file = doc.files[0]!;
  const handler = `window.location.origin + "${LEGACY_HANDLER}?id=${encodeURIComponent(doc.id)}"`;
  const fileUrl = `window.location.origin + "/files/${encodeURIComponent(doc.id)}/${encodeURIComponent(file.name)}"`;
  return `
var EarlyWebSocket = window.WebSocket;
var OPINION = ${JSON.stringify(LEGACY_OPINION)};
function record(id, rv) {
  var el = document.getElementById(id);
  el.setAttribute('data-result', rv);
  try { el.textContent = 'Status ' + JSON.parse(rv).Status; } catch (e) { el.textContent = rv; }
}
function pdfParams(extra) {
  var prms = { FileUploadHandler: ${handler}, SessionId: "", JWTToken: "", FileName: ${fileUrl},
    MetaData: [{ Key: "abc", Value: "abc" }] };
  for (var k in extra) prms[k] = extra[k];
  return prms;
}
function exc_sign_income() {
  vgcapluginObject.vgca_sign_income(JSON.stringify(pdfParams({ DocNumber: "1234" })), SignFileCallBack1);
}
function exc_comment() { vgca_comment(pdfParams({}), 'SignFileCallBack1'); }
function exc_sign_file() { vgca_sign_file(JSON.stringify(pdfParams({})), SignFileCallBack1); }
function exc_verify_pdf() {
  vgca_verify_pdf(JSON.stringify({ SessionId: "", FileName: document.getElementById('verify-url').value }),
    function (rv) { record('vgca-verify', rv); });
}
function DataCallBack(sender, rv) { record('vgca-data', rv); }
function exc_sign_json() {
  vgca_sign_json(null, JSON.stringify({ JsonContent: OPINION }), DataCallBack, function (err) {
    document.getElementById('vgca-data').textContent = 'Lỗi ' + err;
  });
}
function exc_sign_json_socket() {
  var ws = new EarlyWebSocket("wss://127.0.0.1:8987/SignJson");
  ws.onopen = function () { ws.send(JSON.stringify({ JsonContent: OPINION })); };
  ws.onmessage = function (e) { record('vgca-socket', e.data); ws.close(); };
  ws.onerror = function () { document.getElementById('vgca-socket').textContent = 'Lỗi kết nối'; };
}
function exc_sign_msg() { vgca_sign_msg(this, btoa(unescape(encodeURIComponent(OPINION))), DataCallBack); }
function exc_certinfo() { vgca_get_certinfo(function (rv) { record('vgca-cert', rv); }); }
function exc_sign_hash() {
  vgca_sign_hash(null, JSON.stringify({ Hash: "3q2+7w==" }), function (sender, rv) { record('vgca-hash', rv); });
}
function exc_unknown_socket() {
  var ws = new WebSocket("wss://localhost:8987/SignSomethingNew");
  ws.onopen = function () { ws.send("{}"); };
  ws.onmessage = function (e) { record('vgca-unknown', e.data); ws.close(); };
}
`;
}

export function legacyDataButtons(): string {
  return `<p><button type="button" id="btn-ky-den" onclick="exc_sign_income()">Văn thư ký văn bản đến</button>
<button type="button" id="btn-y-kien" onclick="exc_comment()">Ký ý kiến</button>
<button type="button" id="btn-ky-file" onclick="exc_sign_file()">Ký tệp</button></p>
<p><button type="button" id="btn-ky-json" onclick="exc_sign_json()">Ký ý kiến (JSON)</button>
<button type="button" id="btn-ky-json-socket" onclick="exc_sign_json_socket()">Ký ý kiến (WebSocket)</button>
<button type="button" id="btn-ky-msg" onclick="exc_sign_msg()">Ký chuỗi</button>
<button type="button" id="btn-cert" onclick="exc_certinfo()">Đăng nhập bằng USB token</button>
<button type="button" id="btn-hash" onclick="exc_sign_hash()">Ký giá trị băm</button>
<button type="button" id="btn-unknown" onclick="exc_unknown_socket()">Chức năng lạ</button></p>
<p><input id="verify-url" size="60"> <button type="button" id="btn-kiem-tra" onclick="exc_verify_pdf()">Kiểm tra chữ ký</button></p>
<p>Dữ liệu: <b id="vgca-data">—</b> · WebSocket: <b id="vgca-socket">—</b> · Chứng thư: <b id="vgca-cert">—</b>
· Băm: <b id="vgca-hash">—</b> · Lạ: <b id="vgca-unknown">—</b> · Kiểm tra: <b id="vgca-verify">—</b></p>`;
}
