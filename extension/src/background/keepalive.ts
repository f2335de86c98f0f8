/**
 * Keeps the MV3 worker alive for the length of an operation. Chromium stops an idle worker ~30 s after its last
 * event and an idle WebSocket does not count, while any extension API call resets the timer; so one call every
 * 20 s while work is pending. Nested operations share one timer.
 */
import browser from 'webextension-polyfill';

const HEARTBEAT_MS = 20_000;
let active = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export async function withKeepAlive<T>(work: () => Promise<T>): Promise<T> {
  active++;
  timer ??= setInterval(() => void browser.runtime.getPlatformInfo(), HEARTBEAT_MS);
  try {
    return await work();
  } finally {
    active--;
    if (active === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  }
}
