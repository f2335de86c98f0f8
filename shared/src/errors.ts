/**
 * Stable error codes with a Vietnamese and an English message that tell the user what to do.
 * Every boundary (CLI, WebSocket, extension) shows these texts; details go to the log only.
 */
import { type CodedTexts, codedLine, codesOf, isCodeOf } from './coded-texts';

export const ERROR_TEXTS = {
  // Input documents
  PDF_ENCRYPTED: {
    vi: 'Tệp PDF được mã hoá hoặc có mật khẩu. Hãy gỡ mật khẩu rồi ký lại.',
    en: 'The PDF is encrypted or password-protected. Remove the password and sign again.',
  },
  PDF_MALFORMED: {
    vi: 'Tệp PDF bị hỏng hoặc không đúng định dạng. Hãy xuất lại tệp PDF từ phần mềm soạn thảo.',
    en: 'The PDF is damaged or not a valid PDF. Export the PDF again from the editor.',
  },
  PDF_TOO_COMPLEX: {
    vi: 'Tệp PDF quá phức tạp để xử lý an toàn (dữ liệu nén quá lớn hoặc cấu trúc quá nặng). Hãy in lại tệp ra PDF (Print to PDF) rồi ký bản mới.',
    en: 'The PDF is too complex to process safely (too much compressed data or too heavy a structure). Print it to a new PDF and sign that copy.',
  },
  PDF_CERTIFIED_NO_CHANGES: {
    vi: 'Văn bản đã được chứng thực và không cho phép thay đổi, kể cả thêm chữ ký. Hãy dùng bản chưa chứng thực.',
    en: 'The document is certified with "no changes allowed", which forbids further signatures. Use an uncertified copy.',
  },
  UPDATE_BREAKS_EARLIER_SIGNATURE: {
    vi: 'Không thể ký văn bản theo cách này: phần ký thêm sẽ làm chữ ký trước đó bị các phần mềm kiểm tra coi là văn bản đã bị sửa trái phép (chỉ được thêm chữ ký và điền trường có sẵn). Hãy ký không kèm số/ngày hoặc báo cho bộ phận CNTT.',
    en: 'The document cannot be signed this way: the update would make validators judge an earlier signature as illegally modified (only new signatures and filling existing fields are allowed). Sign without number/date or report this to IT.',
  },
  PDF_NO_PAGES: {
    vi: 'Tệp PDF không có trang nào. Hãy kiểm tra lại tệp.',
    en: 'The PDF has no pages. Check the file.',
  },
  PAGE_OUT_OF_RANGE: {
    vi: 'Trang được chọn không có trong văn bản. Hãy chọn một trang khác.',
    en: 'The chosen page does not exist in the document. Choose another page.',
  },
  PLACEHOLDER_TOO_SMALL: {
    vi: 'Chữ ký lớn hơn chỗ dành sẵn trong tệp. Hãy báo cho bộ phận CNTT.',
    en: 'The signature is larger than the space reserved for it. Report this to IT.',
  },
  IMAGE_INVALID: {
    vi: 'Ảnh chữ ký/con dấu không đọc được. Hãy dùng tệp PNG hợp lệ.',
    en: 'The signature or seal image cannot be read. Use a valid PNG file.',
  },
  APPEARANCE_EMPTY: {
    vi: 'Chữ ký hiển thị không có nội dung (không có ảnh và không có chữ). Hãy chọn ảnh chữ ký hoặc ký không hiển thị.',
    en: 'The visible signature would be empty (no image and no text). Choose a signature image or sign invisibly.',
  },
  INPUT_NOT_FOUND: {
    vi: 'Không tìm thấy tệp cần ký. Hãy kiểm tra đường dẫn.',
    en: 'The file to sign was not found. Check the path.',
  },
  DOCUMENT_CHANGED: {
    vi: 'Văn bản trên cổng đã thay đổi so với bản đã hiển thị cho bạn, nên không ký. Hãy đóng cửa sổ này và mở lại văn bản để xem bản mới.',
    en: 'The document on the portal changed since it was shown to you, so it was not signed. Close this window and open the document again to see the new version.',
  },
  DOCUMENT_REDIRECTED: {
    vi: 'Cổng chuyển hướng việc tải văn bản sang một địa chỉ khác, nên không tải và không ký. Hãy báo bộ phận CNTT của cổng.',
    en: 'The portal redirected the document download to another address, so nothing was downloaded or signed. Report this to the portal’s IT staff.',
  },
  OUTPUT_WRITE_FAILED: {
    vi: 'Không ghi được tệp đã ký. Hãy kiểm tra quyền ghi và dung lượng đĩa.',
    en: 'The signed file could not be written. Check write permission and disk space.',
  },
  INVALID_ARGUMENT: {
    vi: 'Tham số không hợp lệ. Hãy xem hướng dẫn sử dụng (--help).',
    en: 'Invalid argument. See the usage (--help).',
  },
  // Tokens (PKCS#11)
  MODULE_NOT_FOUND: {
    vi: 'Không tìm thấy trình điều khiển (PKCS#11) của USB token. Hãy cài phần mềm đi kèm token.',
    en: 'The USB token driver (PKCS#11 module) was not found. Install the software that came with the token.',
  },
  MODULE_WRONG_ARCHITECTURE: {
    vi: 'Trình điều khiển token là bản 32-bit, không dùng được với phần mềm 64-bit. Hãy cài bản 64-bit của nhà cung cấp.',
    en: 'The token driver is 32-bit and cannot be loaded by a 64-bit agent. Install the 64-bit driver from the vendor.',
  },
  MODULE_LOAD_FAILED: {
    vi: 'Không nạp được trình điều khiển token. Hãy cài lại phần mềm của token.',
    en: 'The token driver could not be loaded. Reinstall the token software.',
  },
  TOKEN_NOT_FOUND: {
    vi: 'Không tìm thấy USB token. Hãy cắm token vào máy rồi thử lại.',
    en: 'No USB token found. Plug in the token and try again.',
  },
  TOKEN_NOT_PRESENT: {
    vi: 'USB token không có trong khe cắm. Hãy cắm token vào máy rồi thử lại.',
    en: 'The USB token is not present. Plug it in and try again.',
  },
  TOKEN_REMOVED: {
    vi: 'USB token đã bị rút ra trong khi ký. Hãy cắm lại token và ký lại.',
    en: 'The USB token was removed while signing. Plug it back in and sign again.',
  },
  PIN_INCORRECT: {
    vi: 'Mã PIN không đúng. Hãy nhập lại cẩn thận: token chỉ cho nhập sai một số lần rồi sẽ bị khoá.',
    en: 'Wrong PIN. Enter it again carefully: the token locks after too many wrong tries.',
  },
  PIN_LOCKED: {
    vi: 'Token đã bị khoá do nhập sai PIN quá số lần cho phép. Hãy liên hệ đơn vị cấp chứng thư số để mở khoá.',
    en: 'The token is locked after too many wrong PINs. Contact the certificate issuer to unlock it.',
  },
  PIN_REQUIRED: {
    vi: 'Cần nhập mã PIN của token để ký.',
    en: 'The token PIN is required to sign.',
  },
  PIN_INVALID_FORMAT: {
    vi: 'Mã PIN có độ dài không hợp lệ. Hãy kiểm tra lại.',
    en: 'The PIN has an invalid length. Check it.',
  },
  KEY_NOT_FOUND: {
    vi: 'Không tìm thấy khoá ký tương ứng với chứng thư số đã chọn. Hãy chọn chứng thư khác.',
    en: 'No signing key matches the chosen certificate. Choose another certificate.',
  },
  CERTIFICATE_NOT_FOUND: {
    vi: 'Không tìm thấy chứng thư số trên token. Hãy kiểm tra token.',
    en: 'No certificate was found on the token. Check the token.',
  },
  MECHANISM_UNSUPPORTED: {
    vi: 'Token không hỗ trợ thuật toán ký cần dùng. Hãy báo cho bộ phận CNTT.',
    en: 'The token does not support the required signing algorithm. Report this to IT.',
  },
  TOKEN_ERROR: {
    vi: 'Token báo lỗi khi ký. Hãy rút token ra, cắm lại và thử lại.',
    en: 'The token reported an error. Unplug it, plug it back in and try again.',
  },
  // Verification
  SIGNATURE_INVALID: {
    vi: 'Chữ ký số không hợp lệ: văn bản đã bị thay đổi sau khi ký hoặc chữ ký bị hỏng.',
    en: 'The signature is invalid: the document was changed after signing or the signature is damaged.',
  },
  SELF_CHECK_FAILED: {
    vi: 'Kiểm tra lại tệp vừa ký không đạt nên tệp không được trả về. Hãy báo cho bộ phận CNTT.',
    en: 'The signed file failed its own check and was not returned. Report this to IT.',
  },
  // Time-stamps (PAdES B-T)
  TSA_UNAVAILABLE: {
    vi: 'Máy chủ cấp dấu thời gian không trả lời. Hãy thử lại sau ít phút; nếu vẫn lỗi, hãy báo cho bộ phận CNTT.',
    en: 'The time-stamp server did not answer. Try again in a few minutes; if it persists, report it to IT.',
  },
  TSA_INVALID_RESPONSE: {
    vi: 'Máy chủ cấp dấu thời gian trả về dữ liệu không hợp lệ. Hãy báo cho bộ phận CNTT.',
    en: 'The time-stamp server returned an invalid answer. Report this to IT.',
  },
  // Agent service and protocol
  VERSION_MISMATCH: {
    vi: 'Phiên bản phần mềm ký số và tiện ích trình duyệt không khớp. Hãy cập nhật thành phần được nêu trong chi tiết.',
    en: 'The signing agent and the browser extension versions do not match. Update the component named in the details.',
  },
  ORIGIN_NOT_ALLOWED: {
    vi: 'Trang web này không được phép dùng phần mềm ký số. Hãy liên hệ bộ phận CNTT nếu cần.',
    en: 'This web page is not allowed to use the signing agent. Contact IT if it should be.',
  },
  INVALID_REQUEST: {
    vi: 'Yêu cầu gửi tới phần mềm ký số không hợp lệ. Hãy cập nhật tiện ích hoặc phần mềm tích hợp.',
    en: 'The request sent to the signing agent is invalid. Update the extension or the integrating software.',
  },
  AGENT_INVALID_RESPONSE: {
    vi: 'Phần mềm ký số trả lời không đúng định dạng mà tiện ích hiểu. Hãy cập nhật phần mềm ký số và tiện ích lên cùng phiên bản.',
    en: 'The signing agent sent an answer the extension does not understand. Update the agent and the extension to matching versions.',
  },
  METHOD_NOT_FOUND: {
    vi: 'Phần mềm ký số không hỗ trợ thao tác này. Hãy cập nhật phần mềm ký số.',
    en: 'The signing agent does not support this operation. Update the agent.',
  },
  PAYLOAD_TOO_LARGE: {
    vi: 'Tệp quá lớn để ký qua trình duyệt. Hãy giảm dung lượng tệp (ví dụ nén ảnh) rồi thử lại.',
    en: 'The file is too large to sign through the browser. Reduce its size (e.g. compress images) and try again.',
  },
  RATE_LIMITED: {
    vi: 'Có quá nhiều yêu cầu cùng lúc. Hãy đợi vài giây rồi thử lại.',
    en: 'Too many requests at once. Wait a few seconds and try again.',
  },
  BATCH_NOT_FOUND: {
    vi: 'Phiên ký hàng loạt đã kết thúc hoặc hết hạn. Hãy bắt đầu lại và nhập PIN.',
    en: 'The batch session has ended or expired. Start again and enter the PIN.',
  },
  CANCELLED: {
    vi: 'Đã huỷ thao tác ký. Văn bản không bị thay đổi.',
    en: 'Signing was cancelled. The document was not changed.',
  },
  EXTENSION_RESTARTED: {
    vi: 'Tiện ích ký số đã khởi động lại trong lúc cửa sổ này đang chờ, nên không nhận được kết quả. Hãy đóng cửa sổ này (hoặc tải lại trang cổng), xem trên cổng văn bản đã được ký chưa, rồi bấm Ký số lại nếu cần.',
    en: 'The signing extension restarted while this window was waiting, so the answer was lost. Close this window (or reload the portal page), check on the portal whether the document was signed, and click Ký số again if needed.',
  },
  PORT_IN_USE: {
    vi: 'Cổng kết nối của phần mềm ký số đang bị chương trình khác dùng. Hãy tắt chương trình đó hoặc đổi cổng.',
    en: "The agent's port is used by another program. Close that program or configure another port.",
  },
  CONFIG_INVALID: {
    vi: 'Tệp cấu hình không hợp lệ. Hãy sửa theo chi tiết lỗi hoặc xoá tệp để dùng mặc định.',
    en: 'The configuration file is invalid. Fix it as the details say, or delete it to use the defaults.',
  },
  AGENT_NOT_RUNNING: {
    vi: 'Phần mềm ký số KySo chưa chạy trên máy này. Hãy mở phần mềm KySo Agent (hoặc cài đặt nếu chưa có) rồi thử lại.',
    en: 'The KySo signing agent is not running on this computer. Start KySo Agent (or install it) and try again.',
  },
  PLACEMENT_NOT_FOUND: {
    vi: 'Không tự tìm được vị trí đặt chữ ký. Hãy kéo khung chữ ký tới vị trí mong muốn.',
    en: 'The signature position could not be found automatically. Drag the signature box where it belongs.',
  },
  INTERNAL: {
    vi: 'Đã xảy ra lỗi không mong muốn. Hãy thử lại; nếu vẫn lỗi, hãy báo cho bộ phận CNTT.',
    en: 'An unexpected error occurred. Try again; if it persists, report it to IT.',
  },
} as const satisfies CodedTexts;

