/**
 * The mutation fuzzer inside the suite: a fixed seed and a fixed number of cases (deterministic, about a minute
 * on two cores), over documents from Ghostscript, qpdf and MuPDF. Every case must end in a result or a stable
 * code, within its deadline and memory budget, and never leave an output file after an error.
 * `npm run fuzz -- --minutes N` runs the same loop longer with new seeds.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fuzz } from './harness';
import { makeSeeds } from './seeds';

let seeds: ReturnType<typeof makeSeeds>;
beforeAll(() => {
  seeds = makeSeeds();
});
afterAll(() => seeds?.cleanup());

it('400 mutated real-producer PDFs: no hang, no crash, no INTERNAL, no output on error, memory bounded', async () => {
  const report = await fuzz({
    seeds: seeds.seeds,
    seed: 20261201,
    cases: 400,
    deadlineMs: 30_000,
    memoryBudgetBytes: 1536 * 2 ** 20,
  });
  expect(report.cases).toBe(400);
  expect([...report.distinct.values()].map((f) => `${f.signature} (case ${f.caseIndex}): ${f.detail}`)).toEqual([]);
  // The cases reach past the header: some are refused for what is inside, some still sign.
  expect(report.codes['sign:OK'] ?? 0).toBeGreaterThan(0);
  expect(report.codes['read:PDF_MALFORMED'] ?? 0).toBeGreaterThan(0);
}, 300_000);
