// The holder's journeys against the real backend with the demo data: add a card, show it (its QR
// code verifies, and changes), keep working offline after a reload, find offers offline, two cards
// on one phone, mistakes while adding a card, and a new app version that keeps the cards.
import { test, expect } from '@playwright/test';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BASE,
  DEMO_OFFERS,
  addCard,
  expectAccessible,
  fold,
  issueCard,
  qrText,
  settled,
  verifyScreenshot,
  waitForOfflineShell,
  watchErrors,
} from './helpers.mjs';

test('a demo card shows its name and a QR code that verifies, and the code changes', async ({ page }) => {
  const errors = watchErrors(page);
  const code = JSON.parse(process.env.DEMO_CODES).Amina;
  await addCard(page, code);
  await expect(page.locator('#holder-name')).toHaveText('Amina');
  const age = new Date().getFullYear() - 2015;
  await expect(page.locator('.holder-age')).toHaveText(`${age} år`);
  await expect(page.getByText('Du kan ta med én ledsager på offentlige arrangementer.')).toBeVisible();
  await expect(page.getByRole('img', { name: /QR-kode for kortet til Amina/ })).toBeVisible();

  // What the screen shows is read back from a screenshot and checked like a venue would.
  const first = await verifyScreenshot(await page.locator('#card-qr').screenshot());
  expect(first.verdict).toBe('VALID');
  expect(first.given_name).toBe('Amina');
  expect(first.text).toBe(await qrText(page));

  // A new code after the rotation interval (10 s), and it verifies too.
  await expect.poll(() => qrText(page), { timeout: 15_000, intervals: [500] }).not.toBe(first.text);
  const second = await verifyScreenshot(await page.locator('#card-qr').screenshot());
  expect(second.verdict).toBe('VALID');
  expect(second.text).not.toBe(first.text);

  // The liveness clock runs.
  const t1 = await page.locator('#liveness-clock').textContent();
  await expect.poll(() => page.locator('#liveness-clock').textContent(), { timeout: 3_000 }).not.toBe(t1);
  expect(errors).toEqual([]);
});

test('offline after a reload: the card still shows, and search and filters find the right offers', async ({ page, context }) => {
  const { code } = await issueCard('Oksana', 2019);
  await addCard(page, code);
  await page.getByRole('link', { name: 'Tilbud' }).click();
  await expect(page.locator('#result-count')).not.toHaveText(/^0 /);
  await waitForOfflineShell(page);

  await page.getByRole('link', { name: 'Kort', exact: true }).click();
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('#holder-name')).toHaveText('Oksana');
  await expect(page.locator('#card-qr svg')).toBeVisible();
  await expect(page.locator('#offline-badge')).toBeVisible();

  await page.getByRole('link', { name: 'Tilbud' }).click();
  await expect(page.getByText(/Du er uten nett/)).toBeVisible();
  await page.getByLabel('Søk i tilbudene').fill('svomming');
  await page.locator('#age-filter').selectOption('7');
  await page.locator('#more-filters > summary').click();
  await page.getByRole('group', { name: 'Bydel' }).getByRole('button', { name: 'Fana' }).click();

  // What the catalogue holds for that, worked out here from the demo data: swimming offers (or
  // offers whose words start with "svomming") in Fana, open to a 7-year-old.
  const words = (o) =>
    fold([o.title.nb, o.summary.nb, o.description.nb, o.venue].join(' ')).split(/[^\p{L}\p{N}]+/u);
  const expected = DEMO_OFFERS.filter(
    (o) =>
      (o.category === 'swimming' || words(o).some((w) => w.startsWith('svomming'))) &&
      o.district === 'fana' &&
      o.age_min <= 7 &&
      7 <= o.age_max,
  ).map((o) => o.title.nb);
  expect(expected.length).toBeGreaterThan(0);
  const titles = page.locator('#offer-list .offer-title');
  await expect(titles).toHaveCount(expected.length);
  expect((await titles.allTextContents()).sort()).toEqual(expected.sort());
  await expect(page.locator('#result-count')).toHaveText(`${expected.length} tilbud`);

  // An offer's page opens offline too.
  await titles.first().click();
  await expect(page.getByRole('heading', { level: 2, name: 'Slik bruker du kortet her' })).toBeVisible();
  await context.setOffline(false);
});

