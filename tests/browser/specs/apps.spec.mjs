// Three apps from one codebase: a holder's phone downloads nothing of venue mode or the admin
// area, each app keeps its own offline shell, the links between them work, and the server's
// kept catalogue follows an admin's edit at once.
import { test, expect } from '@playwright/test';
import { BASE, DEMO_OFFERS, addCard, issueCard, qrText, waitForOfflineShell } from './helpers.mjs';

/** A file of venue mode or the admin area, by its name in the build. */
const OTHER_APPS = /\/(assets\/(venue|admin)[-_]|sted-sw\.js|admin-sw\.js|sted\.html|admin\.html|sted$|admin($|\/))/;

test('a holder\'s first visit fetches no file of venue mode or the admin area', async ({ page }) => {
  const fetched = [];
  page.on('request', (req) => fetched.push(req.url()));
  // The service worker's own fetches (the offline shell) count too.
  page.context().on('request', (req) => fetched.push(req.url()));
  await page.goto(`${BASE()}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Mitt kort' })).toBeVisible();
  await waitForOfflineShell(page);
  const holderWasm = fetched.filter((u) => /\/assets\/holder_bg-dxh[0-9a-f]+\.wasm$/.test(u));
  expect(holderWasm.length, fetched.join('\n')).toBeGreaterThan(0);
  expect(fetched.filter((u) => OTHER_APPS.test(new URL(u).pathname))).toEqual([]);
  // Its shell keeps only the holder's own files and those every app shares.
  const kept = await page.evaluate(async () => {
    const name = (await caches.keys()).find((k) => k.startsWith('ak-shell-holder-'));
    return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
  });
  expect(kept).toContain('/');
  expect(kept.filter((p) => OTHER_APPS.test(p))).toEqual([]);
});

test('a venue device set up once checks cards offline after a reload, from its own shell', async ({ browser }) => {
  const holderContext = await browser.newContext();
  const holder = await holderContext.newPage();
  await addCard(holder, (await issueCard('Sunniva', 2012)).code);

  const venueContext = await browser.newContext();
  const venue = await venueContext.newPage();
  const fetched = [];
  venueContext.on('request', (req) => fetched.push(new URL(req.url()).pathname));
  await venue.goto(`${BASE()}/sted`);
  await venue.locator('#venue-key').fill(process.env.VENUE_KEY);
  await venue.locator('#venue-setup-submit').click();
  await venue.locator('#venue-offers').getByRole('button', { name: 'Familiesøndag på KODE' }).click();
  await expect(venue.locator('#lists-line')).toContainText('Kontrollistene er fra');
  await waitForOfflineShell(venue, 'sted');
  // A venue device downloads no admin area either.
  expect(fetched.filter((p) => /\/assets\/admin[-_]|admin-sw\.js|\/admin/.test(p))).toEqual([]);

  await venueContext.setOffline(true);
  await venue.reload();
  await expect(venue.locator('#venue-offer')).toHaveText('Familiesøndag på KODE');
  await venue.locator('#qr-text').fill(await qrText(holder));
  await venue.locator('#qr-check').click();
  await expect(venue.locator('#verdict')).toHaveAttribute('data-tone', 'valid');
  await expect(venue.locator('#verdict-name')).toHaveText('Sunniva');
  await holderContext.close();
  await venueContext.close();
});

test('settings lead to venue mode and venue mode back to the card, each its own page', async ({ page }) => {
  await page.goto(`${BASE()}/innstillinger`);
  await page.locator('#to-venue-mode').click();
  // A full page load of another app through the holder's service worker (which waits up to 3 s
  // for the network before its copy): more than the default 5 s on a loaded machine.
  await expect(page).toHaveURL(`${BASE()}/sted`, { timeout: 15_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Sett opp kortkontroll' })).toBeVisible();
  // A page of its own: venue mode's script, not the holder's.
  const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src).join(' '));
  expect(scripts).toMatch(/assets\/venue-dxh/);
  await page.locator('#venue-exit').click();
  await expect(page).toHaveURL(`${BASE()}/`, { timeout: 15_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Mitt kort' })).toBeVisible();
});

test('an admin\'s edit is in the next catalogue a holder\'s phone fetches', async ({ page }) => {
  const auth = { authorization: `Bearer ${process.env.ADMIN_KEY}`, 'content-type': 'application/json' };
  await page.goto(`${BASE()}/tilbud`);
  await expect(page.locator('#sync-status')).toBeVisible();
  const id = 'kode-familiesondag';
  const offer = DEMO_OFFERS.find((o) => o.id === id);
  const title = `Familiesøndag, ny tid ${Date.now()}`;
  const put = await fetch(`${BASE()}/api/v1/admin/offers/${id}`, {
    method: 'PUT',
    headers: auth,
    body: JSON.stringify({ ...offer, title: { ...offer.title, nb: title } }),
  });
  expect(put.status, await put.clone().text()).toBe(200);
  try {
    // The full catalogue, as a new phone gets it, already has the change.
    const full = await (await fetch(`${BASE()}/api/v1/catalogue`, { headers: { 'accept-encoding': 'br' } })).json();
    expect(full.offers.find((o) => o.id === id).title.nb).toBe(title);
    // And this phone's next sync brings it.
    await page.locator('#sync-now').click();
    await page.locator('#offer-search').fill(title);
    await expect(page.getByRole('link', { name: new RegExp(title) })).toBeVisible({ timeout: 10_000 });
  } finally {
    await fetch(`${BASE()}/api/v1/admin/offers/${id}`, { method: 'PUT', headers: auth, body: JSON.stringify(offer) });
  }
});

/** Where the header, the shown screen's title and the tab bar are, within `root`. */
async function frameBoxes(page, root) {
  return page.evaluate((root) => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)];
    };
    const all = document.querySelector(root);
    const title = [...all.querySelectorAll('h1')].find((h) => h.getClientRects().length > 0);
    return { bar: box(all.querySelector('.app-bar')), title: box(title), nav: box(all.querySelector('.bottom-nav')) };
  }, root);
}

for (const [locale, lang, dir, title] of [
  ['nb-NO', 'nb', 'ltr', 'Mitt kort'],
  ['ar', 'ar', 'rtl', 'بطاقتي'],
]) {
  test(`the holder's page paints its frame before any wasm, and the app takes it over in place (${lang})`, async ({ browser }) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    // Hold the wasm back: what shows now is the page's own HTML and CSS.
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route('**/*.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${BASE()}/`);
    const frame = page.locator('#first-paint');
    await expect(frame).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', dir);
    await expect(frame).toHaveAttribute('lang', lang);
    await expect(frame.locator('h1:visible')).toHaveText(title);
    await expect(frame.locator('.bottom-nav .tab')).toHaveCount(4);
    const before = await frameBoxes(page, '#first-paint');
    release();
    await expect(page.locator('#main h1')).toHaveText(title);
    await expect(page.locator('#first-paint')).toHaveCount(0);
    expect(await frameBoxes(page, '#main')).toEqual(before);
    await context.close();
  });
}
