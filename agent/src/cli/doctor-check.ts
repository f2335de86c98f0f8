/** One line of `kyso-agent doctor`: what was checked, how it went, and the bilingual text that says so. */
export type Status = 'ok' | 'warn' | 'fail';

export interface Check {
  id: string;
  status: Status;
  message: { vi: string; en: string };
  details?: Record<string, unknown>;
}
