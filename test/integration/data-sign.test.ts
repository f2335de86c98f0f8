/**
 * `data.sign` with the real SoftHSM token: the CAdES signature over a Vietnamese opinion's UTF-8 bytes is checked
 * by openssl against the signer's certificate and the test CA (detached with the text as content, and attached);
 * the wrong text does not verify; a wrong PIN and an oversized text are refused; only the hash is journaled.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type CertificateSummary, DATA_SIGN_MAX_CHARS, type DataSignResult } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../agent/src/journal';
import { type AgentUnderTest, type RpcFailure, startTestAgent, TestClient } from './server-harness';

const run = promisify(execFile);
let agent: AgentUnderTest;
let client: TestClient;
let cert: CertificateSummary;

const OPINION = 'Đồng ý với đề xuất của Phòng Tài chính — Kế hoạch. Giao Văn phòng theo dõi, báo cáo trước 15/12.';

beforeAll(async () => {
  agent = await startTestAgent({ withToken: true });
  client = await TestClient.connect(agent.server.url);
  const { certificates } = await client.request<{ certificates: CertificateSummary[] }>('certificates.list', {});
  cert = certificates.find((c) => c.id === agent.token!.keys.rsa.idHex)!;
});
afterAll(async () => {
  await client?.close();
  await agent?.stop();
});

function sign(content: string, extra: Record<string, unknown> = {}): Promise<DataSignResult> {
  const certificate = { token: cert.token, id: cert.id };
  return client.request<DataSignResult>('data.sign', { certificate, pin: agent.token!.pin, content, ...extra });
}

/** `openssl cms -verify` with the test root as trust anchor and the signer certificate from the answer. */
async function opensslVerify(result: DataSignResult, name: string, content?: string): Promise<string> {
  const dir = agent.dir;
  const sig = join(dir, `${name}.p7s`);
  const signer = join(dir, `${name}-signer.der`);
  await writeFile(sig, Buffer.from(result.signature, 'base64'));
  await writeFile(signer, Buffer.from(result.certificate, 'base64'));
  const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-CAfile', agent.token!.rootPath];
  args.push('-certfile', agent.token!.intermediatePath, '-purpose', 'any');
  if (content !== undefined) {
    const file = join(dir, `${name}.txt`);
    await writeFile(file, content, 'utf8');
    args.push('-content', file);
  }
  const { stdout } = await run('openssl', args, { encoding: 'buffer' });
  // The signer in the answer is the one in the CMS (its DER equals the token's certificate).
  expect(Buffer.from(result.certificate, 'base64').equals(agent.token!.keys.rsa.certDer)).toBe(true);
  return stdout.toString('utf8');
}

describe('data.sign', () => {
  it('signs the UTF-8 bytes detached; openssl verifies it with the text and rejects another text', async () => {
    const result = await sign(OPINION);
    expect(result).toMatchObject({ signer: 'Nguyễn Văn An', attached: false });
    expect(result.signedAt).toMatch(/\+07:00$/);
    expect(await opensslVerify(result, 'detached', OPINION)).toBe(OPINION);
    await expect(opensslVerify(result, 'tampered', OPINION.replace('15/12', '16/12'))).rejects.toThrow();
  });

  it('carries the text when attached, and openssl gives back exactly that text', async () => {
    const result = await sign(OPINION, { attached: true });
    expect(result.attached).toBe(true);
    expect(await opensslVerify(result, 'attached')).toBe(OPINION);
  });

  it('refuses a wrong PIN and a text over the limit, and journals only the hash', async () => {
    const wrong = await sign('x', { pin: '000000' }).catch((e: RpcFailure) => e);
    expect((wrong as RpcFailure).data.code).toBe('PIN_INCORRECT');
    const big = await sign('a'.repeat(DATA_SIGN_MAX_CHARS + 1)).catch((e: RpcFailure) => e);
    expect((big as RpcFailure).data.code).toBe('INVALID_REQUEST');
    const journal = JSON.stringify(await readJournal(agent.journalDir));
    expect(journal).toContain('data.sign');
    expect(journal).not.toContain('Tài chính');
    expect(journal).not.toContain(agent.token!.pin);
  });
});
