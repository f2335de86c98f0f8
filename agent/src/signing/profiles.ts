/**
 * Applies a signing profile (shared/src/profiles.ts, Decree 30/2020 Appendix I) to one document: checks the image,
 * sizes the box (a seal at its real size), fills the text template, finds the placement and, for the clerk's step,
 * the number and date widgets. The profile is data; this file only interprets it.
 */
import {
  COPY_TYPES,
  KysoError,
  mmToPt,
  type ProfileName,
  type ProfileOptions,
  SEAL_MM,
  SIGNING_PROFILES,
  type SigningProfile,
  type Warning,
  warning,
} from '@kyso/shared';
import {
  type AppearanceFont,
  extractPageText,
  type PdfDocument,
  type PdfRect,
  type SignatureAppearance,
  type TextLine,
} from '../pdf';
import { checkPng, type ImageCheck } from './image-check';
import { type Issuance, issuanceWidgets, type TextWidget } from './issuance';
import {
  BOX_PADDING,
  placeBelowNumber,
  placeBetweenTitleAndName,
  placeOverSignature,
  placeTopRight,
  previousVisibleSignature,
  textBoxHeight,
} from './placement';

export interface ProfileInput {
  doc: PdfDocument;
  profile: ProfileName;
  options?: ProfileOptions;
  /** The caller's box: it wins over the profile's placement (page index already resolved). */
  explicit?: { pageIndex: number; rect: PdfRect };
  /** No visible box at all (issuance widgets are still written). */
  invisible?: boolean;
  image?: Uint8Array;
  signerName: string;
  organization?: string;
  /** ISO 8601 with +07:00. */
  signedAt: string;
  issuance?: Issuance;
  /** Measures the text lines (boxes that hug their text, number and date in their blanks). */
  font: AppearanceFont;
}

export interface ProfilePlan {
  pageIndex: number;
  rect?: PdfRect;
  appearance?: SignatureAppearance;
  extraWidgets: TextWidget[];
  /** Notes for the user (image without transparency, unexpected colour, …); never a refusal. */
  warnings: Warning[];
  /** The signer named in the document's signer block when it is not the certificate's holder. */
  documentSigner?: string;
}

const DEFAULT_ASPECT = 2;

const COLOUR_VI: Record<string, string> = { blue: 'xanh', red: 'đỏ', black: 'đen', other: 'khác', none: 'không rõ' };

function imageWarnings(rule: SigningProfile, check: ImageCheck | undefined, image: Uint8Array | undefined): Warning[] {
  const out: Warning[] = [];
  if (rule.image.use === 'none' && image) out.push(warning('IMAGE_IGNORED'));
  if (!check || rule.image.use === 'none') return out;
  if (rule.image.transparent && !check.transparent) out.push(warning('IMAGE_NOT_TRANSPARENT'));
  const expected = rule.image.colour;
  if (expected && check.dominant && check.dominant !== expected) {
    const dominant = check.dominant;
    out.push(
      warning('IMAGE_COLOUR_UNEXPECTED', {
        dominant,
        expected,
        dominantVi: COLOUR_VI[dominant] ?? dominant,
        expectedVi: COLOUR_VI[expected] ?? expected,
      }),
    );
  }
  return out;
}

/** dd/MM/yyyy and HH:mm of an ISO 8601 time with +07:00, as the incoming mark writes them. */
function dateAndHour(signedAt: string): { date: string; hour: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(signedAt);
  return match
    ? { date: `${match[3]}/${match[2]}/${match[1]}`, hour: `${match[4]}:${match[5]}` }
    : { date: '', hour: '' };
}

