/** `kyso-agent journal [--since ISO-DATE] [--json] [--config FILE]`: the signing journal, oldest first. */

import { KysoError } from '@kyso/shared';
import { loadConfigForCommand } from '../config';
import { readJournal } from '../journal';
import { JOURNAL } from './commands';
import { parseCommand } from './options';

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommand(JOURNAL, args);
  const since = values.since === undefined ? undefined : new Date(values.since);
  if (since && Number.isNaN(since.getTime())) throw new KysoError('INVALID_ARGUMENT', { since: values.since });
  const loaded = loadConfigForCommand({ userFile: values.config });
  if (!loaded) return 1;
  const { config } = loaded;
  const entries = await readJournal(config.journal.dir, { since, maxFiles: config.journal.maxFiles });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  for (const e of entries) {
    const who = e.certificate ? `${e.certificate.subject} #${e.certificate.serial}` : '-';
    const outcome = e.result === 'signed' ? 'signed' : `${e.result} ${e.error ?? ''}`.trim();
    process.stdout.write(
      `${e.time}  ${outcome}  ${e.document}  origin=${e.origin}  cert=${who}  sha256=${e.sha256Before.slice(0, 16)}…→${e.sha256After?.slice(0, 16) ?? '-'}\n`,
    );
  }
  return 0;
}
