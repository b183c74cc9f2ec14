// Venue mode against the real backend with the demo data: a holder's phone and a venue device
// side by side (two browser contexts). The venue checks the holder's live code (green), keeps
// checking offline, refuses an old code and a revoked card, records visits offline that upload
// once online and count exactly once even after a retried upload, checks in the server's time
// when its own clock is off, and reads a card with the camera (Chromium's fake camera showing a
// screenshot of the card).
import { test, expect, chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BASE,
  addCard,
  expectAccessible,
  expectNoHorizontalScroll,
  issueCard,
  qrText,
  screenshot,
  settled,
} from './helpers.mjs';

const OFFER = 'kode-familiesondag';
const OFFER_TITLE = 'Familiesøndag på KODE';

/** Sets a venue device up with the demo venue key and chooses the offer; waits for the lists. */
async function setUpVenue(page) {
  await page.goto(`${BASE()}/sted`);
  await expect(page.getByRole('heading', { level: 1, name: 'Sett opp kortkontroll' })).toBeVisible();
  await page.locator('#venue-key').fill(process.env.VENUE_KEY);
  await page.locator('#venue-setup-submit').click();
  await page.locator('#venue-offers').getByRole('button', { name: OFFER_TITLE }).click();
  await expect(page.locator('#venue-offer')).toHaveText(OFFER_TITLE);
  await expect(page.locator('#lists-line')).toContainText('Kontrollistene er fra');
  await expect(page.locator('#venue-name')).toHaveText('Demo venue (all demo offers)');
}

/** Checks `text` at the venue (pasted, as a scanner would type it); the verdict element. */
async function check(page, text) {
  await page.locator('#qr-text').fill(text);
  await page.locator('#qr-check').click();
  const verdict = page.locator('#verdict');
  await expect(verdict).toBeVisible();
  return verdict;
}

/**
 * Today's visits and distinct children as the backend stored them. Statistics are published only
 * for closed quarters, so the journey reads the server's database: the SQLite file with Python's
 * sqlite3, or PostgreSQL (AK_DATABASE_URL, as `cargo xtask test` runs the journeys) with psql.
 */
function todaysStored() {
  const today = new Date().toISOString().slice(0, 10);
  const sql = 'SELECT COUNT(*), COUNT(DISTINCT holder) FROM visits WHERE day = ';
  const out = process.env.AK_DATABASE_URL
    ? execFileSync('psql', [process.env.AK_DATABASE_URL, '-At', '-F', ' ', '-c', `${sql}'${today}'`])
    : execFileSync('python3', ['-c', `import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(*db.execute('${sql}?', (sys.argv[2],)).fetchone())`,
    join(process.env.DATA_DIR, 'aktivitetskortet.sqlite3'), today]);
  const [visits, holders] = out.toString().trim().split(' ').map(Number);
  return { visits, holders };
}

async function close(page) {
  await page.locator('#verdict-close').click();
  await expect(page.locator('#verdict')).toHaveCount(0);
}