/** The profile's text lines with {number} {time} {date} {hour} {copyType} {organization} {signer} filled in. */
export function profileTextLines(rule: SigningProfile, input: ProfileInput): string[] {
  const options = input.options ?? {};
  if (options.text) return options.text;
  if (!rule.text?.enabledByDefault) return [];
  const copyType = options.copyType ?? COPY_TYPES[0];
  if (!COPY_TYPES.includes(copyType))
    throw new KysoError('INVALID_ARGUMENT', { reason: `unknown copy type '${copyType}'` });
  const values: Record<string, string | undefined> = {
    number: options.number,
    time: input.signedAt,
    copyType,
    organization: input.organization ?? input.signerName,
    signer: input.signerName,
    ...dateAndHour(input.signedAt),
    // Decree 30 Appendix IV: "ĐẾN  Số: …"; the incoming number is the portal's, absent when it gives none.
    received: options.number?.trim() ? `ĐẾN   Số: ${options.number.trim()}` : 'ĐẾN',
  };
  return rule.text.lines.map((line) =>
    line.replace(/\{(\w+)\}/g, (_, key: string) => {
      const value = values[key];
      if (value === undefined) {
        throw new KysoError('INVALID_ARGUMENT', {
          reason: `the "${rule.name}" profile needs a value for {${key}}`,
          profile: rule.name,
        });
      }
      return value;
    }),
  );
}

function textLines(rule: SigningProfile, texts: string[]): TextLine[] {
  const size = rule.text?.sizePt ?? 10;
  const colour = rule.text?.colour ?? [0, 0, 0];
  return texts.map((text) => ({ text, fontSize: size, color: [colour[0], colour[1], colour[2]] }));
}

function textWidth(lines: TextLine[], font: AppearanceFont): number {
  return Math.max(0, ...lines.map((l) => font.textWidth(l.text, l.fontSize))) + 2 * BOX_PADDING + 1;
}

/** Box + appearance of the profile, before the caller's rectangle may replace the box. */
function automaticBox(
  rule: SigningProfile,
  input: ProfileInput,
  lines: TextLine[],
  warnings: Warning[],
  check?: ImageCheck,
): { pageIndex: number; rect: PdfRect; appearance: SignatureAppearance; documentSigner?: string } {
  const image = rule.image.use === 'none' ? undefined : input.image;
  const aspect = check ? check.width / check.height : DEFAULT_ASPECT;
  const placement = rule.placement;
  const size = rule.size;
  if (placement.kind === 'between-title-and-name') {
    const maxWidth = size.kind === 'fit' ? size.maxWidthPt : Number.POSITIVE_INFINITY;
    const found = placeBetweenTitleAndName(input.doc, input.signerName, placement, aspect, maxWidth);
    if (found.documentSigner) {
      warnings.push(
        warning('SIGNER_NOT_CERTIFICATE_HOLDER', { documentSigner: found.documentSigner, holder: input.signerName }),
      );
    }
    return { ...found, appearance: { image, lines } };
  }
  if (placement.kind === 'over-previous-signature') {
    const mm = input.options?.sealMm ?? (size.kind === 'actual-mm' ? size.defaultMm : 36);
    if (!(mm >= SEAL_MM.min && mm <= SEAL_MM.max)) {
      throw new KysoError('INVALID_ARGUMENT', {
        reason: `seal size must be ${SEAL_MM.min}–${SEAL_MM.max} mm, got ${mm}`,
      });
    }
    const sealW = mmToPt(mm);
    const sealH = sealW / aspect;
    const leader = previousVisibleSignature(input.doc);
    const seal = placeOverSignature(leader.rect, sealW, sealH, placement.coverFraction);
    return {
      pageIndex: leader.pageIndex,
      ...withTextBelow(seal, lines, input.font),
      appearance: { image, lines, ...imageRectFor(seal, lines, input.font) },
    };
  }
  if (placement.kind === 'top-right') {
    const page = input.doc.page(0);
    const rect = placeTopRight(
      page,
      textWidth(lines, input.font),
      textBoxHeight(lines.length, rule.text?.sizePt ?? 10),
      placement,
    );
    const covered = coveredText(input.doc, rect);
    if (covered) warnings.push(warning('TEXT_COVERS_PAGE_TEXT', { text: covered }));
    return { pageIndex: 0, rect, appearance: { lines } };
  }
  if (placement.kind === 'below-number') {
    const rect = placeBelowNumber(
      input.doc,
      placement,
      textWidth(lines, input.font),
      textBoxHeight(lines.length, rule.text?.sizePt ?? 10),
    );
    const covered = coveredText(input.doc, rect);
    if (covered) warnings.push(warning('TEXT_COVERS_PAGE_TEXT', { text: covered }));
    return { pageIndex: 0, rect, appearance: { lines } };
  }
  throw new KysoError('PLACEMENT_NOT_FOUND', { profile: rule.name, anchor: 'an explicit rectangle (--rect)' });
}

