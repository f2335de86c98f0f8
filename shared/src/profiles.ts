/**
 * Signing profiles as data (Decree 30/2020/NĐ-CP, Appendix I: where signatures, seals, numbers and dates go).
 * Changing a rule — a title, a margin, a text template, the default seal size — is a change of this table, not of
 * the code that applies it (agent/src/signing/profiles.ts).
 */
import { z } from 'zod';

/** The signing profiles a request may name (protocol.ts uses this schema; the table below describes each). */
export const profileName = z.enum(['leader', 'organization', 'appendix', 'copy', 'income', 'custom']);
export type ProfileName = z.infer<typeof profileName>;

/** Where the signature goes when the caller gives no rectangle. */
export type PlacementRule =
  /** Centred between the signer block's last title line and the signer's name, found by text (Appendix I §II.a). */
  | { kind: 'between-title-and-name'; page: 'last'; titles: string[]; minGapPt: number; paddingPt: number }
  /** Over the left part of the last visible signature already in the file (Appendix I §II.b: about 1/3, left). */
  | { kind: 'over-previous-signature'; coverFraction: number }
  /** A text block at the top right of page 1 (Appendix I §II.c, §II.d). */
  | { kind: 'top-right'; page: 'first'; topMm: number; rightMm: number }
  /**
   * Under the number-and-symbol line ("Số: …") of page 1, found by text, and under the summary of a công văn
   * ("V/v …") that continues it: where the incoming-document mark goes (Decree 30/2020, Appendix IV, dấu "ĐẾN").
   */
  | { kind: 'below-number'; page: 'first'; anchors: string[]; gapPt: number }
  /** The caller must give the rectangle. */
  | { kind: 'explicit' };

export type SizeRule =
  /** The image's height fills the room found; the width follows the image's aspect ratio, capped. */
  | { kind: 'fit'; maxWidthPt: number }
  /** Real size: width in mm (pt = mm × 72 / 25.4), overridable per call (the seal's real diameter). */
  | { kind: 'actual-mm'; defaultMm: number }
  /** The box hugs its text. */
  | { kind: 'text' };

export interface ImageRule {
  use: 'required' | 'none' | 'optional';
  /** Dominant colour expected of the visible strokes (a warning, never a refusal). */
  colour?: 'blue' | 'red';
  /** A transparent background is expected (a warning when absent). */
  transparent: boolean;
}

export interface TextRule {
  /**
   * One entry per line; placeholders: {number} {time} {date} (dd/MM/yyyy) {hour} (HH:mm) {copyType} {organization}
   * {signer} {received} ("ĐẾN", with "Số: …" when the incoming number is given).
   */
  lines: string[];
  /** 'Times New Roman' metrics: drawn with the system TNR or the shipped Liberation Serif. */
  font: 'Times New Roman';
  sizePt: number;
  /** RGB 0..1. */
  colour: [number, number, number];
  /** Off-by-default text (the organisation's name + time next to a seal, Circular 01/2019). */
  enabledByDefault: boolean;
}

export interface SigningProfile {
  name: ProfileName;
  /** Which certificate signs: the competent person's own, or the organisation's. */
  key: 'personal' | 'organization';
  image: ImageRule;
  size: SizeRule;
  placement: PlacementRule;
  text?: TextRule;
  /** Profiles whose signature must already be in the file ([] = may come first). */
  follows: ProfileName[];
  /** May write the document number and issue date (the clerk's step) in the same update. */
  issuance: boolean;
}

/** Text in Times New Roman 10 pt, black (Appendix I); times are ISO 8601 with +07:00. */
function times10ptBlack(lines: string[], enabledByDefault: boolean): TextRule {
  return { font: 'Times New Roman', sizePt: 10, colour: [0, 0, 0], lines, enabledByDefault };
}

/** A text-only mark of the organisation on page 1: no image, a box that hugs its text, may come first. */
function organizationTextMark(name: ProfileName, placement: PlacementRule, lines: string[]): SigningProfile {
  return {
    name,
    key: 'organization',
    image: { use: 'none', transparent: true },
    size: { kind: 'text' },
    placement,
    text: times10ptBlack(lines, true),
    follows: [],
    issuance: false,
  };
}

export const SIGNING_PROFILES: Record<ProfileName, SigningProfile> = {
  leader: {
    name: 'leader',
    key: 'personal',
    image: { use: 'required', colour: 'blue', transparent: true },
    size: { kind: 'fit', maxWidthPt: 220 },
    placement: {
      kind: 'between-title-and-name',
      page: 'last',
      // Titles of the signer block (Appendix I, "quyền hạn, chức vụ của người ký"); any upper-case line also counts.
      titles: [
        'TM.',
        'KT.',
        'TL.',
        'TUQ.',
        'Q.',
        'CHỦ TỊCH',
        'PHÓ CHỦ TỊCH',
        'GIÁM ĐỐC',
        'PHÓ GIÁM ĐỐC',
        'BỘ TRƯỞNG',
        'THỨ TRƯỞNG',
        'CHÁNH VĂN PHÒNG',
        'TRƯỞNG PHÒNG',
        'HIỆU TRƯỞNG',
        'TỔNG GIÁM ĐỐC',
        'THỦ TRƯỞNG',
      ],
      minGapPt: 24,
      paddingPt: 3,
    },
    follows: [],
    issuance: false,
  },
  organization: {
    name: 'organization',
    key: 'organization',
    image: { use: 'required', colour: 'red', transparent: true },
    size: { kind: 'actual-mm', defaultMm: 36 },
    placement: { kind: 'over-previous-signature', coverFraction: 1 / 3 },
    text: times10ptBlack(['{organization}', '{time}'], false),
    follows: ['leader'],
    issuance: true,
  },
  appendix: organizationTextMark('appendix', { kind: 'top-right', page: 'first', topMm: 5, rightMm: 15 }, [
    '{organization}',
    'Số: {number}',
    '{time}',
  ]),
  copy: organizationTextMark('copy', { kind: 'top-right', page: 'first', topMm: 5, rightMm: 15 }, [
    '{copyType}',
    '{organization}',
    '{time}',
  ]),
  /**
   * The clerk's incoming-document mark (Decree 30/2020 Art. 22 and Appendix IV, mẫu dấu "ĐẾN"): the receiving
   * organisation, "ĐẾN", the incoming number when the portal gives one, the date and time of receipt; under the
   * number and symbol of the received document, signed with the organisation's certificate.
   */
  income: organizationTextMark('income', { kind: 'below-number', page: 'first', anchors: ['Số:', 'Số '], gapPt: 6 }, [
    '{organization}',
    '{received}',
    'Ngày: {date}   Giờ: {hour}',
  ]),
  custom: {
    name: 'custom',
    key: 'personal',
    image: { use: 'optional', transparent: true },
    size: { kind: 'fit', maxWidthPt: 400 },
    placement: { kind: 'explicit' },
    follows: [],
    issuance: false,
  },
};

/** The three forms of an electronic copy (Decree 30, Art. 25; Appendix I §II.d). */
export const COPY_TYPES = ['SAO Y', 'SAO LỤC', 'TRÍCH SAO'] as const;
export type CopyType = (typeof COPY_TYPES)[number];

/** Per-call choices a profile leaves open. */
export interface ProfileOptions {
  /** The seal's real width/diameter in mm (organization). */
  sealMm?: number;
  copyType?: CopyType;
  /** Number and code of the document (appendix text). */
  number?: string;
  /** Replaces the profile's text lines (one entry per line); for `organization` also turns the text on. */
  text?: string[];
}

export function mmToPt(mm: number): number {
  return (mm * 72) / 25.4;
}
