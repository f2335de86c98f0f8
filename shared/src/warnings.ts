/**
 * Warnings: what the user should know although the document was (or will be) signed. Like errors, each has a
 * stable code and a Vietnamese and an English text that says what to do; `{name}` in a text is filled from the
 * warning's `details`. The CLI, the dialog and the batch review all show these same texts.
 */
import { z } from 'zod';
import { type CodedTexts, codedLine, codesOf, isCodeOf } from './coded-texts';

export const WARNING_TEXTS = {
  // Certificate chain (RFC 5280 §4.2.2.1 caIssuers)
  CHAIN_INCOMPLETE: {
    vi: 'Chữ ký thiếu chứng thư của đơn vị cấp "{issuer}": nơi nhận có thể báo "không rõ đơn vị cấp". Hãy báo bộ phận CNTT cấu hình chứng thư trung gian (chainCertificates).',
    en: 'The signature lacks the certificate of its issuer "{issuer}": recipients may see "unknown issuer". Ask IT to configure the intermediate certificate (chainCertificates).',
  },
  // Signer certificate key usage (RFC 5280 §4.2.1.3, ETSI EN 319 412-2 §4.3.2)
  CERTIFICATE_NOT_FOR_SIGNING: {
    vi: 'Chứng thư số của "{holder}" không được cấp để ký số (mục đích khoá: {keyUsage}): chữ ký không được coi là tin cậy. Người ký cần dùng chứng thư có mục đích ký số (digitalSignature hoặc nonRepudiation).',
    en: 'The certificate of "{holder}" is not issued for signing (key usage: {keyUsage}): the signature is not trusted. The signer must use a certificate issued for signing (digitalSignature or nonRepudiation).',
  },
  // Time-stamps (PAdES B-T)
  TIMESTAMP_SKIPPED: {
    vi: 'Văn bản đã được ký nhưng không có dấu thời gian: máy chủ dấu thời gian lỗi ({reason}). Có thể ký lại sau ít phút nếu cần dấu thời gian.',
    en: 'Signed without a time-stamp: the time-stamp server failed ({reason}). Sign again in a few minutes if a time-stamp is needed.',
  },
  // Signature images (Decree 30/2020 Appendix I)
  IMAGE_IGNORED: {
    vi: 'Ảnh bị bỏ qua: mẫu chữ ký này không dùng ảnh.',
    en: 'The image is ignored: this profile draws none.',
  },
  IMAGE_NOT_TRANSPARENT: {
    vi: 'Ảnh không có nền trong suốt: nền ảnh sẽ che chữ bên dưới. Hãy dùng ảnh PNG nền trong suốt.',
    en: 'The image has no transparent background and will hide the text under it. Use a PNG with transparency.',
  },
  IMAGE_COLOUR_UNEXPECTED: {
    vi: 'Màu chủ đạo của ảnh là {dominantVi}, không phải {expectedVi} như quy định. Hãy kiểm tra lại ảnh.',
    en: 'The image is mostly {dominant}, expected {expected}. Check the image.',
  },
  IMAGE_MISSING: {
    vi: 'Chưa có ảnh {imageVi}: chữ ký hiện tên "{who}" và thời gian ký thay cho ảnh. Có thể chọn ảnh trong phần Tuỳ chọn.',
    en: 'No {imageEn} image: the name "{who}" and the signing time are drawn instead. Choose an image in the options.',
  },
  // Placement and issuance
  SIGNER_NOT_CERTIFICATE_HOLDER: {
    vi: 'Người ký trên văn bản là "{documentSigner}", không phải người đứng tên chứng thư số "{holder}". Hãy kiểm tra đã chọn đúng chứng thư.',
    en: 'The document names "{documentSigner}" as signer, not the certificate holder "{holder}". Check the chosen certificate.',
  },
  TEXT_COVERS_PAGE_TEXT: {
    vi: 'Khối chữ đè lên nội dung trang: "{text}". Hãy kéo khung chữ ký sang chỗ trống.',
    en: 'The text block covers page text: "{text}". Drag the box to an empty place.',
  },
  NUMBER_ALREADY_PRINTED: {
    vi: 'Số văn bản đã có sẵn trên văn bản ("{text}"): không ghi thêm số.',
    en: 'The document number is already printed ("{text}"): no number was added.',
  },
  NUMBER_SYMBOL_DIFFERS: {
    vi: 'Ký hiệu in sẵn trên văn bản ("{text}") khác với số đã nhập ("{number}"): số được ghi đầy đủ vào chỗ trống. Hãy kiểm tra lại số văn bản.',
    en: 'The symbol printed on the document ("{text}") differs from the number entered ("{number}"): the whole number was written in the blank. Check the document number.',
  },
} as const satisfies CodedTexts;

export type WarningCode = keyof typeof WARNING_TEXTS;

export const WARNING_CODES: WarningCode[] = codesOf(WARNING_TEXTS);

export function isWarningCode(value: unknown): value is WarningCode {
  return isCodeOf(WARNING_TEXTS, value);
}

/** A warning as it crosses every boundary: the code, both texts (filled), and the values they were filled with. */
export interface Warning {
  code: WarningCode;
  message: string;
  messageEn: string;
  details?: Record<string, string>;
}

/**
 * The runtime schema of a warning in protocol results. `code` is any short string, not only this build's codes:
 * a newer agent's warning still reaches the user through the texts it carries (see `warningText`).
 */
export const warningSchema = z.object({
  code: z.string().min(1).max(64),
  message: z.string().max(2000),
  messageEn: z.string().max(2000),
  details: z.record(z.string(), z.string()).optional(),
});

/** A warning as a client receives it: its code may be one this build does not know. */
export type ReceivedWarning = z.infer<typeof warningSchema>;

const fill = (text: string, details: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => details[name] ?? whole);

export function warning(code: WarningCode, details: Record<string, string> = {}): Warning {
  const texts = WARNING_TEXTS[code];
  return {
    code,
    message: fill(texts.vi, details),
    messageEn: fill(texts.en, details),
    ...(Object.keys(details).length > 0 ? { details } : {}),
  };
}

/** The text in one language; a code this build does not know (a newer agent) shows the text it was sent. */
export function warningText(w: ReceivedWarning, lang: 'vi' | 'en'): string {
  if (isWarningCode(w.code)) return fill(WARNING_TEXTS[w.code][lang], w.details ?? {});
  return lang === 'vi' ? w.message : w.messageEn;
}

/** One line for a terminal: `CODE: Vietnamese (English)`, like errors. */
export function warningLine(w: ReceivedWarning): string {
  return codedLine(w.code, warningText(w, 'vi'), warningText(w, 'en'));
}
