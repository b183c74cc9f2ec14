// The three web apps' first visits, as families and venues meet them, for BENCHMARKS.md:
// - the bytes each app's first visit downloads (everything, as served: the page, its script,
//   wasm, styles and icons, and what its service worker keeps for offline starts);
// - a holder's first visit on a slow link (1.6 Mbit/s, 150 ms round trips) with the CPU slowed
//   4×: the time until the add-card screen works (the app's form, not the page's first paint);
// - Lighthouse's mobile performance score, FCP, LCP and TBT for the holder's / and /aktiver
//   (Lighthouse from npm, driving Debian's Chromium; its mobile preset: simulated slow 4G, 4× CPU).
//
// Run through `cargo xtask bench-web`, which builds the apps and starts the server with demo data.
import { chromium } from 'playwright-core';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const BASE = process.env.BASE_URL;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RUNS = Number(process.env.RUNS || 3);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'nb-NO' };

/** Waits until the page's service worker has kept its app's shell. */
async function offlineShell(page, app) {
  // Polled by hand: waitForFunction takes an async predicate's promise as true at once
  // (microsoft/playwright#29132).
  const deadline = Date.now() + 60_000;
  for (;;) {
    const kept = await page.evaluate(async (prefix) => {
      if (!navigator.serviceWorker.controller) return false;
      const name = (await caches.keys()).find((k) => k.startsWith(prefix));
      return !!name && (await (await caches.open(name)).keys()).some((r) => r.url.endsWith('.wasm'));
    }, `ak-shell-${app}-`);
    if (kept) return;
    if (Date.now() > deadline) throw new Error(`no offline shell for ${app} after 60 s`);
    await page.waitForTimeout(100);
  }
}

/** What a first visit of `path` downloads, in bytes on the wire (bodies as sent, and headers). */
async function firstVisitBytes(path, app) {
  const context = await browser.newContext(phone);
  const files = new Map();
  context.on('requestfinished', async (req) => {
    const sizes = await req.sizes().catch(() => null);
    if (!sizes) return;
    const url = new URL(req.url());
    const key = `${url.pathname}${req.serviceWorker() ? ' (service worker)' : ''}`;
    files.set(key, (files.get(key) || 0) + sizes.responseBodySize + sizes.responseHeadersSize);
  });
  const page = await context.newPage();
  await page.goto(`${BASE}${path}`);
  await offlineShell(page, app);
  await page.waitForTimeout(500);
  await context.close();
  const total = [...files.values()].reduce((a, b) => a + b, 0);
  return { total, files };
}

/** A holder's first visit to /aktiver on a slow link with a slow CPU, to a working form (ms). */
async function slowFirstVisit() {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const started = Date.now();
  await page.goto(`${BASE}/aktiver`, { waitUntil: 'commit' });
  // The app's own form (rendered by the wasm into #main), not the page's first paint.
  await page.waitForSelector('#main #activation-code', { timeout: 120_000 });
  const ms = Date.now() - started;
  await context.close();
  return ms;
}

/** Lighthouse's mobile performance figures for `path`. */
async function lighthouse(path) {
  const cli = new URL('./node_modules/lighthouse/cli/index.js', import.meta.url).pathname;
  const { stdout } = await promisify(execFile)(process.execPath, [
    cli, `${BASE}${path}`, '--output=json', '--output-path=stdout', '--only-categories=performance',
    '--quiet', `--chrome-flags=--headless=new ${FLAGS.join(' ')}`,
  ], { env: { ...process.env, CHROME_PATH: CHROMIUM }, maxBuffer: 64 << 20 });
  const report = JSON.parse(stdout);
  const ms = (id) => Math.round(report.audits[id].numericValue);
  return {
    score: Math.round(report.categories.performance.score * 100),
    fcp: ms('first-contentful-paint'),
    lcp: ms('largest-contentful-paint'),
    tbt: ms('total-blocking-time'),
  };
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const median = (runs) => [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];

console.log('first visit, bytes on the wire (fresh browser, until the offline shell is kept):');
for (const [app, path] of [['holder', '/'], ['sted', '/sted'], ['admin', '/admin']]) {
  const { total, files } = await firstVisitBytes(path, app);
  console.log(`  ${path.padEnd(7)} ${kb(total)}`);
  for (const [file, bytes] of [...files].sort((a, b) => b[1] - a[1]).slice(0, 6)) {
    console.log(`            ${kb(bytes).padStart(9)}  ${file}`);
  }
}

const slow = [];
for (let i = 0; i < RUNS; i++) slow.push(await slowFirstVisit());
console.log('holder\'s first visit to a working add-card form, 1.6 Mbit/s, 150 ms RTT, CPU 4×:');
console.log(`  runs (ms): ${slow.join(', ')}; median ${median(slow)} ms`);

await browser.close();

for (const path of ['/', '/aktiver']) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await lighthouse(path));
  const pick = (k) => median(runs.map((r) => r[k]));
  console.log(`Lighthouse (mobile) ${path}: performance ${pick('score')}, FCP ${pick('fcp')} ms, ` +
    `LCP ${pick('lcp')} ms, TBT ${pick('tbt')} ms  (median of ${RUNS}: ` +
    `${runs.map((r) => r.score).join(', ')})`);
}
