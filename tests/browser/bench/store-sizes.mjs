// The phone's store at three catalogue sizes (108 offers, the demo; 1,108; 5,000), grown by this
// script through the admin API, in Debian's Chromium with the CPU slowed 4×. For each size, on a
// phone that holds one card and the synced catalogue:
// - an offline restart to a visible QR code (the app shell cached, the network off);
// - a favourite persisted: from the click until the change is in IndexedDB;
// - keystroke to list: from each key typed in the offers search to the new result count;
// - a full sync applied (the catalogue's image dropped, the app started with the card on screen):
//   its time, and the longest main-thread task meanwhile (does the card screen stay responsive?);
// - the two images' sizes in IndexedDB.
// Run through `cargo xtask bench-web`, last: it adds offers to the server's catalogue.
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL;
const ADMIN = process.env.ADMIN_KEY;
const RUNS = Number(process.env.RUNS || 3);
const THROTTLE = 4;
const SIZES = [108, 1108, 5000];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'nb-NO' };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

const admin = (path, init = {}) => fetch(`${BASE}${path}`, {
  ...init,
  headers: { authorization: `Bearer ${ADMIN}`, ...(init.headers || {}) },
});
const demo = await (await fetch(`${BASE}/api/v1/catalogue`)).json();
let count = demo.offers.length;

/** Adds copies of the demo offers (new ids and titles) until the catalogue holds `size`. */
async function growTo(size) {
  const batch = [];
  const flush = async () => {
    const res = await admin('/api/v1/admin/offers/import', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch),
    });
    if (!res.ok) throw new Error(`import: ${res.status} ${await res.text()}`);
    batch.length = 0;
  };
  while (count < size) {
    const base = demo.offers[count % demo.offers.length];
    const { image, ...offer } = base;
    batch.push({ ...offer, id: `${base.id}-${count}`, title: { ...base.title, nb: `${base.title.nb} ${count}` } });
    count += 1;
    if (batch.length === 400) await flush();
  }
  if (batch.length) await flush();
}

async function newPhone() {
  const context = await browser.newContext(phone);
  await context.addInitScript(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
    new MutationObserver((_, observer) => {
      if (document.querySelector('#main #card-qr svg')) {
        window.__cardAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  return context;
}

async function throttled(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  return cdp;
}

const settled = (page) => page.waitForSelector('.shell[data-store="saved"]', { timeout: 120_000 });

/** The images in IndexedDB and their sizes. */
const imageSizes = (page) => page.evaluate(() => new Promise((resolve) => {
  const open = indexedDB.open('aktivitetskortet', 1);
  open.onsuccess = () => {
    const store = open.result.transaction('sqlite-images').objectStore('sqlite-images');
    const out = {};
    const cursor = store.openCursor();
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return resolve(out);
      out[c.key] = c.value.length;
      c.continue();
    };
  };
}));

async function addCard(page) {
  const day = (d) => d.toISOString().slice(0, 10);
  const res = await admin('/api/v1/admin/cards', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ given_name: 'Amina', birth_year: 2015, valid_from: day(new Date()),
      valid_until: day(new Date(Date.now() + 150 * 86_400_000)), companion: 'one_at_public_events' }),
  });
  const issued = await res.json();
  await page.goto(`${BASE}/aktiver?kode=${issued.activation_code}`);
  await page.locator('#add-submit').click();
  await page.waitForSelector('#card-qr svg', { timeout: 60_000 });
}

/** Waits until the phone's catalogue holds `size` offers (the offers screen's count). */
async function catalogueHolds(page, size) {
  await page.locator('#tab-offers').click();
  await page.locator('#age-filter').selectOption('any');
  await page.waitForFunction((n) => {
    const text = document.getElementById('result-count')?.textContent.replace(/\D/g, '');
    return Number(text) === n;
  }, size, { timeout: 180_000 });
}

