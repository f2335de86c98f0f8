import type { ProgressStage } from '@kyso/shared';

const STAGE_TEXT: Record<ProgressStage, string> = {
  queued: 'Đang chờ token',
  preparing: 'Chuẩn bị văn bản',
  'waiting-for-token': 'Chờ token',
  signing: 'Đang ký trên token',
  verifying: 'Kiểm tra chữ ký',
  done: 'Xong',
};

/** Stage lines with a bar on a terminal (stderr, so stdout stays clean for scripts); silent otherwise. */
export function progressReporter(name: string): ((stage: ProgressStage, percent?: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (stage, percent) => {
    const p = percent ?? (stage === 'done' ? 100 : undefined);
    const bar = p === undefined ? '' : ` [${'#'.repeat(Math.round(p / 5)).padEnd(20, '.')}] ${p}%`;
    process.stderr.write(`\r\x1b[2K${name}: ${STAGE_TEXT[stage]}${bar}${stage === 'done' ? '\n' : ''}`);
  };
}