test('holder and venue side by side: live code green, offline too, old code and revoked card red', async ({ browser }) => {
  const holderContext = await browser.newContext();
  const venueContext = await browser.newContext();
  const holder = await holderContext.newPage();
  const venue = await venueContext.newPage();

  const { code, cardId } = await issueCard('Amira', 2014);
  await addCard(holder, code);
  await setUpVenue(venue);
  await expectAccessible(venue, 'venue desk');
  await expectNoHorizontalScroll(venue, 'venue desk');
  await screenshot(venue, 'nb-venue-desk');

  // The holder's code now: green, with what staff compare and the companion this offer takes.
  let verdict = await check(venue, await qrText(holder));
  await expect(verdict).toHaveAttribute('data-tone', 'valid');
  await expect(verdict.locator('#verdict-title')).toHaveText('Gyldig');
  await expect(verdict.locator('#verdict-name')).toHaveText('Amira');
  await expect(verdict.locator('.verdict-age')).toHaveText(`${new Date().getFullYear() - 2014} år`);
  await expect(verdict.locator('#verdict-companion')).toHaveText('+ 1 ledsager');
  await expect(venue.locator('#let-in')).toBeFocused();
  await expectAccessible(venue, 'green verdict');
  await screenshot(venue, 'nb-venue-green');
  await close(venue);

  // Offline: still checked, from the lists on the device.
  await venueContext.setOffline(true);
  await expect(venue.locator('.offline-badge')).toBeVisible();
  verdict = await check(venue, await qrText(holder));
  await expect(verdict).toHaveAttribute('data-tone', 'valid');
  await expect(verdict.locator('#verdict-name')).toHaveText('Amira');
  await close(venue);

  // A code shown two minutes ago (a screenshot): red, "old code". Another phone whose clock is
  // set back after its card was added, so its code says two minutes ago (the clock is per
  // browser context, so this is not the holder's phone).
  const pastContext = await browser.newContext();
  const past = await pastContext.newPage();
  await addCard(past, (await issueCard('Bilde', 2012)).code);
  await pastContext.clock.install({ time: new Date(Date.now() - 120_000) });
  await past.reload();
  await expect(past.locator('#card-qr svg')).toBeVisible();
  verdict = await check(venue, await qrText(past));
  await pastContext.close();
  await expect(verdict).toHaveAttribute('data-tone', 'invalid');
  await expect(verdict.locator('#verdict-title')).toHaveText('Ikke gyldig');
  await expect(verdict.locator('#verdict-reason')).toHaveText('Koden er gammel: et skjermbilde eller et foto.');
  await expectAccessible(venue, 'red verdict');
  await screenshot(venue, 'nb-venue-red');
  await close(venue);

  // Something that is not a card at all.
  verdict = await check(venue, 'https://example.org/');
  await expect(verdict.locator('#verdict-reason')).toHaveText('Dette er ikke et aktivitetskort.');
  await close(venue);

  // The municipality revokes the card; once the venue has synced, the card is refused.
  const revoke = await fetch(`${BASE()}/api/v1/admin/cards/${cardId}/revoke`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.ADMIN_KEY}` },
  });
  expect(revoke.ok).toBe(true);
  await venueContext.setOffline(false);
  await expect(venue.locator('.offline-badge')).toHaveCount(0);
  await expect(async () => {
    await venue.locator('#venue-sync').click();
    const v = await check(venue, await qrText(holder));
    const tone = await v.getAttribute('data-tone');
    await close(venue);
    expect(tone).toBe('invalid');
  }).toPass({ timeout: 20_000 });
  verdict = await check(venue, await qrText(holder));
  await expect(verdict.locator('#verdict-reason')).toHaveText('Kortet er sperret.');
  await close(venue);

  await holderContext.close();
  await venueContext.close();
});

test('visits made offline upload once online, and count once even after a retried upload', async ({ browser }) => {
  const holderContext = await browser.newContext();
  const venueContext = await browser.newContext();
  const holder = await holderContext.newPage();
  const venue = await venueContext.newPage();

  // A parent's phone with five cards (five different children).
  const names = ['Ada', 'Bo', 'Cleo', 'Dina', 'Eli'];
  for (const [i, name] of names.entries()) {
    await addCard(holder, (await issueCard(name, 2010 + i)).code);
  }
  await setUpVenue(venue);
  await expect(venue.locator('#visits-today')).toHaveText('0 besøk i dag');
  // Other journeys may have recorded visits today already.
  const before = todaysStored();

  await venueContext.setOffline(true);
  const switcher = holder.getByRole('group', { name: 'Velg hvilket kort som vises' });
  for (const [i, name] of names.entries()) {
    await switcher.getByRole('button', { name }).click();
    await expect(holder.locator('#holder-name')).toHaveText(name);
    const verdict = await check(venue, await qrText(holder));
    await expect(verdict.locator('#verdict-name')).toHaveText(name);
    await venue.locator('#let-in').click();
    await expect(venue.locator('#verdict')).toHaveCount(0);
    await expect(venue.locator('#visits-today')).toHaveText(`${i + 1} besøk i dag`);
  }
  await expect(venue.locator('#visits-waiting')).toHaveText('5 venter på opplasting');

  // The same card again within minutes: amber, and the staff decide.
  let verdict = await check(venue, await qrText(holder));
  await expect(verdict).toHaveAttribute('data-tone', 'warn');
  await expect(verdict.locator('.verdict-note')).toHaveText('Kortet ble sjekket inn for under ett minutt siden.');
  await expectAccessible(venue, 'amber verdict');
  await screenshot(venue, 'nb-venue-amber');
  await close(venue);

  // Back online, the first upload reaches the server but its answer is lost on the way back:
  // the device keeps the visits and sends them again.
  // Counted once the answer is dropped: unrouting while a handler is still between its fetch
  // and its abort would leave the route handled twice (the upload takes longer since visits
  // are counted against their limits as they arrive).
  let cut = 0;
  await venue.route('**/api/v1/visits', async (route) => {
    await route.fetch();
    await route.abort('connectionreset');
    cut += 1;
  });
  await venueContext.setOffline(false);
  await expect.poll(() => cut, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(venue.locator('#visits-waiting')).toHaveText('5 venter på opplasting');
  await venue.unroute('**/api/v1/visits');
  await venue.locator('#venue-sync').click();
  await expect(venue.locator('#visits-waiting')).toHaveText('Alt er lastet opp', { timeout: 20_000 });
  await settled(venue);

  // The backend counts each visit once: five more visits by five more children today.
  const after = todaysStored();
  expect(after.visits).toBe(before.visits + 5);
  expect(after.holders).toBe(before.holders + 5);

  // A reload of the venue device keeps the count and the setup.
  await venue.reload();
  await expect(venue.locator('#visits-today')).toHaveText('5 besøk i dag');
  await expect(venue.locator('#visits-waiting')).toHaveText('Alt er lastet opp');
  await holderContext.close();
  await venueContext.close();
});

test('a venue device whose clock is 5 minutes fast checks in the server\'s time and says so', async ({ browser }) => {
  const holderContext = await browser.newContext();
  const venueContext = await browser.newContext();
  // The tablet's clock runs 5 minutes ahead of the server's (and the holder's phone).
  await venueContext.clock.install({ time: new Date(Date.now() + 5 * 60_000) });
  const holder = await holderContext.newPage();
  const venue = await venueContext.newPage();
  await addCard(holder, (await issueCard('Klara', 2013)).code);
  await setUpVenue(venue);
  await expect(venue.locator('#venue-clock')).toHaveText(
    'Klokka på denne enheten går 5 min for fort. Kontrollen bruker serverens tid, men rett klokka i enhetens innstillinger.',
  );
  await expectAccessible(venue, 'venue desk with a clock warning');

  // Uncorrected, this genuine live code would be five minutes old: red, "old code".
  const verdict = await check(venue, await qrText(holder));
  await expect(verdict).toHaveAttribute('data-tone', 'valid');
  await expect(verdict.locator('#verdict-name')).toHaveText('Klara');
  // The visit is recorded in the server's time, so the server takes it: it refuses a visit more
  // than 5 minutes ahead of its clock (the tablet's own time is 5 minutes and a few seconds
  // ahead), and a refused visit would be set aside and counted here.
  await venue.locator('#let-in').click();
  await expect(venue.locator('#visits-today')).toHaveText('1 besøk i dag');
  await expect(venue.locator('#visits-waiting')).toHaveText('Alt er lastet opp', { timeout: 20_000 });
  await expect(venue.locator('#visits-set-aside')).toHaveCount(0);
  await holderContext.close();
  await venueContext.close();
});

test('the camera reads the card: a fake camera showing a screenshot of the holder\'s card', async ({ browser }) => {
  const holderContext = await browser.newContext({ deviceScaleFactor: 2 });
  const holder = await holderContext.newPage();
  await addCard(holder, (await issueCard('Sofia', 2013)).code);

  // The card's QR code as one camera frame: 640 × 480, the code in the middle on white, in the
  // YUV 4:2:0 file format Chromium's fake camera plays.
  const png = (await holder.locator('#card-qr').screenshot()).toString('base64');
  const luma = await holder.evaluate(async (b64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${b64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, 640, 480);
    const side = 440;
    context.drawImage(image, (640 - side) / 2, (480 - side) / 2, side, side);
    const rgba = context.getImageData(0, 0, 640, 480).data;
    const y = new Uint8Array(640 * 480);
    for (let i = 0; i < y.length; i++) {
      y[i] = Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
    }
    let binary = '';
    for (let k = 0; k < y.length; k += 0x8000) binary += String.fromCharCode.apply(null, y.subarray(k, k + 0x8000));
    return btoa(binary);
  }, png);
  const frame = Buffer.concat([
    Buffer.from('FRAME\n'),
    Buffer.from(luma, 'base64'),
    Buffer.alloc(2 * 320 * 240, 128),
  ]);
  const video = join(mkdtempSync(join(tmpdir(), 'ak-camera-')), 'card.y4m');
  writeFileSync(video, Buffer.concat([Buffer.from('YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n'), frame, frame]));

  const cameraBrowser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const venueContext = await cameraBrowser.newContext({ locale: 'nb-NO', permissions: ['camera'] });
    const venue = await venueContext.newPage();
    await setUpVenue(venue);
    await venue.locator('#scan-start').click();
    await expect(venue.locator('.scanner')).toHaveAttribute('data-decoder', /app|browser/);
    const verdict = venue.locator('#verdict');
    await expect(verdict).toBeVisible({ timeout: 20_000 });
    await expect(verdict).toHaveAttribute('data-tone', 'valid');
    await expect(verdict.locator('#verdict-name')).toHaveText('Sofia');
    await venue.locator('#verdict-close').click();
    await venue.locator('#scan-stop').click();
    await expect(venue.locator('#scan-status')).toHaveText('Kameraet er av.');
  } finally {
    await cameraBrowser.close();
    await holderContext.close();
  }
});
