// Staff sign in to the admin area with the municipality's identity provider: a real OpenID
// provider (npm's oidc-provider, started by global-setup.mjs), through its own sign-in and consent
// pages. An administrator sees everything and signs out; a statistician sees the statistics only
// and the server refuses the rest to them; a provider's person (the role for the demo's KODE,
// provider 1) keeps KODE's offers and nothing else; a person without a role gets no session.
import { test, expect } from '@playwright/test';
import { BASE, expectAccessible } from './helpers.mjs';

test.use({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

/** From the admin area's sign-in button through the provider's pages as `login`. */
async function signInAtProvider(page, login) {
  await page.goto(`${BASE()}/admin`);
  await page.locator('#admin-sign-in-provider').click();
  await page.waitForURL((url) => !url.href.startsWith(BASE()), { waitUntil: 'commit' });
  // The provider's pages, until it sends the browser back: sign in, then consent.
  for (let step = 0; step < 4 && !page.url().startsWith(BASE()); step++) {
    const loginField = page.locator('input[name="login"]');
    await page.locator('button[type="submit"], input[type="submit"]').first().waitFor();
    if (await loginField.count()) {
      await loginField.fill(login);
      await page.locator('input[name="password"]').fill('any password');
    }
    // The provider's pages ask for web fonts, which never load here: wait for the next page's
    // document, not for its load event.
    const before = page.url();
    await Promise.all([
      page.waitForURL((url) => url.href !== before, { waitUntil: 'commit' }),
      page.locator('button[type="submit"], input[type="submit"]').first().click(),
    ]);
  }
}

/** What the server answers the browser's own session for `path` (its cookie goes along). */
async function status(page, path, method = 'GET') {
  return page.evaluate(async ([path, method]) => (await fetch(path, { method })).status, [path, method]);
}

test('an administrator signs in with the identity provider, sees everything, and signs out', async ({ page }) => {
  await signInAtProvider(page, 'kari');
  await expect(page).toHaveURL(/\/admin/);
  await expect(page.getByRole('heading', { level: 1, name: 'Statistikk' })).toBeVisible();
  for (const tab of ['Statistikk', 'Tilbud', 'Kort', 'Steder', 'Logg']) {
    await expect(page.getByRole('link', { name: tab, exact: true })).toBeVisible();
  }
  // No key, so no warning about one expiring.
  await expect(page.locator('#admin-key-expiry')).toHaveCount(0);
  // The cookie is not readable by the page's scripts.
  expect(await page.evaluate(() => document.cookie)).not.toContain('ak_staff');
  // A change without the session's CSRF token is refused, whatever the cookie.
  expect(await status(page, '/api/v1/admin/offers/kode-familiesondag', 'DELETE')).toBe(403);
  // The providers page names the role that signs a provider's people in as its (KODE: 1).
  await page.getByRole('link', { name: 'Tilbydere', exact: true }).click();
  await expect(page.locator('#admin-provider-table tr[data-provider="1"] .provider-role'))
    .toHaveText('Rolle for innlogging: aktivitetskortet-provider-1');
  // The log names her, by her name at the provider.
  await page.getByRole('link', { name: 'Logg', exact: true }).click();
  await expect(page.locator('#admin-audit-table tr[data-action="staff.sign_in"] .audit-who').first())
    .toHaveText('Kari Nordmann');
  await expectAccessible(page, 'admin signed in with the identity provider');

  await page.locator('#admin-sign-out').click();
  await expect(page.locator('#admin-sign-in-provider')).toBeVisible();
  // Signed out at the server too: the old cookie opens nothing, and a reload stays signed out.
  expect(await status(page, '/api/v1/admin/me')).toBe(401);
  await page.reload();
  await expect(page.locator('#admin-sign-in-provider')).toBeVisible();
  await expect(page.locator('#admin-sign-out')).toHaveCount(0);
});

test('a statistician sees the statistics only, and the server refuses the rest', async ({ page }) => {
  await signInAtProvider(page, 'ola');
  await expect(page.getByRole('heading', { level: 1, name: 'Statistikk' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Statistikk', exact: true })).toBeVisible();
  for (const tab of ['Tilbud', 'Kort', 'Steder', 'Logg']) {
    await expect(page.getByRole('link', { name: tab, exact: true })).toHaveCount(0);
  }
  expect(await status(page, '/api/v1/admin/stats/periods')).toBe(200);
  expect(await status(page, '/api/v1/admin/cards')).toBe(403);
  expect(await status(page, '/api/v1/admin/audit')).toBe(403);
});

test('a provider\'s person signs in as that provider and keeps its own offers only', async ({ page }) => {
  await signInAtProvider(page, 'kaja');
  await expect(page.getByRole('heading', { level: 1, name: 'Tilbud' })).toBeVisible();
  for (const tab of ['Mine tilbud', 'Besøk', 'Oppgjør']) {
    await expect(page.getByRole('link', { name: tab, exact: true })).toBeVisible();
  }
  for (const tab of ['Statistikk', 'Kort', 'Steder', 'Logg']) {
    await expect(page.getByRole('link', { name: tab, exact: true })).toHaveCount(0);
  }
  // KODE's offers, and no one else's.
  const table = page.locator('#admin-offer-table');
  await expect(table.locator('tr[data-offer="kode-ungdomskveld"]')).toBeVisible();
  await expect(table.locator('tr[data-offer="cinemateket-barnefilmklubb"]')).toHaveCount(0);
  // A change goes through with the session's CSRF token (the admin area sends it).
  await table.getByRole('link', { name: 'Endre Ungdomskveld på KODE' }).click();
  await page.locator('#admin-offer-save').click();
  await expect(page.locator('#admin-offer-table tr[data-offer="kode-ungdomskveld"]')).toBeVisible();
  // The server gives its session the provider API, and nothing of the municipality's.
  expect(await status(page, '/api/v1/provider/me')).toBe(200);
  expect(await status(page, '/api/v1/admin/stats/periods')).toBe(403);
  expect(await status(page, '/api/v1/admin/offers')).toBe(403);
  await expectAccessible(page, 'provider signed in with the identity provider');
});

test('a person without a role for the service gets no session', async ({ page }) => {
  await signInAtProvider(page, 'per');
  // Back at the admin area's sign-in, told why.
  await expect(page.locator('#admin-key-error')).toContainText('ingen rolle');
  await expect(page.locator('#admin-sign-in-provider')).toBeVisible();
  expect(await status(page, '/api/v1/admin/me')).toBe(401);
});
