import { describe, expect, it } from 'vitest';
import { countInWords, englishNumber, vietnameseNumber } from './number-words';

describe('counts in words', () => {
  it('reads Vietnamese numbers the way administrative texts write them', () => {
    const cases: [number, string][] = [
      [0, 'không'],
      [1, 'một'],
      [3, 'ba'],
      [10, 'mười'],
      [11, 'mười một'],
      [15, 'mười lăm'],
      [20, 'hai mươi'],
      [21, 'hai mươi mốt'],
      [24, 'hai mươi tư'],
      [25, 'hai mươi lăm'],
      [40, 'bốn mươi'],
      [100, 'một trăm'],
      [101, 'một trăm linh một'],
      [105, 'một trăm linh năm'],
      [110, 'một trăm mười'],
      [114, 'một trăm mười bốn'],
      [1000, 'một nghìn'],
      [1005, 'một nghìn không trăm linh năm'],
      [2024, 'hai nghìn không trăm hai mươi tư'],
    ];
    for (const [n, words] of cases) expect(vietnameseNumber(n), String(n)).toBe(words);
  });

  it('reads English numbers', () => {
    expect(englishNumber(3)).toBe('three');
    expect(englishNumber(40)).toBe('forty');
    expect(englishNumber(41)).toBe('forty-one');
    expect(englishNumber(115)).toBe('one hundred and fifteen');
    expect(englishNumber(2000)).toBe('two thousand');
  });

  it('writes the digits with the words', () => {
    expect(countInWords(3, 'vi')).toBe('3 (ba)');
    expect(countInWords(39, 'en')).toBe('39 (thirty-nine)');
    // Out of range or not a count: the digits alone, never wrong words.
    expect(countInWords(-1, 'vi')).toBe('-1');
  });
});
