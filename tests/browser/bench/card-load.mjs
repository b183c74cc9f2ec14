// The web app's timings as people meet them, in Debian's Chromium on a 390 × 844 phone viewport
// with the CPU slowed 4× (Chrome DevTools' throttling, about a cheap phone):
// - page load to a visible card, the card already on the phone and the app shell cached;
// - at a venue, a card's QR text to the verdict on the screen (checked offline, in the page).
// Prints the runs and their medians.
//
// Run through `cargo xtask bench-web`, which builds the app and starts the server with demo data.
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL;
const ADMIN = process.env.ADMIN_KEY;
const RUNS = Number(process.env.RUNS || 5);
const THROTTLE = Number(process.env.CPU_THROTTLE || 4);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'nb-NO',
});
// When the card's QR code first appears, in the page's own clock (0 = navigation start).
await context.addInitScript(() => {
  new MutationObserver((_, observer) => {
    if (document.querySelector('#card-qr svg')) {
      window.__cardVisibleAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
});

// One card on the phone, added once.
const today = new Date();
const day = (d) => d.toISOString().slice(0, 10);
const issued = await (await fetch(`${BASE}/api/v1/admin/cards`, {
  method: 'POST',
  headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
  body: JSON.stringify({ given_name: 'Amina', birth_year: 2015, valid_from: day(today),
    valid_until: day(new Date(today.getTime() + 150 * 86_400_000)), companion: 'one_at_public_events' }),
})).json();
const setup = await context.newPage();
await setup.goto(`${BASE}/aktiver?kode=${issued.activation_code}`);
await setup.locator('#add-submit').click();
await setup.waitForSelector('#card-qr svg', { timeout: 30_000 });
await setup.waitForSelector('.shell[data-store="saved"]');
await setup.close();

async function measure() {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await page.goto(`${BASE}/`);
  await page.waitForSelector('#card-qr svg', { timeout: 60_000 });
  const ms = await page.evaluate(() => window.__cardVisibleAt);
  await page.close();
  return ms;
}

function report(what, runs) {
  const sorted = [...runs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`${what}, CPU ${THROTTLE}× slower:`);
  console.log(`  runs (ms): ${runs.map((r) => r.toFixed(r < 10 ? 1 : 0)).join(', ')}`);
  console.log(`  median: ${median.toFixed(median < 10 ? 1 : 0)} ms`);
}

const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await measure());
report('page load to visible card (card stored, app shell cached)', runs);

// The venue: set up with the demo venue key, then the QR text of the card shown now.
const holder = await context.newPage();
await holder.goto(`${BASE}/`);
await holder.waitForSelector('#card-qr svg');
// Another browser: one browser holds one device store, which one tab at a time may use.
const venueContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'nb-NO' });
const venue = await venueContext.newPage();
const cdp = await venueContext.newCDPSession(venue);
await venue.goto(`${BASE}/sted`);
await venue.locator('#venue-key').fill(process.env.VENUE_KEY);
await venue.locator('#venue-setup-submit').click();
await venue.locator('#venue-offers button').first().click();
await venue.waitForFunction(() => document.getElementById('lists-line')?.textContent.includes(':'));
await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
const checks = [];
for (let i = 0; i < 2 * RUNS - 1; i++) {
  const text = await holder.locator('#card-qr').getAttribute('data-qr');
  await venue.locator('#qr-text').fill(text);
  checks.push(await venue.evaluate(() => new Promise((resolve) => {
    const start = performance.now();
    const observer = new MutationObserver(() => {
      if (document.getElementById('verdict')) {
        observer.disconnect();
        resolve(performance.now() - start);
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    document.getElementById('qr-check').click();
  })));
  const tone = await venue.locator('#verdict').getAttribute('data-tone');
  if (tone !== 'valid') throw new Error(`the venue's verdict was ${tone}, not valid`);
  await venue.locator('#verdict-close').click();
}
report('venue: QR text to verdict on the screen (offline check in the page)', checks);
await browser.close();