const rows = [];
for (const size of SIZES) {
  await growTo(size);
  const context = await newPhone();
  const page = await context.newPage();
  await addCard(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 60_000 });
  await catalogueHolds(page, size);
  await settled(page);
  const sizes = await imageSizes(page);
  await page.close();

  // Offline restarts to the QR code.
  await context.setOffline(true);
  const restarts = [];
  for (let i = 0; i < RUNS; i++) {
    const p = await context.newPage();
    await throttled(context, p);
    await p.goto(`${BASE}/`);
    await p.waitForSelector('#main #card-qr svg', { timeout: 60_000 });
    restarts.push(await p.evaluate(() => window.__cardAt));
    await p.close();
  }

  // A favourite persisted, and keystrokes in the search, on one page.
  const p = await context.newPage();
  await p.goto(`${BASE}/tilbud/kode-familiesondag`);
  await p.waitForSelector('#favourite');
  await settled(p);
  await throttled(context, p);
  const favourites = [];
  for (let i = 0; i < RUNS; i++) {
    favourites.push(await p.evaluate(() => new Promise((resolve) => {
      const shell = document.querySelector('.shell');
      let saving = false;
      const start = performance.now();
      new MutationObserver((_, observer) => {
        const state = shell.getAttribute('data-store');
        if (state === 'saving') saving = true;
        if (saving && state === 'saved') {
          observer.disconnect();
          resolve(performance.now() - start);
        }
      }).observe(shell, { attributes: true, attributeFilter: ['data-store'] });
      document.getElementById('favourite').click();
    })));
  }
  await p.locator('#tab-offers').click();
  await p.locator('#age-filter').selectOption('any');
  await p.waitForSelector('#result-count');
  await p.evaluate(() => {
    window.__keys = [];
    const count = document.getElementById('result-count');
    let typedAt = null;
    document.getElementById('offer-search').addEventListener('keydown', () => {
      typedAt = performance.now();
    }, true);
    new MutationObserver(() => {
      if (typedAt !== null) {
        window.__keys.push(performance.now() - typedAt);
        typedAt = null;
      }
    }).observe(count, { childList: true, subtree: true, characterData: true });
  });
  // Each key narrows the list, so each changes the count.
  for (const key of ['k', 'o', 'd', 'e']) {
    await p.locator('#offer-search').press(key);
    await p.waitForTimeout(400);
  }
  const keys = await p.evaluate(() => window.__keys);
  await p.close();

  // A full sync applied with the card on screen: the catalogue's image dropped first.
  await context.setOffline(false);
  const s = await context.newPage();
  await s.goto(`${BASE}/healthz`);
  await s.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('aktivitetskortet', 1);
    open.onsuccess = () => {
      const tx = open.result.transaction('sqlite-images', 'readwrite');
      tx.objectStore('sqlite-images').delete('aktivitetskortet.catalogue');
      tx.oncomplete = resolve;
    };
  }));
  await throttled(context, s);
  await s.goto(`${BASE}/`);
  await s.waitForSelector('#main #card-qr svg');
  const syncStart = await s.evaluate(() => performance.now());
  await s.evaluate(() => { window.__longest = 0; });
  await catalogueHolds(s, size);
  const sync = (await s.evaluate(() => performance.now())) - syncStart;
  const longest = await s.evaluate(() => window.__longest);
  await s.close();
  await context.close();

  rows.push({ size, restart: median(restarts), restarts, favourite: median(favourites),
    keyMedian: median(keys), keyMax: Math.max(...keys), keys: keys.length, sync, longest, sizes });
}

console.log(`the phone's store by catalogue size (CPU ${THROTTLE}× slower; medians of ${RUNS} where repeated):`);
for (const r of rows) {
  const kb = (k) => `${Math.round((r.sizes[k] || 0) / 1024)} KB`;
  console.log(`  ${r.size} offers:`);
  console.log(`    offline restart to QR   ${ms(r.restart)}  (${r.restarts.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`    favourite persisted     ${ms(r.favourite)}`);
  console.log(`    keystroke to list       median ${ms(r.keyMedian)}, max ${ms(r.keyMax)} (${r.keys} keys)`);
  console.log(`    full sync applied       ${ms(r.sync)}; longest main-thread task meanwhile ${ms(r.longest)}`);
  console.log(`    stored                  ${Object.keys(r.sizes).sort().map((k) => `${k} ${kb(k)}`).join(', ')}`);
}
const [small, , large] = rows;
console.log(`  restart at ${large.size} / at ${small.size}: ${(large.restart / small.restart).toFixed(2)} ×`);
await browser.close();
