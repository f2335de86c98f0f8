/**
 * The option table of every `kyso-agent` command: data only (no PKCS#11, PDF or CMS code), so `--help` and the
 * overall usage print without loading them. Each command parses its arguments with its own table.
 */
import type { CommandSpec, OptionTable } from './options';

const command = <const O extends OptionTable>(spec: CommandSpec<O>): CommandSpec<O> => spec;

const json = { type: 'boolean', help: 'Kết quả dạng JSON / machine-readable output' } as const;
const configFile = {
  type: 'string',
  value: 'FILE',
  help: 'Tệp cấu hình của người dùng / user configuration file',
} as const;
const modules = {
  type: 'string',
  multiple: true,
  value: 'PATH',
  help: 'Trình điều khiển PKCS#11 của token / PKCS#11 module of the token',
} as const;

export const SIGN = command({
  name: 'sign',
  summary: 'Ký một tệp PDF bằng USB token / sign one PDF with a USB token (PIN: KYSO_PIN or a hidden prompt)',
  required: ['in', 'out'],
  options: {
    in: { type: 'string', value: 'IN.pdf', help: 'Văn bản cần ký (không bị sửa) / document to sign (never modified)' },
    out: { type: 'string', value: 'OUT.pdf', help: 'Tệp đã ký / signed output' },
    module: { type: 'string', value: 'PATH', help: modules.help },
    token: { type: 'string', value: 'LABEL', help: 'Nhãn token khi cắm nhiều token / token label' },
    cert: { type: 'string', value: 'CKA_ID_HEX', help: 'Chứng thư cần dùng / certificate id on the token' },
    page: { type: 'string', value: 'N', help: 'Trang đặt chữ ký (mặc định trang cuối) / page (default: last)' },
    rect: { type: 'string', value: 'X,Y,W,H', help: 'Vị trí, đơn vị point / box in points from bottom-left' },
    image: { type: 'string', value: 'PNG', help: 'Ảnh chữ ký hoặc con dấu / signature or seal image' },
    text: { type: 'string', value: 'TEXT', help: 'Dòng chữ trong chữ ký (\\n xuống dòng) / text lines' },
    invisible: { type: 'boolean', help: 'Chữ ký không hiển thị / invisible signature' },
    reason: { type: 'string', value: 'TEXT', help: 'Lý do ký / reason' },
    location: { type: 'string', value: 'TEXT', help: 'Nơi ký / location' },
    chain: {
      type: 'string',
      multiple: true,
      value: 'CERTS.pem',
      help: 'Chứng thư CA trung gian / intermediate CA certificates',
    },
    pss: { type: 'boolean', help: 'Chữ ký RSA-PSS / sign with RSA-PSS' },
    tsa: { type: 'string', value: 'URL', help: 'Máy chủ dấu thời gian RFC 3161 / time-stamp authority (http/https)' },
    'tsa-timeout': { type: 'string', value: 'MS', help: 'Thời gian chờ TSA / TSA timeout in milliseconds' },
    'tsa-optional': {
      type: 'boolean',
      help: 'Ký không dấu thời gian khi TSA lỗi / sign without time-stamp if the TSA fails',
    },
    profile: {
      type: 'string',
      value: 'leader|organization|appendix|copy|income|custom',
      help: 'Mẫu chữ ký theo Nghị định 30 / signature profile',
    },
    'seal-mm': { type: 'string', value: 'N', help: 'Đường kính con dấu (mm) / seal diameter in mm' },
    number: { type: 'string', value: 'TEXT', help: 'Số văn bản / document number' },
    date: { type: 'string', value: 'YYYY-MM-DD', help: 'Ngày ban hành / issue date' },
    'copy-type': { type: 'string', value: '"SAO Y"|"SAO LỤC"|"TRÍCH SAO"', help: 'Hình thức sao / copy type' },
  },
});

export const VERIFY = command({
  name: 'verify',
  summary: 'Kiểm tra chữ ký số trong PDF / check the signatures of a PDF (exit 1 when one is invalid)',
  positionals: 'IN.pdf',
  options: {
    trust: { type: 'string', multiple: true, value: 'ROOT.pem', help: 'Chứng thư gốc tin cậy / trusted root' },
    json,
  },
});

export const TOKENS = command({
  name: 'tokens',
  summary: 'Liệt kê token và chứng thư (không cần PIN) / list tokens and certificates (no PIN)',
  options: { module: modules, json, config: configFile },
});

export const SERVE = command({
  name: 'serve',
  summary: 'Chạy phần mềm ký số cho tiện ích trình duyệt / run the agent for the browser extension',
  options: {
    port: { type: 'string', value: 'N', help: 'Cổng trên 127.0.0.1 / port on 127.0.0.1' },
    config: configFile,
    'allow-origin': {
      type: 'string',
      multiple: true,
      value: 'ORIGIN',
      help: 'Nguồn được phép kết nối / allowed origin',
    },
    module: modules,
    verbose: { type: 'boolean', help: 'Ghi nhật ký chi tiết ra màn hình / log to the terminal' },
  },
});

export const CONFIG = command({
  name: 'config',
  summary: 'Cấu hình đang có hiệu lực và nguồn của từng giá trị / effective configuration and its sources',
  options: { config: configFile, json },
});

export const JOURNAL = command({
  name: 'journal',
  summary: 'Nhật ký ký số / the signing journal, oldest first',
  options: {
    since: { type: 'string', value: 'ISO-DATE', help: 'Chỉ từ thời điểm này / only entries since' },
    json,
    config: configFile,
  },
});

export const DOCTOR = command({
  name: 'doctor',
  summary: 'Kiểm tra máy trạm: cấu hình, cổng, token, chứng thư / workstation checks for IT staff',
  options: {
    json,
    lang: { type: 'string', default: 'vi', value: 'vi|en', help: 'Ngôn ngữ báo cáo / report language' },
    config: configFile,
    module: modules,
  },
});

export const AUTOSTART = command({
  name: 'autostart',
  summary: 'Tự khởi động cùng phiên đăng nhập / start the agent at login',
  positionals: 'install|uninstall|status',
  options: {
    method: { type: 'string', value: 'systemd|xdg|run-key|launch-agent', help: 'Cách khởi động / mechanism' },
    'dry-run': { type: 'boolean', help: 'Chỉ in các bước / print the steps only' },
    json,
  },
});

export const COMMANDS: readonly CommandSpec[] = [TOKENS, SIGN, VERIFY, SERVE, CONFIG, JOURNAL, DOCTOR, AUTOSTART];
