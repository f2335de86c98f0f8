/**
 * `npm run fuzz -- [--minutes N] [--seed S] [--libreoffice]`: the PDF mutation fuzzer for as long as asked.
 * Prints cases per second and the distinct failures as it goes; reproducers go to test/artifacts/fuzz/.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type FuzzReport, fuzz } from './harness';
import { makeSeeds } from './seeds';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    seed: { type: 'string', default: String(Date.now() % 100000) },
    libreoffice: { type: 'boolean', default: false },
  },
});
const minutes = Number(values.minutes);
const seed = Number(values.seed);
const reproducerDir = join(import.meta.dirname, '..', 'artifacts', 'fuzz');
const { seeds, names, cleanup } = makeSeeds({ libreOffice: values.libreoffice });
process.stdout.write(`fuzz: seed ${seed}, ${minutes} min, ${seeds.length} seeds (${names.join(', ')})\n`);

const line = (r: FuzzReport) =>
  `fuzz: ${r.cases} cases in ${r.seconds.toFixed(0)} s (${(r.cases / r.seconds).toFixed(2)} cases/s), ` +
  `${r.distinct.size} distinct failures, peak RSS growth ${Math.round(r.peakRssGrowth / 2 ** 20)} MiB\n`;

try {
  const report = await fuzz(
    {
      seeds,
      seed,
      until: Date.now() + minutes * 60_000,
      deadlineMs: 30_000,
      memoryBudgetBytes: 1536 * 2 ** 20,
      reproducerDir,
    },
    (r) => process.stdout.write(line(r)),
  );
  process.stdout.write(line(report));
  const codes = Object.entries(report.codes).sort((a, b) => b[1] - a[1]);
  process.stdout.write(`outcomes: ${codes.map(([k, n]) => `${k}=${n}`).join(' ')}\n`);
  for (const failure of report.distinct.values()) {
    const count = report.failures.filter((f) => f.signature === failure.signature).length;
    process.stdout.write(`FAILURE ×${count} ${failure.signature}\n  reproducer: ${failure.file}\n`);
  }
  process.exitCode = report.distinct.size === 0 ? 0 : 1;
} finally {
  cleanup();
}
