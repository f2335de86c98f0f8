/**
 * A token that holds only the signer's certificate, whose caIssuers address does not answer, and an agent with no
 * chainCertificates: the document is signed and uploaded, and the dialog's result says, in Vietnamese, that the
 * signature lacks its issuer's certificate (CHAIN_INCOMPLETE) and what to do.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WARNING_TEXTS } from '@kyso/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chooseCertificate, openSignDialog, signInDialog } from './dialog';
import { artifactPath } from './harness';
import { type Scenario, startScenario } from './scenario';

let scenario: Scenario;

beforeAll(async () => {
  // A port nothing listens on: taken, then released.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const unreachable = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  scenario = await startScenario({
    token: { caIssuers: { rsa: `http://127.0.0.1:${unreachable}/issuing-ca.crt` } },
    agent: { chainCertificates: [] },
    images: ['signature'],
  });
});
afterAll(async () => scenario?.close());

it('signs, uploads and shows the CHAIN_INCOMPLETE warning in the dialog result', async () => {
  const { browser, page, token, portal } = scenario;
  const dialog = await openSignDialog(browser, page, 'tr[data-doc-id="qd-125"]');
  await chooseCertificate(dialog, token.keys.rsa.commonName);
  const { result } = await signInDialog(dialog, token.pin, 90_000);
  expect(result).toContain('Đã ký số thành công');
  const expected = WARNING_TEXTS.CHAIN_INCOMPLETE.vi.replace('{issuer}', 'KySo Test Issuing CA');
  expect(result).toContain(expected);
  expect(await dialog.$eval('#result', (el) => (el as HTMLElement).dataset.warnings)).toBe('CHAIN_INCOMPLETE');
  await dialog.setViewport({ width: 1366, height: 768 });
  await dialog.$eval('#result', (el) => el.scrollIntoView({ block: 'center' }));
  await dialog.screenshot({ path: artifactPath('dialog-chain-incomplete.png') });
  expect(await portal.uploads()).toHaveLength(1);
});