test('two cards on one phone, switching between them', async ({ page }) => {
  const first = await issueCard('Mariia', 2011);
  const second = await issueCard('Taras', 2021);
  await addCard(page, first.code);
  await addCard(page, second.code);
  const switcher = page.getByRole('group', { name: 'Velg hvilket kort som vises' });
  await expect(switcher.getByRole('button')).toHaveText(['Mariia', 'Taras']);
  // The card just added is shown.
  await expect(page.locator('#holder-name')).toHaveText('Taras');
  await expect(switcher.getByRole('button', { name: 'Taras' })).toHaveAttribute('aria-pressed', 'true');
  const tarasCode = await qrText(page);

  await switcher.getByRole('button', { name: 'Mariia' }).click();
  await expect(page.locator('#holder-name')).toHaveText('Mariia');
  await expect(switcher.getByRole('button', { name: 'Mariia' })).toHaveAttribute('aria-pressed', 'true');
  const mariia = await verifyScreenshot(await page.locator('#card-qr').screenshot());
  expect(mariia.verdict).toBe('VALID');
  expect(mariia.given_name).toBe('Mariia');
  expect(mariia.text).not.toBe(tarasCode);

  // The choice is remembered.
  await settled(page);
  await page.reload();
  await expect(page.locator('#holder-name')).toHaveText('Mariia');

  // The offers start at the shown holder's age.
  await page.getByRole('link', { name: 'Tilbud' }).click();
  const age = String(new Date().getFullYear() - 2011);
  await expect(page.locator('#age-filter')).toHaveValue(age);
});

test('mistakes while adding a card get plain answers and add nothing', async ({ page, context }) => {
  await page.goto(`${BASE()}/aktiver`);
  const input = page.getByLabel('Aktiveringskode');
  const submit = page.locator('#add-submit');
  const error = page.locator('#code-error');

  await input.fill('K7QF-9M2X-HT4P');
  await submit.click();
  await expect(error).toHaveText('Koden skal ha 16 bokstaver og tall. Du har skrevet 12.');
  await expect(input).toHaveAttribute('aria-invalid', 'true');

  await input.fill('K7QF-9M2X-HT4P-WJ3Ø');
  await submit.click();
  await expect(error).toHaveText(/«Ø» finnes ikke i koder/);

  await input.fill('AAAA-BBBB-CCCC-DDDD');
  await submit.click();
  await expect(error).toHaveText(/Koden virker ikke/);

  // A used code gets the same answer (the server does not say which).
  const { code } = await issueCard('Ola', 2014);
  const other = await context.browser().newContext();
  const otherPage = await other.newPage();
  await addCard(otherPage, code);
  await other.close();
  await input.fill(code);
  await submit.click();
  await expect(error).toHaveText(/Koden virker ikke/);

  // Offline: a network problem, not a wrong code.
  const fresh = await issueCard('Kari', 2016);
  await context.setOffline(true);
  await input.fill(fresh.code);
  await submit.click();
  await expect(error).toHaveText('Du er ikke på nett. Koble til internett og prøv igjen.');
  await context.setOffline(false);
  await expectAccessible(page, 'add card with an error');

  // Nothing was added: the card screen is still empty.
  await page.getByRole('link', { name: 'Kort', exact: true }).click();
  await expect(page.getByRole('img', { name: 'Plass for aktivitetskortet' })).toBeVisible();

  // And the code still works afterwards, from the letter's link.
  await page.goto(`${BASE()}/aktiver?kode=${fresh.code}`);
  await expect(input).toHaveValue(fresh.code);
  await expect(page).toHaveURL(/\/aktiver(\?kode=)?$/);
  await submit.click();
  await expect(page.locator('#holder-name')).toHaveText('Kari');
});

