// The app in four languages: it starts in the phone's language, can be changed in the settings,
// and Arabic mirrors the layout right to left, still readable at 360 px and accessible.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const ARTIFACTS = new URL('../artifacts', import.meta.url).pathname;

test('choosing Arabic in the settings turns the app right to left', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${process.env.BASE_URL}/innstillinger`);
  await page.getByRole('radio', { name: 'العربية' }).check();

  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { level: 1, name: 'الإعدادات' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'القائمة الرئيسية' });
  await expect(nav.getByRole('link')).toHaveText(['البطاقة', 'العروض', 'المفضلة', 'الإعدادات']);
  // Mirrored: the first tab (the card) is now at the right edge.
  const first = await nav.getByRole('link').first().boundingBox();
  const last = await nav.getByRole('link').last().boundingBox();
  expect(first.x).toBeGreaterThan(last.x);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: `${ARTIFACTS}/settings-arabic.png`, fullPage: true });

  await nav.getByRole('link', { name: 'البطاقة' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'بطاقتي' })).toBeVisible();
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => v.id)).toEqual([]);

  // And back to bokmål.
  await nav.getByRole('link', { name: 'الإعدادات' }).click();
  await page.getByRole('radio', { name: 'Norsk bokmål' }).check();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('heading', { level: 1, name: 'Innstillinger' })).toBeVisible();
});

test('the chosen language is remembered after a reload', async ({ page }) => {
  await page.goto(`${process.env.BASE_URL}/innstillinger`);
  await page.getByRole('radio', { name: 'English' }).check();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'English' })).toBeChecked();
});

test.describe('a phone set to Ukrainian', () => {
  test.use({ locale: 'uk-UA' });

  test('opens the app in Ukrainian', async ({ page }) => {
    await page.goto(`${process.env.BASE_URL}/`);
    await expect(page.getByRole('heading', { level: 1, name: 'Моя картка' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'uk');
    await expect(page.getByRole('radio')).toHaveCount(0);
  });
});

test.describe('a phone set to English', () => {
  test.use({ locale: 'en-GB' });

  test('opens the app in English', async ({ page }) => {
    await page.goto(`${process.env.BASE_URL}/tilbud`);
    await expect(page.getByRole('heading', { level: 1, name: 'Offers' })).toBeVisible();
  });
});
