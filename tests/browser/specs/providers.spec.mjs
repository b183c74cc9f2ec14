// A provider in the admin area with its provider key: it sees and edits only its own offers (the
// server refuses another's), its new offer waits until the municipality approves it, and its
// settlement report (page and CSV) adds up to the visits recorded in this journey.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  BASE,
  adminApi,
  expectAccessible,
  issueCard,
  screenshot,
  testOffer,
  uploadVisits,
} from './helpers.mjs';

test.use({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

async function catalogueIds() {
  const catalogue = await (await fetch(`${BASE()}/api/v1/catalogue`)).json();
  return new Map(catalogue.offers.map((o) => [o.id, o]));
}

test('a provider edits its own offer and not another\'s, and its settlement matches the visits', async ({ page, browser }) => {
  const { id: providerId, key } = await adminApi('POST', '/api/v1/admin/providers', { name: 'Fana turn' });
  await adminApi('POST', '/api/v1/admin/offers', testOffer('fana-turn-trening', 'Turntrening for barn'));
  await adminApi('POST', '/api/v1/admin/offers', testOffer('annen-klubb', 'Et annet tilbud'));
  await adminApi('PUT', '/api/v1/admin/offers/fana-turn-trening/terms', { provider_id: providerId, refund_ore: 5_000 });

  // The provider signs in with its key and lands on its own offers: this one only.
  await page.goto(`${BASE()}/admin`);
  await page.locator('#admin-key').fill(key);
  await page.locator('#admin-sign-in').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tilbud' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Mine tilbud' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Kort', exact: true })).toHaveCount(0);
  const rows = page.locator('#admin-offer-table tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-offer', 'fana-turn-trening');
  await expect(page.locator('#admin-category-rules')).toHaveCount(0);
  await expectAccessible(page, 'provider offers');

  // It edits its offer; holders get the new title.
  await rows.first().getByRole('link', { name: 'Endre Turntrening for barn' }).click();
  await expect(page.locator('#offer-visit-rule')).toHaveCount(0);
  await page.locator('#offer-title-nb').fill('Turntrening for store og små');
  await page.locator('#admin-offer-save').click();
  await expect(page.locator('#admin-offer-table')).toContainText('Turntrening for store og små');
  expect((await catalogueIds()).get('fana-turn-trening').title.nb).toBe('Turntrening for store og små');

  // Another's offer: not in its area, and the server refuses the change.
  await page.goto(`${BASE()}/admin/tilbud/annen-klubb/endre`);
  await expect(page.getByRole('heading', { level: 1, name: 'Fant ikke tilbudet' })).toBeVisible();
  const refused = await fetch(`${BASE()}/api/v1/provider/offers/annen-klubb`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(testOffer('annen-klubb', 'Overtatt')),
  });
  expect(refused.status).toBe(403);
  expect((await catalogueIds()).get('annen-klubb').title.nb).toBe('Et annet tilbud');

  // A new offer of its own waits for the municipality's approval.
  await page.getByRole('link', { name: 'Mine tilbud' }).click();
  await page.locator('#admin-new-offer').click();
  await page.locator('#offer-id').fill('fana-turn-sommer');
  await page.locator('#offer-title-nb').fill('Sommerturn');
  await page.locator('#offer-summary-nb').fill('Turn ute i sommerferien.');
  await page.locator('#offer-description-nb').fill('Vi turner ute, med instruktører fra Fana turn.');
  await page.locator('#offer-organiser').fill('Fana turn');
  await page.locator('#offer-venue').fill('Fana stadion');
  await page.locator('#offer-address').fill('Fanavegen 1, 5244 Fana');
  await page.locator('#admin-offer-save').click();
  const waiting = page.locator('#admin-offer-table tr[data-offer="fana-turn-sommer"]');
  await expect(waiting).toContainText('Venter på godkjenning');
  await expect(page.locator('#admin-approval-note')).toBeVisible();
  expect((await catalogueIds()).has('fana-turn-sommer')).toBe(false);

  // The municipality approves it: then holders get it.
  const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const adminPage = await admin.newPage();
  await adminPage.goto(`${BASE()}/admin/tilbud`);
  await adminPage.locator('#admin-key').fill(process.env.ADMIN_KEY);
  await adminPage.locator('#admin-sign-in').click();
  await adminPage.getByRole('link', { name: 'Tilbud', exact: true }).click();
  await adminPage.locator('#admin-offer-search').fill('Sommerturn');
  await adminPage.getByRole('button', { name: 'Godkjenn Sommerturn' }).click();
  await expect(adminPage.locator('#admin-offers-message')).toContainText('fana-turn-sommer er godkjent');
  expect((await catalogueIds()).has('fana-turn-sommer')).toBe(true);
  await admin.close();

  // Three visits this month, one with a companion: 3 visits + 1 companion at 50 kr each.
  const { key: venueKey } = await adminApi('POST', '/api/v1/admin/venue-keys', {
    name: 'Fana turnhall',
    offer_ids: ['fana-turn-trening'],
  });
  const cards = [(await issueCard('Ida', 2015)).cardId, (await issueCard('Ole', 2013)).cardId];
  await uploadVisits(venueKey, [
    { card_id: cards[0], offer_id: 'fana-turn-trening', companion: true },
    { card_id: cards[1], offer_id: 'fana-turn-trening' },
    { card_id: cards[0], offer_id: 'fana-turn-trening' },
  ]);

  await page.getByRole('link', { name: 'Oppgjør' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Oppgjør' })).toBeVisible();
  await expect(page.locator('#settlement-total-visits')).toHaveText('3');
  await expect(page.locator('#settlement-total-companions')).toHaveText('1');
  await expect(page.locator('#settlement-total-amount')).toHaveText('200,00 kr');
  await expect(page.locator('#settlement-table tbody tr')).toHaveCount(1);
  await expectAccessible(page, 'provider settlement');
  await screenshot(page, 'admin-provider-settlement');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#settlement-csv').click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv).toContain(',fana-turn-trening,Turntrening for store og små,3,1,0,50.00,200.00\r\n');
  // This month is still running: the file says so under its total.
  expect(csv).toMatch(
    /total,,,3,1,0,,200\.00\r\nnot final: visits may be uploaded until \d{4}-\d{2}-\d{2},,,,,,,\r\n$/,
  );
  await expect(page.locator('#settlement-print')).toBeVisible();

  // Its visit counts per closed month: this month is not closed yet, so there are none.
  await page.getByRole('link', { name: 'Besøk' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Besøk' })).toBeVisible();
  await expect(page.locator('#visits-none')).toBeVisible();
  await expectAccessible(page, 'provider visits');
});

test('a provider\'s lost key is replaced on the Tilbydere page: the old one stops, the new one works', async ({ page }) => {
  const { key: old } = await adminApi('POST', '/api/v1/admin/providers', { name: 'Laksevåg bueskyttere' });
  const me = (key) => fetch(`${BASE()}/api/v1/provider/me`, { headers: { authorization: `Bearer ${key}` } });
  expect((await me(old)).status).toBe(200);

  await page.goto(`${BASE()}/admin`);
  await page.locator('#admin-key').fill(process.env.ADMIN_KEY);
  await page.locator('#admin-sign-in').click();
  await page.getByRole('link', { name: 'Tilbydere', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tilbydere' })).toBeVisible();
  await page.getByRole('button', { name: 'Ny nøkkel til Laksevåg bueskyttere' }).click();
  // Nothing happens before it is confirmed.
  expect((await me(old)).status).toBe(200);
  await page.getByRole('button', { name: 'Ja, lag ny nøkkel' }).click();
  const notice = page.locator('#admin-provider-new-key');
  await expect(notice).toContainText('Ny tilbydernøkkel til Laksevåg bueskyttere');
  const fresh = (await notice.locator('code').textContent()).trim();
  expect(fresh).toMatch(/^ak_provider_/);
  expect(fresh).not.toBe(old);
  expect((await me(old)).status).toBe(401);
  const answer = await me(fresh);
  expect(answer.status).toBe(200);
  expect((await answer.json()).name).toBe('Laksevåg bueskyttere');
  await expectAccessible(page, 'admin providers, a new key');
  await screenshot(page, 'admin-provider-new-key');
  // On a phone's width the row's three actions still fit without a sideways scroll of the page.
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screenshot(page, 'admin-provider-new-key-360');
  // Withdrawn: the key on screen works no more, so it is no longer shown.
  await page.getByRole('button', { name: 'Trekk tilbake nøkkelen til Laksevåg bueskyttere' }).click();
  await page.getByRole('button', { name: 'Ja, sperr' }).click();
  await expect(notice).toHaveCount(0);
  expect((await me(fresh)).status).toBe(401);
});
