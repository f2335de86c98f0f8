/**
 * Seed documents of the demo portal: Vietnamese administrative PDFs laid out after Decree 30/2020/NĐ-CP
 * (national motto top right, issuing body top left, signer block bottom right). pdf-lib's save() is fine here:
 * these are inputs to be signed, never signing output.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';

/** Liberation 2.x (Debian fonts-liberation2) has the Vietnamese letters; 1.07 (fonts-liberation) lacks U+1EA0–1EF9. */
const FONT_DIR =
  ['/usr/share/fonts/truetype/liberation2', '/usr/share/fonts/truetype/liberation'].find((dir) =>
    existsSync(`${dir}/LiberationSerif-Regular.ttf`),
  ) ?? '/usr/share/fonts/truetype/liberation';

export interface SeedDocument {
  id: string;
  number: string;
  kind: 'Quyết định' | 'Công văn' | 'Phụ lục' | 'Tờ trình';
  title: string;
  issuer: string;
  /** Rendered with the first page load; the rest arrive through fetch like in real portals. */
  inFirstPage: boolean;
  /** `issuance`: in the clerk's queue (leader-signed, awaiting number, date and the organisation's signature). */
  queue?: 'issuance';
  /** The number the portal assigned, for the clerk's step (the row's `data-issue-number`). */
  issueNumber?: string;
  files: { name: string; label: string; build: () => Promise<Uint8Array> }[];
}

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

export async function loadFonts(pdf: PDFDocument): Promise<Fonts> {
  pdf.registerFontkit(fontkit);
  const load = async (file: string) => pdf.embedFont(await readFile(`${FONT_DIR}/${file}`), { subset: true });
  return {
    regular: await load('LiberationSerif-Regular.ttf'),
    bold: await load('LiberationSerif-Bold.ttf'),
    italic: await load('LiberationSerif-Italic.ttf'),
  };
}

export function centered(page: PDFPage, text: string, font: PDFFont, size: number, cx: number, y: number): void {
  page.drawText(text, { x: cx - font.widthOfTextAtSize(text, size) / 2, y, size, font, color: rgb(0, 0, 0) });
}

/** Greedy word wrap; Vietnamese words are space separated so this is enough for body text. */
export function paragraph(
  page: PDFPage,
  text: string,
  font: PDFFont,
  size: number,
  x: number,
  y: number,
  width: number,
) {
  const words = text.split(' ');
  let line = '';
  let cursor = y;
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > width && line) {
      page.drawText(line, { x, y: cursor, size, font });
      cursor -= size * 1.5;
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) page.drawText(line, { x, y: cursor, size, font });
  return cursor - size * 1.8;
}

/**
 * Header of an administrative document: issuing body (left), national motto (right), number and date (`number`
 * and `date` may hold blanks the clerk's issuance fills in).
 */
