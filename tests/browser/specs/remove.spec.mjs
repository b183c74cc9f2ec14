// What the phone keeps is the family's to delete: removing a card takes its row, its name and its
// phone key with it, and "remove everything" empties the app's storage at once (the saved store,
// the keys, an image kept aside, the preferences), checked in the browser's own storage.
import { test, expect } from '@playwright/test';
import { BASE, addCard, expectAccessible, issueCard, putImage, settled } from './helpers.mjs';

/** Runs in the page: what the app keeps in IndexedDB and localStorage. */
function stored() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('aktivitetskortet');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['sqlite-images', 'phone-keys']);
      const images = tx.objectStore('sqlite-images');
      const names = images.getAllKeys();
      const holder = images.get('aktivitetskortet.holder');
      const keys = tx.objectStore('phone-keys').count();
      tx.oncomplete = () => {
        db.close();
        const prefs = Object.keys(localStorage).filter((k) => k.startsWith('aktivitetskortet.'));
        resolve({
          images: names.result.map(String).sort(),
          // The phone's own database as text, to look for a name anywhere in it.
          holder: holder.result ? new TextDecoder('latin1').decode(holder.result) : '',
          keys: keys.result,
          prefs: prefs.sort(),
        });
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

test('a removed card leaves no trace: its row, its name and its phone key go, the other card stays', async ({ page }) => {
  for (const name of ['Emilie', 'Leonora']) {
    const { code } = await issueCard(name, 2014);
    await addCard(page, code);
  }
  await settled(page);
  let now = await page.evaluate(stored);
  expect(now.keys).toBe(2);
  expect(now.holder).toContain('Emilie');

  await page.getByRole('link', { name: 'Innstillinger' }).click();
  await page.getByRole('button', { name: 'Fjern kortet til Emilie' }).click();
  await page.locator('#confirm-remove').click();
  await settled(page);
  // The key goes once the store without the card is saved.
  await expect.poll(async () => (await page.evaluate(stored)).keys).toBe(1);
  now = await page.evaluate(stored);
  expect(now.holder).not.toContain('Emilie');
  expect(now.holder).toContain('Leonora');
});

test('remove everything empties the app’s storage on the phone at once', async ({ page }) => {
  const { code } = await issueCard('Sigrunn', 2013);
  await addCard(page, code);
  await page.goto(`${BASE()}/tilbud/kode-familiesondag`);
  await page.locator('#favourite').click();
  await settled(page);
  // An image kept aside earlier (a store that could not be opened) is the family's data too.
  await putImage(page, 'aktivitetskortet.holder.set-aside.1700000000000', [1, 2, 3]);
  await page.goto(`${BASE()}/innstillinger`);
  let now = await page.evaluate(stored);
  expect(now.keys).toBe(1);
  expect(now.images).toContain('aktivitetskortet.holder.set-aside.1700000000000');
  expect(now.prefs.length).toBeGreaterThan(0);

  await page.locator('#remove-everything').click();
  await expect(page.getByText('Vil du slette alt appen har lagret på denne telefonen?')).toBeVisible();
  await expectAccessible(page, 'remove everything');
  await page.locator('#confirm-remove-everything').click();
  await expect(page.getByText('Alt er fjernet fra telefonen.')).toBeVisible();
  await settled(page);
  now = await page.evaluate(stored);
  expect(now.keys).toBe(0);
  expect(now.images.filter((n) => n.includes('set-aside'))).toEqual([]);
  expect(now.holder).not.toContain('Sigrunn');
  expect(now.prefs).toEqual([]);
  // The app is as on its first start.
  await page.reload();
  await page.getByRole('link', { name: 'Kort', exact: true }).click();
  await expect(page.getByRole('img', { name: 'Plass for aktivitetskortet' })).toBeVisible();
  await page.getByRole('link', { name: 'Favoritter' }).click();
  await expect(page.locator('#favourite-list .offer-title')).toHaveCount(0);
});
