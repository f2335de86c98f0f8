import { describe, expect, it } from 'vitest';
import { requireOwnPage, type Self, tabOfSender } from './senders';

const self: Self = {
  id: 'abcdefghijklmnopabcdefghijklmnop',
  baseUrl: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/',
};
const portalTab = { id: self.id, url: 'https://qlvb.example.gov.vn/van-ban', tab: { id: 7 } };
const dialog = { id: self.id, url: `${self.baseUrl}src/ui/dialog.html?job=1`, tab: { id: 9 } };
const refused = { code: 'ORIGIN_NOT_ALLOWED' };

describe('who sent a message', () => {
  it('takes the page from the sender, and a single-page app address only on the same origin', () => {
    expect(tabOfSender(portalTab, self)).toEqual({ tabId: 7, url: 'https://qlvb.example.gov.vn/van-ban' });
    expect(tabOfSender(portalTab, self, 'https://qlvb.example.gov.vn/van-ban/12#ky')).toEqual({
      tabId: 7,
      url: 'https://qlvb.example.gov.vn/van-ban/12#ky',
    });
    expect(() => tabOfSender(portalTab, self, 'https://evil.example/van-ban')).toThrow(
      expect.objectContaining(refused),
    );
    expect(() => tabOfSender(portalTab, self, 'http://qlvb.example.gov.vn/van-ban')).toThrow(
      expect.objectContaining(refused),
    );
  });

  it('refuses as a portal tab: another extension, our own pages, and a sender without a tab', () => {
    expect(() => tabOfSender({ ...portalTab, id: 'otherextension' }, self)).toThrow(expect.objectContaining(refused));
    expect(() => tabOfSender(dialog, self)).toThrow(expect.objectContaining(refused));
    expect(() => tabOfSender({ id: self.id, url: portalTab.url }, self)).toThrow(expect.objectContaining(refused));
  });

  it("lets only our own pages ask the extension pages' actions, never a content script", () => {
    expect(() => requireOwnPage(dialog, self)).not.toThrow();
    expect(() => requireOwnPage(portalTab, self)).toThrow(expect.objectContaining(refused));
    expect(() => requireOwnPage({ ...dialog, id: 'otherextension' }, self)).toThrow(expect.objectContaining(refused));
    const lookalike = { id: self.id, url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnopx/src/ui/dialog.html' };
    expect(() => requireOwnPage(lookalike, self)).toThrow(expect.objectContaining(refused));
  });
});
