/**
 * One fuzz case: the operations a page or a user can ask of the agent for a document — open and read it, plan a
 * profile's placement, verify it, sign it and write the output atomically — each checked against the promises:
 * an error is a KysoError with a stable code (never INTERNAL, never another exception), and no output file exists
 * after an error.
 */
import { existsSync, rmSync } from 'node:fs';
import { KysoError, type Signer } from '@kyso/shared';
import { openPdf } from '../../agent/src/pdf';
import {
  type AppearanceFont,
  planDocument,
  signDocument,
  verifyDocument,
  writeFileAtomically,
} from '../../agent/src/signing';

export type Outcome =
  | { op: string; code: string }
  | { op: string; failure: 'internal' | 'crash' | 'output-on-error'; detail: string };

async function checked(op: string, run: () => Promise<unknown> | unknown, outcomes: Outcome[]): Promise<void> {
  try {
    await run();
    outcomes.push({ op, code: 'OK' });
  } catch (error) {
    if (!(error instanceof KysoError)) {
      outcomes.push({ op, failure: 'crash', detail: String((error as Error)?.stack ?? error).slice(0, 600) });
    } else if (error.code === 'INTERNAL') {
      outcomes.push({ op, failure: 'internal', detail: JSON.stringify(error.details).slice(0, 600) });
    } else outcomes.push({ op, code: error.code });
  }
}

export async function runCase(
  bytes: Uint8Array,
  signer: Signer,
  output: string,
  appearanceFont: AppearanceFont,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  await checked(
    'read',
    () => {
      const doc = openPdf(bytes);
      doc.page(0);
      doc.page(doc.pageCount - 1);
      doc.signatures();
    },
    outcomes,
  );
  await checked(
    'plan',
    () =>
      planDocument(
        {
          document: bytes,
          params: { document: { blob: 'd', name: 'd.pdf' }, profile: 'leader', signerName: 'Nguyễn Văn An' },
        },
        appearanceFont,
      ),
    outcomes,
  );
  await checked('verify', () => verifyDocument(bytes), outcomes);
  rmSync(output, { force: true });
  const before = outcomes.length;
  await checked(
    'sign',
    async () => {
      const signed = await signDocument(
        {
          document: bytes,
          signer,
          placement: { pageIndex: 0 },
          appearance: { lines: ['Ký bởi: Nguyễn Văn An'] },
        },
        appearanceFont,
      );
      writeFileAtomically(output, signed.parts);
    },
    outcomes,
  );
  const sign = outcomes[before]!;
  if ('code' in sign && sign.code !== 'OK' && existsSync(output)) {
    outcomes.push({ op: 'sign', failure: 'output-on-error', detail: `${sign.code} but ${output} exists` });
  }
  return outcomes;
}
