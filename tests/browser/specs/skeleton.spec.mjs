// The walking skeleton's journey: the app loads from our server, shows its first screen in bokmål,
// moves between the tabs, survives a reload on a client route, and logs no errors.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { appendFileSync, mkdirSync } from 'node:fs';

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

/** Collects console errors and uncaught exceptions for the whole test. */
function watchErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText;
    // A reload cancels requests still in flight (ERR_ABORTED): that is the browser, not the app.
    // A missing file is a 404 response, not a failed request, and is caught by the tests below.
    if (why !== 'net::ERR_ABORTED') errors.push(`request: ${req.url()} ${why}`);
  });
  return errors;
}

async function expectNoHorizontalScroll(page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test('first screen, the tabs, no console errors', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${process.env.BASE_URL}/`);

  await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
  await expect(page).toHaveTitle('Aktivitetskortet');
  await expect(page.locator('.app-name')).toHaveText('Aktivitetskortet');
  await expect(page.getByRole('heading', { level: 1, name: 'Mitt kort' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Plass for aktivitetskortet' })).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Hovedmeny' });
  await expect(nav.getByRole('link')).toHaveText(['Kort', 'Tilbud', 'Favoritter', 'Innstillinger']);
  await expect(nav.getByRole('link', { name: 'Kort' })).toHaveAttribute('aria-current', 'page');
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: `${ARTIFACTS}/skeleton-card.png`, fullPage: true });

  await nav.getByRole('link', { name: 'Tilbud' }).click();
  await expect(page).toHaveURL(/\/tilbud$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Tilbud' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Tilbud' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Kort' })).not.toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: `${ARTIFACTS}/skeleton-offers.png`, fullPage: true });

  await nav.getByRole('link', { name: 'Innstillinger' }).click();
  await expect(page).toHaveURL(/\/innstillinger$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Innstillinger' })).toBeVisible();
  await expect(page.getByText('Norsk bokmål')).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/skeleton-settings.png`, fullPage: true });

  await nav.getByRole('link', { name: 'Kort' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Mitt kort' })).toBeVisible();

  expect(errors).toEqual([]);
});

test('a reload on a client route opens that screen', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${process.env.BASE_URL}/innstillinger`);
  await expect(page.getByRole('heading', { level: 1, name: 'Innstillinger' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Innstillinger' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('fits a 360 px wide screen without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${process.env.BASE_URL}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Mitt kort' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  const tabs = page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link');
  for (const box of await tabs.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()))) {
    // WCAG 2.5.5 / platform guidance: touch targets of at least 44×44 CSS px.
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.width).toBeGreaterThanOrEqual(44);
  }
});

test('an unknown path shows a way back, not a blank page', async ({ page }) => {
  await page.goto(`${process.env.BASE_URL}/finnes-ikke`);
  await expect(page.getByRole('heading', { level: 1, name: 'Fant ikke siden' })).toBeVisible();
  await page.getByRole('link', { name: 'Til kortet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mitt kort' })).toBeVisible();
});

test('no serious or critical accessibility violations on any screen', async ({ page }) => {
  for (const path of ['/', '/tilbud', '/innstillinger']) {
    await page.goto(`${process.env.BASE_URL}${path}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target).join(', ')}`);
    expect(serious).toEqual([]);
  }
});

test('the Content-Security-Policy is on: a script injected into the page is refused and reported', async ({ page }) => {
  const refused = [];
  page.on('console', (msg) => {
    if (msg.text().includes('Content Security Policy')) refused.push(msg.text());
  });
  await page.goto(`${process.env.BASE_URL}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Mitt kort' })).toBeVisible();
  expect(refused, 'the app itself needs nothing the policy refuses').toEqual([]);
  // The server must receive this one report (global-setup's teardown checks it arrived, and
  // that no other page of any journey caused one).
  appendFileSync(process.env.CSP_EXPECTED_FILE, 'script-src-elem\n');
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.body.append(script);
    return window.__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => refused.length).toBeGreaterThan(0);
  expect(refused[0]).toContain('script-src');
});

