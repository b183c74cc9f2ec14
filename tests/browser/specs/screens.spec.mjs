// Every screen in every language: no serious accessibility findings (axe-core, WCAG 2.1 AA), no
// horizontal scrolling at 360 px even with 200 % text, touch targets of at least 44 px, dark mode,
// and a screenshot of each kept as a CI artifact (artifacts/screens/<lang>-<screen>.png).
import { test, expect } from '@playwright/test';
import {
  BASE,
  addCard,
  expectAccessible,
  expectNoHorizontalScroll,
  expectTouchTargets,
  issueCard,
  screenshot,
} from './helpers.mjs';

const SCREENS = [
  ['card', '/'],
  ['add-card', '/aktiver'],
  ['offers', '/tilbud'],
  ['offer', '/tilbud/kode-familiesondag'],
  ['favourites', '/favoritter'],
  ['settings', '/innstillinger'],
  ['venue-setup', '/sted'],
];

const HEADINGS = {
  nb: { card: 'Mitt kort', offers: 'Tilbud', settings: 'Innstillinger' },
  en: { card: 'My card', offers: 'Offers', settings: 'Settings' },
  uk: { card: 'Моя картка', offers: 'Пропозиції', settings: 'Налаштування' },
  ar: { card: 'بطاقتي', offers: 'العروض', settings: 'الإعدادات' },
};

/** Sets this browser up as a venue device and opens the check desk. */
async function openVenueDesk(page) {
  await page.goto(`${BASE()}/sted`);
  await page.locator('#venue-key').fill(process.env.VENUE_KEY);
  await page.locator('#venue-setup-submit').click();
  await page.locator('#venue-offers button').first().click();
  await expect(page.locator('#qr-text')).toBeVisible();
}

/** Opens `path` and waits until the screen is drawn (and, on the offers screen, the filters are open). */
async function open(page, name, path) {
  await page.goto(`${BASE()}${path}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  if (name === 'offers') {
    await expect(page.locator('#offer-list .offer-item').first()).toBeVisible();
    await page.locator('#more-filters > summary').click();
  }
  if (name === 'card') await expect(page.locator('#card-qr svg')).toBeVisible();
}

for (const lang of ['nb', 'en', 'uk', 'ar']) {
  test(`every screen in ${lang}: accessible, within 360 px, large targets`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.addInitScript((code) => localStorage.setItem('aktivitetskortet.language', code), lang);
    const { code } = await issueCard(`Ida${lang.toUpperCase()}`, 2016);
    await addCard(page, code);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    await expect(page.getByRole('heading', { level: 1, name: HEADINGS[lang].card })).toBeVisible();

    for (const [name, path] of SCREENS) {
      await open(page, name, path);
      if (HEADINGS[lang][name]) {
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(HEADINGS[lang][name]);
      }
      await expectAccessible(page, `${lang} ${name}`);
      await expectNoHorizontalScroll(page, `${lang} ${name}`);
      await expectTouchTargets(page, `${lang} ${name}`);
      await screenshot(page, `${lang}-${name}`);
    }

    // The venue's desk and a verdict, in this language too.
    const cardText = await (async () => {
      await page.goto(`${BASE()}/`);
      await expect(page.locator('#card-qr svg')).toBeVisible();
      return page.locator('#card-qr').getAttribute('data-qr');
    })();
    await openVenueDesk(page);
    await expectAccessible(page, `${lang} venue desk`);
    await expectTouchTargets(page, `${lang} venue desk`);
    await screenshot(page, `${lang}-venue-desk`);
    await page.locator('#qr-text').fill(cardText);
    await page.locator('#qr-check').click();
    await expect(page.locator('#verdict')).toHaveAttribute('data-tone', 'valid');
    await expectAccessible(page, `${lang} verdict`);
    await screenshot(page, `${lang}-venue-verdict`);
    await page.locator('#verdict-close').click();
    await expectNoHorizontalScroll(page, `${lang} venue desk`);

    // The smallest phones, with the text at twice its size.
    await page.setViewportSize({ width: 360, height: 740 });
    for (const [name, path] of SCREENS) {
      await open(page, name, path);
      // Through the CSSOM: the Content-Security-Policy refuses an inline style tag.
      await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important'));
      await expectNoHorizontalScroll(page, `${lang} ${name} at 200 % text`);
    }
    await screenshot(page, `${lang}-settings-200-percent-text`);
  });
}

test('dark mode keeps the contrast, and the QR code stays black on white', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const { code } = await issueCard('Sara', 2012);
  await addCard(page, code);
  await expectAccessible(page, 'dark card');
  const frame = await page.locator('#card-qr').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(frame).toBe('rgb(255, 255, 255)');
  await screenshot(page, 'nb-card-dark');
  for (const [name, path] of SCREENS.slice(2)) {
    await open(page, name, path);
    await expectAccessible(page, `dark ${name}`);
  }
  await screenshot(page, 'nb-settings-dark');
});
