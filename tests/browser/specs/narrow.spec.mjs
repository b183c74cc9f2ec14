// The admin area and a provider's area on a 360 px phone: the tabs wrap in rows of whole words,
// and a table wider than the screen scrolls in its own box, never the page (WCAG 1.4.10).
import { test, expect } from '@playwright/test';
import { BASE, adminApi, expectAccessible, screenshot, testOffer } from './helpers.mjs';

test.use({ viewport: { width: 360, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

async function signIn(page, key) {
  await page.goto(`${BASE()}/admin`);
  await page.locator('#admin-key').fill(key);
  await page.locator('#admin-sign-in').click();
  await expect(page.locator('.admin-nav')).toBeVisible();
}

/** Opens a tab and checks that the page fits the phone's width and the tabs read as words. */
async function fits(page, tab, heading, shot) {
  const link = page.locator('.admin-nav').getByRole('link', { name: tab, exact: true });
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.locator('.loading')).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), tab).toBeLessThanOrEqual(360);
  // One line of text, not a letter a line: about as tall as the 44 px touch target.
  const box = await link.boundingBox();
  expect(box.height, tab).toBeLessThan(60);
  await expectAccessible(page, `${tab} at 360 px`);
  await screenshot(page, shot);
}

test('the admin area fits a 360 px phone', async ({ page }) => {
  await signIn(page, process.env.ADMIN_KEY);
  for (const [tab, heading] of [
    ['Statistikk', 'Statistikk'],
    ['Tilbud', 'Tilbud'],
    ['Kort', 'Kort'],
    ['Steder', 'Steder'],
    ['Tilbydere', 'Tilbydere'],
    ['Logg', 'Logg'],
  ]) {
    await fits(page, tab, heading, `admin-360-${tab.toLowerCase()}`);
  }
});

test('a provider\'s area fits a 360 px phone', async ({ page }) => {
  const { id, key } = await adminApi('POST', '/api/v1/admin/providers', { name: 'Åsane fotball' });
  await adminApi('POST', '/api/v1/admin/offers', testOffer('asane-fotball-trening', 'Fotballtrening for jenter og gutter'));
  await adminApi('PUT', '/api/v1/admin/offers/asane-fotball-trening/terms', { provider_id: id, refund_ore: 4_000 });
  await signIn(page, key);
  await fits(page, 'Mine tilbud', 'Tilbud', 'provider-360-offers');
  const table = page.locator('#admin-offer-table');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  // The table's box scrolls when the table is wider than the phone, and takes the keyboard.
  const scroller = page.locator('.table-scroll').filter({ has: table });
  await expect(scroller).toHaveAttribute('tabindex', '0');
  // Its offer's form too.
  await table.getByRole('link', { name: 'Endre Fotballtrening for jenter og gutter' }).click();
  await expect(page.locator('#offer-title-nb')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'offer form').toBeLessThanOrEqual(360);
  await expectAccessible(page, 'a provider\'s offer form at 360 px');
  await screenshot(page, 'provider-360-offer-form');
  await fits(page, 'Oppgjør', 'Oppgjør', 'provider-360-settlement');
  await fits(page, 'Besøk', 'Besøk', 'provider-360-visits');
});
