// Pure rules of the electronic results: verification codes (random, typed by people from a printed sheet), the
// public verification URL the QR code carries, the templates per procedure filled from the dossier's e-form data,
// and what the public verification page concludes from a stored result and an optional file. No I/O, no clock.

/** Crockford base32: no I, L, O, U (read as 1, 1, 0 and nothing), so a typed code survives the usual confusions. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters: 60 random bits. Shown in three groups of four (ABCD-EFGH-JKMN). */
export const CODE_LENGTH = 12;

/** A verification code from `CODE_LENGTH` random bytes (each taken modulo 32: 256 is a multiple, so uniform). */
export function verificationCode(random: Uint8Array): string {
  if (random.length < CODE_LENGTH) throw new Error(`verificationCode needs ${CODE_LENGTH} random bytes`);
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[random[i]! % 32];
  return code;
}

/** ABCD-EFGH-JKMN: how a code is printed and shown. */
export function formatVerificationCode(code: string): string {
  return code.length === CODE_LENGTH ? `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}` : code;
}

/**
 * A typed code as stored, or null when it cannot be one: case, spaces and hyphens ignored, O read as 0, I and L
 * as 1. At most 40 characters are looked at.
 */
export function normaliseVerificationCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH) return null;
  for (const c of code) if (!CODE_ALPHABET.includes(c)) return null;
  return code;
}

