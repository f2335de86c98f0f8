/**
 * The fuzz worker thread: runs cases one after another as the host sends them, so a case that hangs or
 * exhausts memory takes down this thread only (the host terminates it and starts another).
 */
import { createPrivateKey, constants as cryptoConstants, privateEncrypt } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { Signer } from '@kyso/shared';
import { bundledAppearanceFont } from '../../agent/src/cli/bundled-font';
import { runCase } from './case-runner';

export interface FuzzWorkerData {
  keyPem: string;
  certificate: Uint8Array;
  chain: Uint8Array[];
  output: string;
}

/** DigestInfo prefix of SHA-256 (RFC 8017 §9.2 note 1): PKCS#1 v1.5 over a digest computed elsewhere. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

const data = workerData as FuzzWorkerData;
/** This worker is an esbuild bundle (harness.ts), which carries the font as the agent's bundles do. */
const appearanceFont = bundledAppearanceFont();
const key = createPrivateKey(data.keyPem);
const signer: Signer = {
  certificate: data.certificate,
  chain: data.chain,
  scheme: 'RSASSA-PKCS1-v1_5',
  signDigest: async (digest) =>
    new Uint8Array(
      privateEncrypt({ key, padding: cryptoConstants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest])),
    ),
};

parentPort?.on('message', async (message: { id: number; bytes: Uint8Array }) => {
  const outcomes = await runCase(message.bytes, signer, data.output, appearanceFont);
  parentPort?.postMessage({ id: message.id, outcomes });
});
