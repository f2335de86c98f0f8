/**
 * Simple-font encodings (ISO 32000-1 §9.6.6, Annex D): WinAnsiEncoding, StandardEncoding (its ASCII part),
 * /Differences glyph names. Glyph names resolve through the Adobe Glyph List conventions: `uniXXXX`, `uXXXX[XX]`,
 * the Latin-1 names, and accented Latin letters named base + accents ("Acircumflexacute", "ohorn", "dcroat"),
 * which covers every Vietnamese letter.
 */

const ASCII_NAMES =
  'space exclam quotedbl numbersign dollar percent ampersand quotesingle parenleft parenright asterisk plus comma ' +
  'hyphen period slash zero one two three four five six seven eight nine colon semicolon less equal greater ' +
  'question at A B C D E F G H I J K L M N O P Q R S T U V W X Y Z bracketleft backslash bracketright asciicircum ' +
  'underscore grave a b c d e f g h i j k l m n o p q r s t u v w x y z braceleft bar braceright asciitilde';

/** WinAnsi 0x80–0x9F (Annex D.2); the rest of WinAnsi is Latin-1. */
const WIN_ANSI_HIGH: [number, number, string][] = [
  [0x80, 0x20ac, 'Euro'],
  [0x82, 0x201a, 'quotesinglbase'],
  [0x83, 0x0192, 'florin'],
  [0x84, 0x201e, 'quotedblbase'],
  [0x85, 0x2026, 'ellipsis'],
  [0x86, 0x2020, 'dagger'],
  [0x87, 0x2021, 'daggerdbl'],
  [0x88, 0x02c6, 'circumflex'],
  [0x89, 0x2030, 'perthousand'],
  [0x8a, 0x0160, 'Scaron'],
  [0x8b, 0x2039, 'guilsinglleft'],
  [0x8c, 0x0152, 'OE'],
  [0x8e, 0x017d, 'Zcaron'],
  [0x91, 0x2018, 'quoteleft'],
  [0x92, 0x2019, 'quoteright'],
  [0x93, 0x201c, 'quotedblleft'],
  [0x94, 0x201d, 'quotedblright'],
  [0x95, 0x2022, 'bullet'],
  [0x96, 0x2013, 'endash'],
  [0x97, 0x2014, 'emdash'],
  [0x98, 0x02dc, 'tilde'],
  [0x99, 0x2122, 'trademark'],
  [0x9a, 0x0161, 'scaron'],
  [0x9b, 0x203a, 'guilsinglright'],
  [0x9c, 0x0153, 'oe'],
  [0x9e, 0x017e, 'zcaron'],
  [0x9f, 0x0178, 'Ydieresis'],
];

const LATIN1_SYMBOL_NAMES =
  'nbspace exclamdown cent sterling currency yen brokenbar section dieresis copyright ordfeminine guillemotleft ' +
  'logicalnot hyphen registered macron degree plusminus twosuperior threesuperior acute mu paragraph ' +
  'periodcentered cedilla onesuperior ordmasculine guillemotright onequarter onehalf threequarters questiondown';

const EXTRA_NAMES: [string, number][] = [
  ['AE', 0xc6],
  ['ae', 0xe6],
  ['Eth', 0xd0],
  ['eth', 0xf0],
  ['Oslash', 0xd8],
  ['oslash', 0xf8],
  ['Thorn', 0xde],
  ['thorn', 0xfe],
  ['germandbls', 0xdf],
  ['multiply', 0xd7],
  ['divide', 0xf7],
  ['Dcroat', 0x110],
  ['dcroat', 0x111],
  ['Dslash', 0x110],
  ['dmacron', 0x111],
  ['dotlessi', 0x131],
  ['fi', 0xfb01],
  ['fl', 0xfb02],
  ['minus', 0x2212],
  ['quotesingle', 0x27],
  ['grave', 0x60],
  ['space', 0x20],
  ['nonbreakingspace', 0xa0],
];

