import { ERROR_TEXTS } from '@kyso/shared';
import { describe, expect, it } from 'vitest';
import { lostReplyError } from './lost-reply';

describe('a reply lost to a worker restart', () => {
  it("shows a coded Vietnamese text saying what to do instead of Chromium's English one", () => {
    const chromium = [
      'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
      'The message port closed before a response was received.',
      'Extension context invalidated.',
      'Could not establish connection. Receiving end does not exist.',
    ];
    for (const text of chromium) {
      const error = lostReplyError(new Error(text), 'job.sign');
      expect(error.code, text).toBe('EXTENSION_RESTARTED');
      expect(error.message).toBe(ERROR_TEXTS.EXTENSION_RESTARTED.vi);
      expect(error.details).toMatchObject({ action: 'job.sign' });
    }
    expect(ERROR_TEXTS.EXTENSION_RESTARTED.vi).toContain('Ký số');
  });

  it('keeps any other failure INTERNAL, with its text for the log', () => {
    const error = lostReplyError(new TypeError('cyclic object value'), 'batch.run');
    expect(error).toMatchObject({ code: 'INTERNAL', details: { action: 'batch.run', cause: 'cyclic object value' } });
  });
});