/** The first line of page 1 the box would hide (a document with a top margin under Decree 30's 20 mm). */
function coveredText(doc: PdfDocument, box: PdfRect): string | undefined {
  const hit = extractPageText(doc, 0).lines.find(
    (l) => l.x < box.x + box.width && l.x + l.width > box.x && l.y < box.y + box.height && l.y + l.height > box.y,
  );
  return hit?.text;
}

/** A seal with text under it: the box grows downwards and sideways, the seal keeps its place and real size. */
function withTextBelow(seal: PdfRect, lines: TextLine[], font: AppearanceFont): { rect: PdfRect } {
  if (lines.length === 0) return { rect: seal };
  const textH = textBoxHeight(lines.length, lines[0]?.fontSize ?? 10);
  const width = Math.max(seal.width, textWidth(lines, font));
  return { rect: { x: seal.x + seal.width / 2 - width / 2, y: seal.y - textH, width, height: seal.height + textH } };
}

function imageRectFor(seal: PdfRect, lines: TextLine[], font: AppearanceFont): { imageRect?: PdfRect } {
  if (lines.length === 0) return {};
  const { rect } = withTextBelow(seal, lines, font);
  return { imageRect: { x: seal.x - rect.x, y: seal.y - rect.y, width: seal.width, height: seal.height } };
}

/**
 * A profile that draws an image but got none: the signer (or organisation) and the signing time as text, so a
 * visible signature is never an empty box (ISO 32000-1 §12.7.4.5: the appearance is all a reader shows).
 */
function textInsteadOfImage(rule: SigningProfile, input: ProfileInput, warnings: Warning[]): string[] {
  const seal = rule.key === 'organization';
  const who = seal ? (input.organization ?? input.signerName) : input.signerName;
  warnings.push(
    warning('IMAGE_MISSING', {
      who,
      imageVi: seal ? 'con dấu' : 'chữ ký tay',
      imageEn: seal ? 'seal' : 'handwritten signature',
    }),
  );
  return [`Ký bởi: ${who}`, `Thời gian ký: ${input.signedAt}`];
}

/** Plans the signature of one profile. PLACEMENT_NOT_FOUND when an anchor is missing; INVALID_ARGUMENT for bad options. */
export function planProfile(input: ProfileInput): ProfilePlan {
  const rule = SIGNING_PROFILES[input.profile];
  const check = input.image && rule.image.use !== 'none' ? checkPng(input.image) : undefined;
  const warnings = imageWarnings(rule, check, input.image);
  const organizationText = input.profile === 'organization' && input.options?.text;
  let texts = organizationText || rule.text?.enabledByDefault ? profileTextLines(rule, input) : [];
  if (!input.invisible && rule.image.use === 'required' && !input.image && texts.length === 0) {
    texts = textInsteadOfImage(rule, input, warnings);
  }
  const lines = textLines(rule, texts);
  const extraWidgets: TextWidget[] = [];
  if (input.issuance) {
    if (!rule.issuance) {
      throw new KysoError('INVALID_ARGUMENT', {
        reason: `number and date are written with the organization profile, not "${rule.name}"`,
      });
    }
    const found = issuanceWidgets(input.doc, input.issuance, input.font);
    extraWidgets.push(...found.widgets);
    warnings.push(...found.warnings);
  }
  if (input.invisible) return { pageIndex: 0, extraWidgets, warnings };
  const image = rule.image.use === 'none' ? undefined : input.image;
  if (input.explicit) {
    return { ...input.explicit, appearance: { image, lines }, extraWidgets, warnings };
  }
  return { ...automaticBox(rule, input, lines, warnings, check), extraWidgets, warnings };
}