export function header(page: PDFPage, f: Fonts, number: string, date = 'Thanh Hóa, ngày      tháng 11 năm 2026'): void {
  const { height } = page.getSize();
  centered(page, 'ỦY BAN NHÂN DÂN', f.regular, 12, 150, height - 60);
  centered(page, 'TỈNH THANH HÓA', f.bold, 12, 150, height - 75);
  centered(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', f.bold, 12, 400, height - 60);
  centered(page, 'Độc lập - Tự do - Hạnh phúc', f.bold, 13, 400, height - 75);
  centered(page, `Số: ${number}`, f.regular, 13, 150, height - 100);
  centered(page, date, f.italic, 13, 400, height - 100);
}

/** Signer block: title lines, room for the signature image, then the full name (Decree 30, Appendix I). */
export function signerBlock(page: PDFPage, f: Fonts, lines: string[], name: string, top: number): void {
  let y = top;
  for (const line of lines) {
    centered(page, line, f.bold, 13, 420, y);
    y -= 16;
  }
  centered(page, name, f.bold, 13, 420, y - 70);
}

async function decision(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Quyết định 125/QĐ-UBND');
  const f = await loadFonts(pdf);
  const page = pdf.addPage([595.28, 841.89]);
  header(page, f, '125/QĐ-UBND');
  const { height } = page.getSize();
  centered(page, 'QUYẾT ĐỊNH', f.bold, 14, 297, height - 150);
  centered(page, 'Về việc phê duyệt Kế hoạch chuyển đổi số năm 2026', f.bold, 14, 297, height - 168);
  centered(page, 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THANH HÓA', f.bold, 14, 297, height - 200);
  let y = paragraph(
    page,
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Căn cứ Luật Giao dịch ' +
      'điện tử ngày 22 tháng 6 năm 2023; Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công ' +
      'tác văn thư; Xét đề nghị của Giám đốc Sở Khoa học và Công nghệ,',
    f.italic,
    13,
    70,
    height - 235,
    455,
  );
  centered(page, 'QUYẾT ĐỊNH:', f.bold, 14, 297, y);
  y -= 26;
  y = paragraph(
    page,
    'Điều 1. Phê duyệt Kế hoạch chuyển đổi số năm 2026 của tỉnh Thanh Hóa, gồm các nội dung chính ' +
      'tại Phụ lục kèm theo Quyết định này.',
    f.regular,
    13,
    70,
    y,
    455,
  );
  y = paragraph(
    page,
    'Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng UBND tỉnh, Giám đốc các sở, ' +
      'ban, ngành và Chủ tịch UBND các huyện, thị xã, thành phố chịu trách nhiệm thi hành Quyết định này.',
    f.regular,
    13,
    70,
    y,
    455,
  );
  page.drawText('Nơi nhận:', { x: 70, y: y - 10, size: 12, font: f.bold });
  page.drawText('- Như Điều 2;', { x: 70, y: y - 25, size: 11, font: f.regular });
  page.drawText('- Lưu: VT, KGVX.', { x: 70, y: y - 38, size: 11, font: f.regular });
  signerBlock(page, f, ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], 'Nguyễn Văn An', y - 10);
  return pdf.save();
}

async function officialLetter(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Công văn 342/UBND-VP');
  const f = await loadFonts(pdf);
  const page = pdf.addPage([595.28, 841.89]);
  header(page, f, '342/UBND-VP');
  const { height } = page.getSize();
  page.drawText('V/v triển khai ứng dụng chữ ký số', { x: 80, y: height - 125, size: 12, font: f.regular });
  centered(page, 'Kính gửi: Các sở, ban, ngành cấp tỉnh', f.regular, 14, 297, height - 170);
  let y = paragraph(
    page,
    'Thực hiện chỉ đạo của Chủ tịch UBND tỉnh về đẩy mạnh ứng dụng chữ ký số trong trao đổi văn ' +
      'bản điện tử, Văn phòng UBND tỉnh đề nghị các cơ quan, đơn vị rà soát nhu cầu chứng thư số và gửi báo cáo trước ' +
      'ngày 30 tháng 11 năm 2026.',
    f.regular,
    13,
    70,
    height - 210,
    455,
  );
  y = paragraph(page, 'Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./.', f.regular, 13, 70, y, 455);
  signerBlock(page, f, ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'], 'Trần Thị Bình', y - 20);
  return pdf.save();
}

async function appendix(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Phụ lục kèm theo Quyết định 125/QĐ-UBND');
  const f = await loadFonts(pdf);
  for (let n = 1; n <= 2; n++) {
    const page = pdf.addPage([595.28, 841.89]);
    const { height } = page.getSize();
    centered(page, 'PHỤ LỤC', f.bold, 14, 297, height - 70);
    centered(page, 'Các nhiệm vụ chuyển đổi số năm 2026', f.bold, 13, 297, height - 88);
    centered(page, '(Kèm theo Quyết định số 125/QĐ-UBND của UBND tỉnh Thanh Hóa)', f.italic, 13, 297, height - 106);
    const tasks = [
      'Nâng cấp hệ thống quản lý văn bản và điều hành',
      'Cấp chứng thư số cho cán bộ, công chức',
      'Số hóa hồ sơ thủ tục hành chính',
      'Đào tạo kỹ năng số cho cán bộ',
    ];
    tasks.forEach((task, i) => {
      page.drawText(`${(n - 1) * tasks.length + i + 1}. ${task}`, {
        x: 80,
        y: height - 150 - i * 24,
        size: 13,
        font: f.regular,
      });
    });
    centered(page, `Trang ${n}/2`, f.italic, 11, 297, 40);
  }
  return pdf.save();
}

async function report(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Tờ trình 57/TTr-STTTT');
  const f = await loadFonts(pdf);
  const page = pdf.addPage([595.28, 841.89]);
  header(page, f, '57/TTr-STTTT');
  const { height } = page.getSize();
  centered(page, 'TỜ TRÌNH', f.bold, 14, 297, height - 150);
  centered(page, 'Về việc mua sắm thiết bị ký số', f.bold, 14, 297, height - 168);
  const y = paragraph(
    page,
    'Sở Khoa học và Công nghệ kính trình UBND tỉnh xem xét, phê duyệt dự toán mua sắm 250 thiết ' +
      'bị ký số (USB token) cho các cơ quan hành chính cấp tỉnh./.',
    f.regular,
    13,
    70,
    height - 210,
    455,
  );
  signerBlock(page, f, ['GIÁM ĐỐC'], 'Lê Văn Cường', y - 20);
  return pdf.save();
}

export const SEED_DOCUMENTS: SeedDocument[] = [
  {
    id: 'qd-125',
    number: '125/QĐ-UBND',
    kind: 'Quyết định',
    issuer: 'UBND tỉnh Thanh Hóa',
    inFirstPage: true,
    title: 'Quyết định phê duyệt Kế hoạch chuyển đổi số năm 2026',
    files: [
      { name: 'quyet-dinh-125.pdf', label: 'Quyết định (bản chính)', build: decision },
      { name: 'phu-luc-125.pdf', label: 'Phụ lục kèm theo', build: appendix },
    ],
  },
  {
    id: 'cv-342',
    number: '342/UBND-VP',
    kind: 'Công văn',
    issuer: 'Văn phòng UBND tỉnh',
    inFirstPage: true,
    title: 'Công văn về việc triển khai ứng dụng chữ ký số',
    files: [{ name: 'cong-van-342.pdf', label: 'Công văn', build: officialLetter }],
  },
  {
    id: 'pl-125',
    number: '125/QĐ-UBND',
    kind: 'Phụ lục',
    issuer: 'UBND tỉnh Thanh Hóa',
    inFirstPage: false,
    title: 'Phụ lục: Các nhiệm vụ chuyển đổi số năm 2026',
    files: [{ name: 'phu-luc-125.pdf', label: 'Phụ lục', build: appendix }],
  },
  {
    id: 'tt-57',
    number: '57/TTr-STTTT',
    kind: 'Tờ trình',
    issuer: 'Sở Khoa học và Công nghệ',
    inFirstPage: false,
    title: 'Tờ trình về việc mua sắm thiết bị ký số',
    files: [{ name: 'to-trinh-57.pdf', label: 'Tờ trình', build: report }],
  },
];
