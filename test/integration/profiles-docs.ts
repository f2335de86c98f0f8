/**
 * Vietnamese test documents for the profiles tests, in the layout of Decree 30/2020 Appendix I (header table with
 * "Số: …/…" and "…, ngày … tháng … năm …", body, signer block beside "Nơi nhận"), made by other producers.
 */
import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { LIBERATION_SERIF } from './profiles-support';

const NBSP = '&nbsp;';

export interface SignerBlock {
  titles: string[];
  name: string;
}

/** A decision ("Quyết định") as office staff type it in Writer: two-column tables, blanks made of spaces. */
export function decisionHtml(block: SignerBlock | undefined): string {
  const blank = NBSP.repeat(10);
  const signer = block
    ? `<b>${block.titles.join('<br>')}</b><br><br><br><br><br><b>${block.name}</b>`
    : '<i>(không có khối chữ ký)</i>';
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: 210mm 297mm; margin: 20mm 15mm 20mm 30mm }
body{font-family:"Times New Roman",serif;font-size:13pt} td{vertical-align:top;text-align:center}</style></head><body>
<table width="100%"><tr><td width="40%"><b>ỦY BAN NHÂN DÂN<br>TỈNH THANH HÓA</b><br>Số:${blank}/QĐ-UBND</td>
<td width="60%"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b><br>
<i>Thanh Hóa, ngày${NBSP.repeat(8)}tháng${NBSP.repeat(8)}năm 2026</i></td></tr></table>
<p style="text-align:center"><b>QUYẾT ĐỊNH<br>Về việc phê duyệt kế hoạch chuyển đổi số năm 2026</b></p>
<p>Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; căn cứ Nghị định số 30/2020/NĐ-CP ngày
05 tháng 3 năm 2020 của Chính phủ về công tác văn thư; xét đề nghị của Giám đốc Sở Thông tin và Truyền thông.</p>
<p><b>Điều 1.</b> Phê duyệt kế hoạch chuyển đổi số năm 2026 của tỉnh Thanh Hóa.</p>
<p><b>Điều 2.</b> Quyết định này có hiệu lực kể từ ngày ký.</p>
<table width="100%"><tr><td width="45%" style="text-align:left"><b><i>Nơi nhận:</i></b><br>- Như Điều 2;<br>- Lưu: VT.</td>
<td width="55%">${signer}</td></tr></table></body></html>`;
}

/** A letter ("công văn") from another organisation: its summary "V/v …" continues the number block on two lines. */
export function letterHtml(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: 210mm 297mm; margin: 20mm 15mm 20mm 30mm }
body{font-family:"Times New Roman",serif;font-size:13pt} td{vertical-align:top;text-align:center}</style></head><body>
<table width="100%"><tr><td width="40%">UBND TỈNH THANH HÓA<br><b>SỞ TÀI CHÍNH</b><br>Số: 45/STC-NS<br>
<span style="font-size:12pt">V/v hướng dẫn lập dự toán<br>ngân sách năm 2027</span></td>
<td width="60%"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b><br>
<i>Thanh Hóa, ngày 20 tháng 11 năm 2026</i></td></tr></table>
<p style="margin-top:16mm;text-align:center">Kính gửi: Ủy ban nhân dân các huyện, thị xã, thành phố.</p>
<p>Thực hiện Luật Ngân sách nhà nước, Sở Tài chính hướng dẫn lập dự toán ngân sách năm 2027 như sau.</p>
</body></html>`;
}

/** A two-page attachment (phụ lục), as a separate file. */
export function appendixHtml(): string {
  const rows = Array.from(
    { length: 40 },
    (_, i) => `<tr><td>${i + 1}</td><td>Xã Quảng Đức — nhiệm vụ số ${i + 1}</td></tr>`,
  ).join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="font-family:'Times New Roman';font-size:13pt">
<p style="text-align:center"><b>PHỤ LỤC<br>DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ</b></p><table border="1">${rows}</table></body></html>`;
}

let glyphName: ((ch: string) => string) | undefined;

/** PostScript that shows `text` at (x, y): ASCII with `show`, every other letter by glyph name (`glyphshow`). */
function psShow(x: number, y: number, text: string): string {
  if (!glyphName) {
    const font = fontkit.create(readFileSync(LIBERATION_SERIF));
    glyphName = (ch) => (font.glyphForCodePoint(ch.codePointAt(0) ?? 0) as unknown as { name: string }).name;
  }
  let out = `${x} ${y} moveto `;
  for (const ch of text.normalize('NFC')) {
    out += /^[ -~]$/.test(ch) && !/[()\\]/.test(ch) ? `(${ch}) show ` : `/${glyphName(ch)} glyphshow `;
  }
  return `${out}\n`;
}

/**
 * The same decision as PostScript for Ghostscript. `landscape` draws it turned by 90° on a portrait medium, the way
 * a landscape page is printed; gs then sets /Rotate so that it reads upright (AutoRotatePages).
 */
export function decisionPostScript(block: SignerBlock, landscape = false): string {
  const [w, h] = landscape ? [842, 595] : [595, 842];
  const lines: [number, number, string][] = [
    [70, h - 60, 'ỦY BAN NHÂN DÂN'],
    [70, h - 76, 'TỈNH THANH HÓA'],
    [80, h - 96, 'Số:           /QĐ-UBND'],
    [w - 330, h - 60, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
    [w - 300, h - 96, 'Thanh Hóa, ngày        tháng        năm 2026'],
    [w / 2 - 50, h - 140, 'QUYẾT ĐỊNH'],
    [60, h - 180, 'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ.'],
    [60, h - 300, 'Nơi nhận:'],
    [60, h - 316, '- Lưu: VT.'],
  ];
  const titleX = w - 220;
  for (const [i, t] of block.titles.entries()) lines.push([titleX, h - 300 - 16 * i, t]);
  lines.push([titleX, h - 300 - 16 * block.titles.length - 90, block.name]);
  const setup = landscape
    ? `<< /PageSize [595 842] >> setpagedevice\n595 0 translate 90 rotate\n`
    : `<< /PageSize [595 842] >> setpagedevice\n`;
  return `%!PS\n${setup}/LiberationSerif findfont 13 scalefont setfont\n${lines.map(([x, y, t]) => psShow(x, y, t)).join('')}showpage\n`;
}
