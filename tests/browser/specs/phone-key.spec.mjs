// The phone's key in the browser: a card made by an earlier release, whose key is raw bytes in the
// saved store (which a copied profile or a script on the page could read), moves to a WebCrypto
// key that cannot be exported at its first refresh online; the old key then refreshes nothing.
import { test, expect } from '@playwright/test';
import { createECDH } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BASE, images, issueCard, putImage, qrText, settled } from './helpers.mjs';

const run = promisify(execFile);
const RELEASE_1 = new URL('../../../crates/client/tests/fixtures/store-release-1.sqlite', import.meta.url)
  .pathname;

/**
 * Python's own sqlite3 (no package to install) edits SQLite files here: `card` replaces the
 * cards of the first release's image, as that release stored them (the key's secret in
 * `device_secret`); without `card`, the cards' key columns are read.
 */
const SQL = `
import base64, json, shutil, sqlite3, sys
args = json.loads(sys.argv[1])
if 'card' in args:
    shutil.copy(args['base'], args['path'])
db = sqlite3.connect(args['path'])
if 'card' in args:
    c = args['card']
    db.execute('DELETE FROM cards')
    db.execute('''INSERT INTO cards (card_id, credential, device_secret, given_name, birth_year,
        companion, card_valid_until, clock_offset, added_at, refreshed_at, refresh_error)
        VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, NULL)''',
        (c['card_id'], base64.b64decode(c['credential']), bytes.fromhex(c['secret']),
         c['given_name'], c['birth_year'], c['companion'], c['card_valid_until'],
         c['added_at'], c['refreshed_at']))
    db.execute("UPDATE meta SET value = ? WHERE key = 'app.selected_card'", (c['card_id'],))
    db.commit()
else:
    rows = db.execute('''SELECT device_secret IS NOT NULL, webcrypto_key IS NOT NULL,
        moving_public IS NOT NULL FROM cards''').fetchall()
    print(json.dumps([list(map(bool, r)) for r in rows]))
`;

async function sqlite(args) {
  const { stdout } = await run('python3', ['-c', SQL, JSON.stringify(args)]);
  return stdout.trim() ? JSON.parse(stdout) : null;
}

/** The saved holder image's key columns per card: [raw secret, WebCrypto key, moving]. */
async function keyColumns(page, dir) {
  const bytes = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('aktivitetskortet');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result
            .transaction('sqlite-images')
            .objectStore('sqlite-images')
            .get('aktivitetskortet.holder');
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result ? Array.from(get.result) : null);
          };
        };
      }),
  );
  if (!bytes) return null;
  const path = join(dir, 'holder.sqlite');
  writeFileSync(path, Buffer.from(bytes));
  return sqlite({ path });
}

async function refresh(presentation) {
  const res = await fetch(`${BASE()}/api/v1/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ presentation }),
  });
  return { status: res.status, body: await res.json() };
}

test('a card with a raw phone key moves to a key the page cannot export, and the old key is refused', async ({ page }) => {
  // A card activated by an earlier release: the phone made the key and kept its secret.
  const { code, cardId } = await issueCard('Sofia', 2014);
  const phone = createECDH('prime256v1');
  phone.generateKeys();
  const res = await fetch(`${BASE()}/api/v1/activate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, device_key: phone.getPublicKey('base64', 'compressed') }),
  });
  expect(res.status).toBe(200);
  const card = await res.json();
  const dir = mkdtempSync(join(tmpdir(), 'ak-phone-key-'));
  const now = Math.floor(Date.now() / 1000);
  await sqlite({
    base: RELEASE_1,
    path: join(dir, 'legacy.sqlite'),
    card: {
      ...card,
      secret: phone.getPrivateKey('hex').padStart(64, '0'),
      added_at: now - 9 * 86_400,
      // Last refreshed over a week ago: the app refreshes it at once.
      refreshed_at: now - 8 * 86_400,
    },
  });

  // Held back at first, so the code the old key signs can be read off the screen.
  await page.route('**/api/v1/refresh', (route) => route.abort());
  await putImage(page, 'aktivitetskortet', readFileSync(join(dir, 'legacy.sqlite')));
  await page.goto(`${BASE()}/`);
  await expect(page.locator('#holder-name')).toHaveText('Sofia');
  await expect(page.locator('#card-qr svg')).toBeVisible();
  const oldQr = await qrText(page);
  await settled(page);
  // The old card is moving: a new key is made and saved before its refresh is tried.
  await expect.poll(() => keyColumns(page, dir)).toEqual([[true, false, true]]);

  // The app starts again with the network back: the refresh names the same new key (saved
  // before the first try) and moves the card to it.
  await page.unroute('**/api/v1/refresh');
  await page.reload();
  await expect.poll(() => keyColumns(page, dir), { timeout: 15_000 }).toEqual([[false, true, false]]);
  // The old key, as a copy of the earlier store would hold it, refreshes nothing any more.
  const refused = await refresh(oldQr);
  expect(refused.status).toBe(400);
  expect(refused.body.code).toBe('refresh_refused');
  expect(refused.body.message).toContain('replaced');
  // The code on screen is signed by the new key (once the screen has caught up with the move).
  await expect.poll(async () => (await refresh(await qrText(page))).status).toBe(200);

  // The new key is a CryptoKey no script can export; after a reload it still signs the card.
  const key = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('aktivitetskortet');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('phone-keys').objectStore('phone-keys').getAll();
          all.onsuccess = async () => {
            open.result.close();
            const records = all.result;
            const key = records[0].key;
            let exported = 'exported';
            try {
              await crypto.subtle.exportKey('pkcs8', key);
            } catch (e) {
              exported = e.name;
            }
            resolve({
              count: records.length,
              type: key.type,
              algorithm: key.algorithm.name,
              curve: key.algorithm.namedCurve,
              extractable: key.extractable,
              usages: key.usages,
              exported,
            });
          };
        };
      }),
  );
  expect(key).toEqual({
    count: 1,
    type: 'private',
    algorithm: 'ECDSA',
    curve: 'P-256',
    extractable: false,
    usages: ['sign'],
    exported: 'InvalidAccessError',
  });
  await settled(page);
  await page.reload();
  await expect(page.locator('#card-qr svg')).toBeVisible();
  expect((await refresh(await qrText(page))).status).toBe(200);
  expect(cardId).toBe(card.card_id);
  // The saved store no longer holds any secret; the first release's image is gone.
  expect(await page.evaluate(images, {})).not.toContain('aktivitetskortet');
});
