// Time from page load to a visible card, as a holder opening the app sees it: Debian's Chromium,
// a 390 × 844 phone viewport, the CPU slowed 4× (Chrome DevTools' throttling, about a cheap
// phone), the card already on the phone. Prints the runs and their median.
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

const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await measure());
const sorted = [...runs].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(`page load to visible card, CPU ${THROTTLE}× slower, card stored, app shell cached:`);
console.log(`  runs (ms): ${runs.map((r) => r.toFixed(0)).join(', ')}`);
console.log(`  median: ${median.toFixed(0)} ms`);
await browser.close();