/** Combining marks used by Vietnamese and Latin-1 letters, by their AGL accent names. */
const MARK_NAMES = new Map<number, string>([
  [0x300, 'grave'],
  [0x301, 'acute'],
  [0x302, 'circumflex'],
  [0x303, 'tilde'],
  [0x304, 'macron'],
  [0x306, 'breve'],
  [0x308, 'dieresis'],
  [0x309, 'hookabove'],
  [0x30a, 'ring'],
  [0x30c, 'caron'],
  [0x31b, 'horn'],
  [0x323, 'dotbelow'],
  [0x327, 'cedilla'],
]);

let glyphNames: Map<string, string> | undefined;
let winAnsi: string[] | undefined;

function accentedLetterNames(into: Map<string, string>): void {
  const ranges: [number, number][] = [
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ];
  for (const [from, to] of ranges) {
    for (let cp = from; cp <= to; cp++) {
      const char = String.fromCodePoint(cp);
      const [base, ...marks] = [...char.normalize('NFD')];
      if (!base || marks.length === 0 || marks.length > 2) continue;
      const names = marks.map((m) => MARK_NAMES.get(m.codePointAt(0) ?? 0));
      if (names.some((n) => n === undefined)) continue;
      into.set(base + names.join(''), char);
      // AGL names "Acircumflexdotbelow" where canonical order puts the dot below first.
      if (names.length === 2) into.set(base + names[1] + names[0], char);
    }
  }
}

function buildGlyphNames(): Map<string, string> {
  const map = new Map<string, string>();
  for (const [i, name] of ASCII_NAMES.split(' ').entries()) map.set(name, String.fromCharCode(0x20 + i));
  for (const [, cp, name] of WIN_ANSI_HIGH) map.set(name, String.fromCodePoint(cp));
  LATIN1_SYMBOL_NAMES.split(' ').forEach((name, i) => {
    if (!map.has(name)) map.set(name, String.fromCharCode(0xa0 + i));
  });
  accentedLetterNames(map);
  for (const [name, cp] of EXTRA_NAMES) map.set(name, String.fromCodePoint(cp));
  return map;
}

/** Unicode text of a glyph name, or undefined when unknown (Adobe Glyph List rules, simplified). */
export function glyphNameToUnicode(name: string): string | undefined {
  glyphNames ??= buildGlyphNames();
  const known = glyphNames.get(name);
  if (known !== undefined) return known;
  const base = name.split('.')[0] ?? name; // "a.sc", "one.oldstyle"
  if (base !== name) return glyphNameToUnicode(base);
  const uni = /^uni([0-9A-Fa-f]{4})+$/.exec(name);
  if (uni) return String.fromCharCode(...(name.slice(3).match(/.{4}/g) ?? []).map((h) => Number.parseInt(h, 16)));
  const u = /^u([0-9A-Fa-f]{4,6})$/.exec(name);
  if (u?.[1]) {
    const cp = Number.parseInt(u[1], 16);
    if (cp <= 0x10ffff) return String.fromCodePoint(cp);
  }
  return undefined;
}

/** The 256 entries of a base encoding: WinAnsi (Annex D.2) or the ASCII part of Standard. */
export function baseEncoding(name: string | undefined): string[] {
  if (!winAnsi) {
    winAnsi = Array.from({ length: 256 }, (_, code) =>
      code >= 0x20 && code !== 0x7f ? String.fromCharCode(code) : '',
    );
    for (let code = 0x80; code < 0xa0; code++) winAnsi[code] = '';
    for (const [code, cp] of WIN_ANSI_HIGH) winAnsi[code] = String.fromCodePoint(cp);
  }
  if (name === 'StandardEncoding') {
    const standard = winAnsi.map((c, code) => (code < 0x7f ? c : ''));
    standard[0x27] = '\u2019';
    standard[0x60] = '\u2018';
    return standard;
  }
  return [...winAnsi];
}