export type ErrorCode = keyof typeof ERROR_TEXTS;

export const ERROR_CODES: ErrorCode[] = codesOf(ERROR_TEXTS);

export function isErrorCode(value: unknown): value is ErrorCode {
  return isCodeOf(ERROR_TEXTS, value);
}

/**
 * The one error type every module throws. `details` is for logs and developers (never a PIN);
 * `message` is the Vietnamese text so an unexpected catch still shows something a user can act on.
 */
export class KysoError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(ERROR_TEXTS[code].vi, options);
    this.name = 'KysoError';
    this.code = code;
    this.details = details;
  }

  get messageEn(): string {
    return ERROR_TEXTS[this.code].en;
  }

  /** `CODE: Vietnamese message (English message)` — the one-line form the CLI prints on stderr. */
  toLine(): string {
    return codedLine(this.code, ERROR_TEXTS[this.code].vi, ERROR_TEXTS[this.code].en);
  }
}

/** Serialised form that crosses every boundary (agent ↔ extension ↔ page). */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  messageEn: string;
  details?: Record<string, unknown>;
}

export function serializeError(error: unknown): SerializedError {
  const e = error instanceof KysoError ? error : new KysoError('INTERNAL', { cause: String(error) });
  return { code: e.code, message: e.message, messageEn: e.messageEn, details: e.details };
}

export function deserializeError(value: SerializedError): KysoError {
  return new KysoError(isErrorCode(value.code) ? value.code : 'INTERNAL', value.details ?? {});
}