test('a new version of the app is picked up online and keeps the cards', async ({ page }) => {
  const { code } = await issueCard('Nora', 2013);
  await addCard(page, code);
  await waitForOfflineShell(page);
  const before = await page.evaluate(async () => (await caches.keys()).find((k) => k.startsWith('ak-shell-holder-')));

  // Deploy a "new version": the same app with a new service worker version.
  const sw = join(process.env.WEB_DIR, 'sw.js');
  const original = readFileSync(sw, 'utf8');
  const version = original.match(/VERSION="([0-9a-f]+)"/)[1];
  writeFileSync(sw, original.replaceAll(version, `${version.slice(0, 12)}beef`));
  // The server sends the build's precompressed copies when there are any: the new version has
  // none yet, as if it were deployed without them.
  const packed = ['br', 'gz'].map((ext) => `${sw}.${ext}`).filter((f) => existsSync(f));
  for (const f of packed) renameSync(f, `${f}.away`);
  try {
    await page.reload();
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await expect
      .poll(() => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('ak-shell-holder-'))), {
        timeout: 20_000,
      })
      .toEqual([`ak-shell-holder-${version.slice(0, 12)}beef`]);
    expect(before).toBe(`ak-shell-holder-${version}`);
    await page.reload();
    await expect(page.locator('#holder-name')).toHaveText('Nora');
    await expect(page.locator('#card-qr svg')).toBeVisible();
  } finally {
    writeFileSync(sw, original);
    for (const f of packed) renameSync(`${f}.away`, f);
  }
});

test.describe('a phone that shares its position', () => {
  // Near Bergen's Festplassen.
  test.use({ geolocation: { latitude: 60.3913, longitude: 5.3247 }, permissions: ['geolocation'] });

  test('"near me" sorts the offers by distance, on the phone', async ({ page }) => {
    await page.goto(`${BASE()}/tilbud`);
    await expect(page.locator('#offer-list .offer-item').first()).toBeVisible();
    await page.locator('#age-filter').selectOption('any');
    await page.locator('#sort-choice').selectOption('nearest');
    await expect(page.locator('#offer-list .offer-distance').first()).toBeVisible();

    // The nearest offers, worked out here from the demo data (haversine, as the app does).
    const rad = (d) => (d * Math.PI) / 180;
    const metres = (o) => {
      const [la1, la2] = [rad(60.3913), rad(o.location.lat)];
      const a = Math.sin((la2 - la1) / 2) ** 2 +
        Math.cos(la1) * Math.cos(la2) * Math.sin(rad(o.location.lon - 5.3247) / 2) ** 2;
      return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
    };
    const nearest = DEMO_OFFERS.filter((o) => o.location)
      .map((o) => [metres(o), o.title.nb])
      .sort((a, b) => a[0] - b[0])
      .slice(0, 3)
      .map(([, title]) => title);
    const shown = await page.locator('#offer-list .offer-title').allTextContents();
    expect(shown.slice(0, 3)).toEqual(nearest);
  });
});

test('favourites stay on the phone, and a removed card is gone', async ({ page }) => {
  const { code } = await issueCard('Emil', 2014);
  await addCard(page, code);
  await page.goto(`${BASE()}/tilbud/kode-familiesondag`);
  const favourite = page.locator('#favourite');
  await expect(favourite).toHaveAttribute('aria-pressed', 'false');
  await favourite.click();
  await expect(favourite).toHaveAttribute('aria-pressed', 'true');
  await settled(page);
  await page.reload();
  await page.getByRole('link', { name: 'Favoritter' }).click();
  // The title, and for screen readers the word "favourite".
  await expect(page.locator('#favourite-list .offer-title')).toHaveText(['Familiesøndag på KODE (favoritt)']);

  await page.getByRole('link', { name: 'Innstillinger' }).click();
  await page.getByRole('button', { name: 'Fjern kortet til Emil' }).click();
  await expect(page.getByText('Vil du fjerne kortet til Emil fra telefonen?')).toBeVisible();
  await page.locator('#confirm-remove').click();
  await expect(page.getByText('Det er ingen kort på denne telefonen.')).toBeVisible();
  await settled(page);
  await page.reload();
  await page.getByRole('link', { name: 'Kort', exact: true }).click();
  await expect(page.getByRole('img', { name: 'Plass for aktivitetskortet' })).toBeVisible();
});
