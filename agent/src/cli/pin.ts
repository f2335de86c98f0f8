import { KysoError } from '@kyso/shared';

/**
 * The PIN for one login: KYSO_PIN (scripts, tests) or a hidden prompt on a terminal. Never from argv, where
 * every user of the machine can read it. The caller's login zeroes the returned buffer.
 */
export async function readPin(prompt: string): Promise<Buffer> {
  const fromEnv = process.env.KYSO_PIN;
  if (fromEnv !== undefined) return Buffer.from(fromEnv, 'utf8');
  if (!process.stdin.isTTY) throw new KysoError('PIN_REQUIRED', { reason: 'no KYSO_PIN and no terminal to ask on' });
  return promptHidden(prompt);
}

function promptHidden(prompt: string): Promise<Buffer> {
  return new Promise((resolvePin, reject) => {
    const stdin = process.stdin;
    const chunks: number[] = [];
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    const done = (error?: KysoError) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) {
        chunks.fill(0);
        reject(error);
      } else {
        const pin = Buffer.from(chunks);
        chunks.fill(0);
        resolvePin(pin);
      }
    };
    const onData = (data: Buffer) => {
      for (const byte of data) {
        if (byte === 0x0d || byte === 0x0a) return done();
        if (byte === 0x03) return done(new KysoError('CANCELLED', { reason: 'Ctrl-C at the PIN prompt' }));
        if (byte === 0x7f || byte === 0x08) chunks.pop();
        else chunks.push(byte);
      }
      data.fill(0);
    };
    stdin.on('data', onData);
  });
}
