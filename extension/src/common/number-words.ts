/**
 * A count in words beside its digits ("3 (ba)"), as Vietnamese administrative texts write amounts: the batch
 * review's button says how many documents one PIN signs in a form a padded list cannot hide behind a digit.
 * Vietnamese reading rules: "linh" for a zero ten after hundreds, "mười" for 10–19, "mươi" for the other tens,
 * "mốt" for a 1 after "mươi", "lăm" for a 5 after any ten, "tư" for a 4 after "mươi".
 */

const VI_DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
const EN_SMALL = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** 0–999 in Vietnamese; `full` when a higher group comes before (so 5 reads "không trăm linh năm"). */
function viHundreds(n: number, full: boolean): string[] {
  const [h, t, u] = [Math.floor(n / 100), Math.floor(n / 10) % 10, n % 10];
  const words: string[] = [];
  if (h > 0 || full) words.push(VI_DIGITS[h] as string, 'trăm');
  if (t === 0) {
    if (u > 0 && words.length > 0) words.push('linh');
    if (u > 0 || words.length === 0) words.push(VI_DIGITS[u] as string);
    return words;
  }
  words.push(t === 1 ? 'mười' : `${VI_DIGITS[t]} mươi`);
  if (u === 1 && t > 1) words.push('mốt');
  else if (u === 5) words.push('lăm');
  else if (u === 4 && t > 1) words.push('tư');
  else if (u > 0) words.push(VI_DIGITS[u] as string);
  return words;
}

export function vietnameseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1_000_000) return String(n);
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  if (thousands === 0) return viHundreds(rest, false).join(' ');
  const words = [...viHundreds(thousands, false), 'nghìn'];
  if (rest > 0) words.push(...viHundreds(rest, true));
  return words.join(' ');
}

function enHundreds(n: number): string {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const tens =
    rest < 20
      ? (EN_SMALL[rest] as string)
      : `${EN_TENS[Math.floor(rest / 10)]}${rest % 10 ? `-${EN_SMALL[rest % 10]}` : ''}`;
  if (h === 0) return tens;
  return rest === 0 ? `${EN_SMALL[h]} hundred` : `${EN_SMALL[h]} hundred and ${tens}`;
}

export function englishNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1_000_000) return String(n);
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  if (thousands === 0) return enHundreds(rest);
  return rest === 0 ? `${enHundreds(thousands)} thousand` : `${enHundreds(thousands)} thousand ${enHundreds(rest)}`;
}

/** "3 (ba)" / "3 (three)". */
export function countInWords(n: number, lang: 'vi' | 'en'): string {
  const words = lang === 'vi' ? vietnameseNumber(n) : englishNumber(n);
  return words === String(n) ? words : `${n} (${words})`;
}
