// Shared steps of the browser journeys: issuing cards through the admin API, adding a card in the
// app, reading and verifying its QR code, accessibility and layout checks, screenshots.
import { expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const BASE = () => process.env.BASE_URL;
export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
mkdirSync(join(ARTIFACTS, 'screens'), { recursive: true });

/** The demo catalogue, as the server loaded it. */
export const DEMO_OFFERS = JSON.parse(
  readFileSync(new URL('../../../crates/server/demo/offers.json', import.meta.url), 'utf8'),
);

/** Collects console errors and uncaught exceptions for the whole test. */
export function watchErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    // A request refused because the browser is offline shows as a console error; that is the test.
    if (msg.type() === 'error' && !msg.text().includes('ERR_INTERNET_DISCONNECTED')) {
      errors.push(`console: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
  return errors;
}

/** Issues a card through the admin API; its activation code. */
export async function issueCard(givenName, birthYear, { companion = 'one_at_public_events' } = {}) {
  const today = new Date();
  const until = new Date(today.getTime() + 150 * 86_400_000);
  const day = (d) => d.toISOString().slice(0, 10);
  const res = await fetch(`${BASE()}/api/v1/admin/cards`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      given_name: givenName,
      birth_year: birthYear,
      valid_from: day(today),
      valid_until: day(until),
      companion,
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const card = await res.json();
  return { code: card.activation_code, cardId: card.card_id };
}

/** Adds a card in the app with the code, and waits for its QR code. */
export async function addCard(page, code) {
  await page.goto(`${BASE()}/aktiver`);
  await page.locator('#activation-code').fill(code);
  await page.locator('#add-submit').click();
  await expect(page.locator('#card-qr svg')).toBeVisible({ timeout: 15_000 });
}

/** Waits until the app has stored every change (before a reload). */
export async function settled(page) {
  await expect(page.locator('.shell')).toHaveAttribute('data-store', 'saved');
}

/** The QR text the card shows now. */
export async function qrText(page) {
  // The code is signed asynchronously: right after a card is chosen its frame is there without
  // a code for a moment, so wait for the attribute rather than read an empty frame.
  const qr = page.locator('#card-qr[data-qr]');
  await qr.waitFor();
  return qr.getAttribute('data-qr');
}

const run = promisify(execFile);

/**
 * Decodes the QR code in a screenshot of the card and verifies it with the core verifier (the
 * `verify-qr` example), against the lists the server publishes. Its JSON verdict.
 */
export async function verifyScreenshot(png) {
  const dir = mkdtempSync(join(tmpdir(), 'ak-qr-'));
  const get = async (path) => Buffer.from(await (await fetch(`${BASE()}${path}`)).arrayBuffer());
  writeFileSync(join(dir, 'shot.png'), png);
  writeFileSync(join(dir, 'trust.cose'), await get('/api/v1/trust-list'));
  writeFileSync(join(dir, 'revocations.cose'), await get('/api/v1/revocation-list'));
  const keys = await (await fetch(`${BASE()}/api/v1/list-keys`)).json();
  const keyHex = Buffer.from(keys.list_keys[0].key, 'base64').toString('hex');
  const bin = process.env.AK_VERIFY_QR_BIN;
  if (!bin) throw new Error('AK_VERIFY_QR_BIN is not set; run the tests with `cargo xtask test`');
  const { stdout } = await run(bin, [
    join(dir, 'shot.png'),
    join(dir, 'trust.cose'),
    join(dir, 'revocations.cose'),
    keyHex,
  ]);
  return JSON.parse(stdout);
}

/** axe-core: no serious or critical WCAG 2.1 A/AA violations on the page as it is. */
export async function expectAccessible(page, where) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target).join(', ')}`);
  expect(serious).toEqual([]);
}

/** Nothing wider than the screen. */
export async function expectNoHorizontalScroll(page, where = '') {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `horizontal overflow ${where}`).toBeLessThanOrEqual(0);
}

