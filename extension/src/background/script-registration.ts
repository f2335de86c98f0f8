/**
 * Content scripts registered at run time follow the recipes and the granted origins: brought up to date at every
 * worker start and whenever the extension is installed, the browser starts, a permission or the settings change.
 * The updates of one set of scripts run one after another (unregister and register together are not atomic).
 */
import browser from 'webextension-polyfill';

export function keepRegistered(name: string, update: () => Promise<void>): void {
  let queue: Promise<void> = Promise.resolve();
  const sync = () => {
    queue = queue.then(update, update).catch((error: unknown) => console.warn(`KySo Bridge: ${name}`, error));
  };
  browser.runtime.onInstalled.addListener(sync);
  browser.runtime.onStartup.addListener(sync);
  browser.permissions.onAdded.addListener(sync);
  browser.permissions.onRemoved.addListener(sync);
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'local' || area === 'managed') sync();
  });
  sync();
}