/** The public verification page of a code: {baseUrl}/xac-thuc/{code}. */
export function verificationUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/xac-thuc/${encodeURIComponent(code)}`;
}

// --- templates ------------------------------------------------------------------------------------------

/** What a result template is filled from: the dossier, its agency and its e-form data. */
export interface ResultSource {
  dossierCode: string;
  /** The procedure's key (procedures.code: the national code, else "<agency code>:<local code>"). */
  procedureCode: string;
  procedureName: string;
  /** The codes the version was published under: the sheet prints the national code, else the local code. */
  nationalCode?: string | null;
  localCode?: string | null;
  /** The version's e-form schema as stored (null: the generated default): option names come from it. */
  formSchema?: Record<string, unknown> | null;
  agencyName: string;
  applicantName: string;
  /** The dossier's e-form answers (any JSON; only known fields are read, as text). */
  formData: unknown;
  /** When the result is issued (the date line). */
  issuedAt: Date;
}

/** A filled result: title, the lines of the body (label: value), the closing paragraph. */
export interface FilledResult {
  template: 'copyright-certificate' | 'generic';
  title: string;
  subtitle: string | null;
  lines: Array<{ label: string; value: string }>;
  closing: string;
}

/** A text field of the e-form data, trimmed and cut to `max` characters ('' when absent or not text). */
function textField(data: unknown, key: string, max = 300): string {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return '';
  const value = (data as Record<string, unknown>)[key];
  return typeof value === 'string' ? value.trim().replace(/\s+/g, ' ').slice(0, max) : '';
}

const WORK_TYPES: Record<string, string> = {
  'van-hoc': 'Tác phẩm văn học, khoa học',
  'am-nhac': 'Tác phẩm âm nhạc',
  'my-thuat': 'Tác phẩm mỹ thuật',
  'nhiep-anh': 'Tác phẩm nhiếp ảnh',
  'dien-anh': 'Tác phẩm điện ảnh',
  'chuong-trinh-may-tinh': 'Chương trình máy tính',
  khac: 'Loại hình khác',
};

const PUBLICATION: Record<string, string> = { 'chua-cong-bo': 'Chưa công bố', 'da-cong-bo': 'Đã công bố' };

/**
 * The Vietnamese name of the chosen option of a choice field: the version's e-form names it (`x-enumNames`, as
 * the applicant saw it), else the built-in name (`fallback`: the demo e-form's), else the stored value when it is
 * one of the e-form's options; '—' when unanswered or unknown.
 */
function optionName(source: ResultSource, key: string, fallback: Record<string, string>): string {
  const value = textField(source.formData, key, 200);
  if (!value) return '—';
  const properties = source.formSchema?.properties;
  const node = properties && typeof properties === 'object' && !Array.isArray(properties) ? (properties as Record<string, unknown>)[key] : undefined;
  let known = false;
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    const { enum: options, 'x-enumNames': names } = node as Record<string, unknown>;
    const index = Array.isArray(options) ? options.indexOf(value) : -1;
    const name = index >= 0 && Array.isArray(names) ? names[index] : undefined;
    if (typeof name === 'string' && name.trim()) return name.trim().replace(/\s+/g, ' ').slice(0, 300);
    known = index >= 0;
  }
  return Object.hasOwn(fallback, value) ? fallback[value]! : known ? value : '—';
}

/** The procedure's code as printed: the national code, else the agency's local code (never the internal key). */
export function shownProcedureCode(source: Pick<ResultSource, 'procedureCode' | 'nationalCode' | 'localCode'>): string {
  if (source.nationalCode) return source.nationalCode;
  if (source.localCode) return source.localCode;
  const colon = source.procedureCode.indexOf(':');
  return colon >= 0 ? source.procedureCode.slice(colon + 1) : source.procedureCode;
}

/** The co-authors of the copyright e-form: "name (nationality)", at most 20. */
function coAuthors(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const list = (data as Record<string, unknown>).coAuthors;
  if (!Array.isArray(list)) return '';
  return list
    .slice(0, 20)
    .map((a) => {
      const name = textField(a, 'name', 200);
      const nationality = textField(a, 'nationality', 100);
      return name ? (nationality ? `${name} (${nationality})` : name) : '';
    })
    .filter(Boolean)
    .join('; ');
}

/** The procedures with their own template (procedure code → template); any other gets the generic one. */
export const RESULT_TEMPLATES: Record<string, FilledResult['template']> = {
  '1.001823': 'copyright-certificate',
};

/**
 * Fills the procedure's template (the result document is in Vietnamese, the language of the administration).
 * Copyright registration (1.001823): "Giấy chứng nhận đăng ký quyền tác giả" with the work, its type, the
 * author and co-authors, the owner, publication; every other procedure: a generic result sheet.
 */
export function fillResult(source: ResultSource): FilledResult {
  const template = RESULT_TEMPLATES[source.procedureCode] ?? 'generic';
  const d = source.formData;
  const applicant = textField(d, 'fullName', 200) || source.applicantName;
  if (template === 'copyright-certificate') {
    const owner = textField(d, 'organisationName', 300) || applicant;
    const lines = [
      { label: 'Tên tác phẩm', value: textField(d, 'workTitle', 500) || '—' },
      { label: 'Loại hình tác phẩm', value: optionName(source, 'workType', WORK_TYPES) },
      { label: 'Tác giả', value: applicant },
      { label: 'Đồng tác giả', value: coAuthors(d) || '—' },
      { label: 'Chủ sở hữu quyền tác giả', value: owner },
      { label: 'Địa chỉ', value: textField(d, 'address', 500) || '—' },
      { label: 'Tình trạng công bố', value: optionName(source, 'publication', PUBLICATION) },
      { label: 'Số hồ sơ', value: source.dossierCode },
    ];
    return {
      template,
      title: 'GIẤY CHỨNG NHẬN ĐĂNG KÝ QUYỀN TÁC GIẢ',
      subtitle: `${source.agencyName.toUpperCase()} CHỨNG NHẬN`,
      lines,
      closing: 'Giấy chứng nhận này được cấp theo quy định của Luật Sở hữu trí tuệ và được ghi nhận vào Sổ đăng ký quốc gia về quyền tác giả, quyền liên quan.',
    };
  }
  return {
    template,
    title: 'KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
    subtitle: source.procedureName,
    lines: [
      { label: 'Thủ tục', value: `${shownProcedureCode(source)} — ${source.procedureName}` },
      { label: 'Người nộp hồ sơ', value: applicant },
      { label: 'Số hồ sơ', value: source.dossierCode },
      { label: 'Cơ quan giải quyết', value: source.agencyName },
    ],
    closing: 'Hồ sơ đã được giải quyết theo quy định. Văn bản điện tử này có giá trị pháp lý như bản giấy.',
  };
}

// --- verification answers -------------------------------------------------------------------------------

/** What the public verification page says. */
export type ResultState = 'genuine' | 'altered' | 'revoked' | 'unknown';

/**
 * The page's conclusion from the stored result (null: no such code) and, when a file was given, its SHA-256 and
 * whether its own signature checked out (verifyPdf's verdict was genuine). A revoked result is revoked whatever
 * the file; a file whose hash differs from the stored one is altered — even if validly signed, it is not the
 * document issued under this code.
 */
export function resultState(stored: { sha256: string; revoked: boolean } | null, file?: { sha256: string } | null): ResultState {
  if (!stored) return 'unknown';
  if (stored.revoked) return 'revoked';
  if (file && file.sha256 !== stored.sha256) return 'altered';
  return 'genuine';
}

/** Statuses in which a result may be issued or uploaded: being handled (2, 4, 5, 6) or resolved (9, 10). */
export const ISSUABLE_STATUSES: readonly number[] = [2, 4, 5, 6, 9, 10];

export function canIssue(status: number | null): boolean {
  return status !== null && ISSUABLE_STATUSES.includes(status);
}

/** "CN=a\nO=b" → "CN=a, O=b". */
export function distinguishedName(value: string): string {
  return value.split('\n').filter(Boolean).join(', ');
}