/** Every control is at least 44 × 44 CSS px (links inside running text excepted). */
export async function expectTouchTargets(page, where = '') {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, a.button, a.tab, a.back-link, .chip, input, select, summary, .offer-link')]
      .filter((el) => el.offsetParent !== null && el.type !== 'radio')
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 44 || r.width < 44)
      .map(({ el, r }) => `${el.tagName}#${el.id}.${el.className} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
  expect(small, `small touch targets ${where}`).toEqual([]);
}

/** Waits until the service worker controls the page and has kept the app's shell (`app`:
 * holder, sted or admin, the start of its cache's name). */
export async function waitForOfflineShell(page, app = 'holder') {
  // Polled with expect.poll: page.waitForFunction takes an async predicate's promise as a truthy
  // answer at once (microsoft/playwright#29132), so it never waited, and a loaded machine saw
  // the shell before the worker had stored it.
  const prefix = `ak-shell-${app}-`;
  await expect
    .poll(
      () =>
        page.evaluate(async (prefix) => {
          if (!navigator.serviceWorker.controller) return false;
          const name = (await caches.keys()).find((k) => k.startsWith(prefix));
          if (!name) return false;
          // The whole shell: the worker's install stores it at once, but a page's own fetches
          // may put the wasm there first.
          const paths = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
          const home = prefix === 'ak-shell-holder-' ? '/' : `/${prefix.slice(9, -1)}`;
          return paths.some((p) => p.endsWith('.wasm')) && paths.includes(home);
        }, prefix),
      { timeout: 20_000 },
    )
    .toBe(true);
}

/** Lower case, and Norwegian letters as people type them without a Norwegian keyboard. */
export function fold(text) {
  return text.toLowerCase().replaceAll('ø', 'o').replaceAll('æ', 'ae').replaceAll('å', 'a');
}

/** Saves a screenshot as an artifact. */
export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, 'screens', `${name}.png`), fullPage: true });
}

/** Runs in the page: the keys of the saved images, or puts `bytes` (an array) under `key`. */
export function images({ put, bytes }) {
  return new Promise((resolve, reject) => {
    // No version: whatever the app made (2 has the phone keys too), or a new one like release 1's.
    const open = indexedDB.open('aktivitetskortet');
    open.onupgradeneeded = () => open.result.createObjectStore('sqlite-images');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('sqlite-images', 'readwrite');
      const store = tx.objectStore('sqlite-images');
      if (put) store.put(new Uint8Array(bytes), put);
      const keys = store.getAllKeys();
      tx.oncomplete = () => {
        db.close();
        resolve(keys.result);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** Puts an image in place before the app runs: from a page of the same site that is no app. */
export async function putImage(page, key, bytes) {
  await page.goto(`${BASE()}/healthz`);
  return page.evaluate(images, { put: key, bytes: Array.from(bytes) });
}

/**
 * Rows of `sql` in the server's database, as strings: the SQLite file with Python's sqlite3, or
 * PostgreSQL (AK_DATABASE_URL, as `cargo xtask test` runs the journeys) with psql. For what the
 * API does not show (flags that only statistics read).
 */
export function queryRows(sql) {
  const out = process.env.AK_DATABASE_URL
    ? execFileSync('psql', [process.env.AK_DATABASE_URL, '-At', '-F', ' ', '-c', sql])
    : execFileSync('python3', ['-c', `import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute(sys.argv[2]):
    print(*row)`, join(process.env.DATA_DIR, 'aktivitetskortet.sqlite3'), sql]);
  return out.toString().trim().split('\n').filter(Boolean).map((line) => line.split(' '));
}

/** An admin API call with the demo's admin key; the parsed answer (or null for none). */
export async function adminApi(method, path, body) {
  const res = await fetch(`${BASE()}${path}`, {
    method,
    headers: { authorization: `Bearer ${process.env.ADMIN_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.ok, `${method} ${path}: ${res.status} ${text}`).toBe(true);
  return text ? JSON.parse(text) : null;
}

/** Check-ins uploaded as a venue device uploads them, with `key`. */
export async function uploadVisits(key, checkins) {
  const res = await fetch(`${BASE()}/api/v1/visits`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      checkins: checkins.map((c) => ({
        id: randomBytes(16).toString('hex'),
        at: Math.floor(Date.now() / 1000) - 60,
        companion: false,
        ...c,
      })),
      partial: true,
    }),
  });
  const receipt = await res.json();
  expect(res.ok && receipt.accepted === checkins.length, JSON.stringify(receipt)).toBe(true);
}

/** A demo-like offer with `id`, `title` and anything else `extra` says. */
export function testOffer(id, title, extra = {}) {
  return {
    id,
    title: { nb: title },
    summary: { nb: 'Et tilbud laget i en test.' },
    description: { nb: 'Et tilbud laget i en test.' },
    category: 'sport',
    organiser: 'Testklubben',
    venue: 'Testhallen',
    address: 'Testveien 1, 5000 Bergen',
    district: 'bergenhus',
    age_min: 0,
    age_max: 17,
    schedule: { kind: 'weekly', slots: [{ weekday: 'saturday', start: '12:00' }] },
    companion_included: true,
    ...extra,
  };
}
