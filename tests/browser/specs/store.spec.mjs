// The phone's store keeps what a family holds: the first release's image opens with its cards,
// an unreadable one is kept aside and the holder told, a failed save is shown and retried, two
// tabs never overwrite each other's cards, and the card shows before the catalogue has opened.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { BASE, addCard, images, issueCard, putImage, settled, waitForOfflineShell } from './helpers.mjs';

const RELEASE_1 = readFileSync(
  new URL('../../../crates/client/tests/fixtures/store-release-1.sqlite', import.meta.url),
);

test('a store saved by the first release opens with its cards, favourite and chosen card', async ({ page }) => {
  await putImage(page, 'aktivitetskortet', RELEASE_1);
  await page.goto(`${BASE()}/`);
  const switcher = page.getByRole('group', { name: 'Velg hvilket kort som vises' });
  await expect(switcher.getByRole('button')).toHaveText(['Mariia', 'Taras']);
  await expect(switcher.getByRole('button', { name: 'Taras' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('link', { name: 'Favoritter' }).click();
  await expect(page.locator('#favourite-list .offer-title')).toHaveText(['Familiesøndag på KODE (favoritt)']);
  await settled(page);
  // Saved again as two images; the old one is gone.
  const keys = await page.evaluate(images, {});
  expect(keys.sort()).toEqual(['aktivitetskortet.catalogue', 'aktivitetskortet.holder']);
});

for (const [why, makeImage] of [
  ['damaged', () => Buffer.from('this is not a database')],
  // SQLite keeps the schema version at byte 60 of its header: a newer app's migration.
  ['newer', () => {
    const newer = Buffer.from(RELEASE_1);
    newer.writeUInt32BE(99, 60);
    return newer;
  }],
]) {
  test(`a ${why} image is kept aside, never overwritten, and the holder is told`, async ({ page }) => {
    await putImage(page, 'aktivitetskortet.holder', makeImage());
    await page.goto(`${BASE()}/`);
    const notice = page.locator('#store-set-aside');
    await expect(notice).toHaveAttribute('data-why', why);
    await expect(notice).toContainText('lagt til side, ikke slettet');
    await expect(page.getByRole('link', { name: 'Legg til kort' })).toBeVisible();
    // The app works on: a new card is saved beside the image kept aside.
    const { code } = await issueCard('Nora', 2015);
    await addCard(page, code);
    await settled(page);
    const keys = await page.evaluate(images, {});
    expect(keys.filter((k) => k.startsWith('aktivitetskortet.holder.set-aside.'))).toHaveLength(1);
    expect(keys).toContain('aktivitetskortet.holder');
    // Told until the holder closes the message, after a reload too.
    await expect(notice).toHaveAttribute('data-why', why);
    await notice.getByRole('button', { name: 'Lukk' }).click();
    await expect(notice).toHaveCount(0);
    await settled(page);
    await page.reload();
    await expect(page.locator('#card-qr svg')).toBeVisible();
    await expect(notice).toHaveCount(0);
  });
}

test('a failed save is shown and tried again until it succeeds', async ({ page }) => {
  const { code } = await issueCard('Emil', 2014);
  await addCard(page, code);
  await settled(page);
  await page.goto(`${BASE()}/tilbud/kode-familiesondag`);
  await expect(page.locator('#favourite')).toHaveAttribute('aria-pressed', 'false');
  // The next two writes to the browser's storage fail, as on a full disk.
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    let failures = 2;
    IDBObjectStore.prototype.put = function (...args) {
      if (failures > 0) {
        failures -= 1;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    };
  });
  await page.locator('#favourite').click();
  await expect(page.locator('#save-failed')).toContainText('ikke lagret på telefonen ennå');
  await expect(page.locator('#save-failed')).toHaveCount(0, { timeout: 10_000 });
  await settled(page);
  await page.reload();
  await page.getByRole('link', { name: 'Favoritter' }).click();
  await expect(page.locator('#favourite-list .offer-title')).toHaveText(['Familiesøndag på KODE (favoritt)']);
});

test('two tabs never overwrite each other\'s cards', async ({ page, context }) => {
  const first = await issueCard('Mariia', 2013);
  const second = await issueCard('Taras', 2016);
  await addCard(page, first.code);
  await settled(page);

  const other = await context.newPage();
  await other.goto(`${BASE()}/`);
  await expect(other.locator('#store-elsewhere')).toContainText('åpent i en annen fane');
  await other.locator('#use-here').click();
  // The first tab saves and lets go; the second opens what it saved.
  await expect(page.locator('#store-elsewhere')).toBeVisible();
  await expect(other.getByRole('heading', { level: 1, name: 'Mitt kort' })).toBeVisible();
  await addCard(other, second.code);
  await settled(other);

  await page.locator('#use-here').click();
  await expect(other.locator('#store-elsewhere')).toBeVisible();
  const switcher = page.getByRole('group', { name: 'Velg hvilket kort som vises' });
  await expect(switcher.getByRole('button')).toHaveText(['Mariia', 'Taras']);
});

test('offline, the card shows after a reload while the catalogue is still opening', async ({ page, context }) => {
  const { code } = await issueCard('Ada', 2012);
  await addCard(page, code);
  await waitForOfflineShell(page);
  await settled(page);
  // The catalogue's image is held back until the test lets it go.
  await context.addInitScript(() => {
    const get = IDBObjectStore.prototype.get;
    IDBObjectStore.prototype.get = function (key) {
      const request = get.call(this, key);
      if (String(key).endsWith('.catalogue')) {
        let handler = null;
        Object.defineProperty(request, 'onsuccess', {
          configurable: true,
          get: () => handler,
          set: (h) => { handler = h; },
        });
        request.addEventListener('success', (event) => {
          window.releaseCatalogue = () => handler && handler.call(request, event);
        });
      }
      return request;
    };
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('#card-qr svg')).toBeVisible();
  await page.getByRole('link', { name: 'Tilbud' }).click();
  await expect(page.locator('#offers-loading')).toHaveText('Tilbudene åpnes …');
  await page.waitForFunction(() => typeof window.releaseCatalogue === 'function');
  await page.evaluate(() => window.releaseCatalogue());
  await expect(page.locator('#offer-list .offer-title').first()).toBeVisible();
  await context.setOffline(false);
});
