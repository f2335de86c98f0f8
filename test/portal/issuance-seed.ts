/**
 * The clerk's queue (văn thư): decisions the competent person has already signed, waiting for the number, the
 * issue date and the organisation's signature (Decree 30/2020 Art. 15–16). The unsigned decisions are made here
 * with pdf-lib ("Số:" and "ngày … tháng … năm" left blank); the test setup signs them as the leader with the
 * agent CLI, so nothing binary is committed.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { centered, header, loadFonts, paragraph, type SeedDocument, signerBlock } from './seed';

const SUBJECTS = [
  'phê duyệt danh mục thủ tục hành chính thực hiện trực tuyến toàn trình',
  'giao chỉ tiêu cấp chứng thư số cho cán bộ, công chức',
  'ban hành quy chế quản lý văn bản điện tử',
  'thành lập tổ công tác chuyển đổi số',
  'phân bổ kinh phí nâng cấp hệ thống quản lý văn bản',
];

export function issuanceSubject(n: number): string {
  return `Về việc ${SUBJECTS[n % SUBJECTS.length]} (đợt ${n})`;
}

/**
 * One decision awaiting issuance: the number and the day/month blanks are empty (the clerk's step fills them),
 * the signer block names `signerName` so the leader profile finds its place.
 */
export async function issuanceDecision(n: number, signerName: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Quyết định (dự thảo đã ký) số thứ tự ${n}`);
  const f = await loadFonts(pdf);
  const page = pdf.addPage([595.28, 841.89]);
  const { height } = page.getSize();
  // The number and the day and month are left blank: the clerk's issuance writes them.
  header(page, f, `${' '.repeat(13)}/QĐ-UBND`, 'Thanh Hóa, ngày         tháng         năm 2026');
  centered(page, 'QUYẾT ĐỊNH', f.bold, 14, 297, height - 150);
  centered(page, issuanceSubject(n), f.bold, 13, 297, height - 168);
  centered(page, 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THANH HÓA', f.bold, 14, 297, height - 200);
  let y = paragraph(
    page,
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Căn cứ Nghị định số ' +
      '30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư; Xét đề nghị của Chánh Văn phòng UBND tỉnh,',
    f.italic,
    13,
    70,
    height - 235,
    455,
  );
  centered(page, 'QUYẾT ĐỊNH:', f.bold, 14, 297, y);
  y = paragraph(
    page,
    `Điều 1. ${issuanceSubject(n)}, theo nội dung kèm theo Quyết định này.`,
    f.regular,
    13,
    70,
    y - 26,
    455,
  );
  y = paragraph(page, 'Điều 2. Quyết định này có hiệu lực kể từ ngày ký.', f.regular, 13, 70, y, 455);
  page.drawText('Nơi nhận:', { x: 70, y: y - 10, size: 12, font: f.bold });
  page.drawText('- Như Điều 2;', { x: 70, y: y - 25, size: 11, font: f.regular });
  page.drawText('- Lưu: VT.', { x: 70, y: y - 38, size: 11, font: f.regular });
  signerBlock(page, f, ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], signerName, y - 10);
  return pdf.save();
}

export interface IssuanceFile {
  /** Row id, e.g. `ph-07`. */
  id: string;
  /** The number the portal assigned (written into "Số: …" by the clerk's signature). */
  number: string;
  title: string;
  /** The leader-signed PDF on disk (made by the test setup). */
  path: string;
}

/** The clerk's queue as portal documents; the PDF is read from `path` when the portal seeds its data folder. */
export function issuanceDocuments(files: IssuanceFile[]): SeedDocument[] {
  return files.map((file) => ({
    id: file.id,
    number: `${file.number}/QĐ-UBND`,
    issueNumber: file.number,
    kind: 'Quyết định',
    title: file.title,
    issuer: 'UBND tỉnh Thanh Hóa',
    inFirstPage: true,
    queue: 'issuance',
    files: [{ name: basename(file.path), label: 'Quyết định (đã ký duyệt)', build: () => readFile(file.path) }],
  }));
}
