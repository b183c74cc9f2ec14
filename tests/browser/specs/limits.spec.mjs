// Visit rules against the real backend: a card at its limit turns amber at a venue device that is
// offline (from the device's own count, and from the signed limit list another desk's visit put
// it on), staff let the holder in anyway or not and both are recorded; the holder sees what is
// left fall after a visit and a refresh, and offline the last count with its date.
import { test, expect } from '@playwright/test';
import {
  BASE,
  addCard,
  adminApi,
  expectAccessible,
  expectNoHorizontalScroll,
  issueCard,
  qrText,
  queryRows,
  screenshot,
  settled,
  testOffer,
  uploadVisits,
} from './helpers.mjs';

/** Sets a venue device up with `key` (a venue with one offer, chosen at once). */
async function setUpDesk(page, key, title) {
  await page.goto(`${BASE()}/sted`);
  await page.locator('#venue-key').fill(key);
  await page.locator('#venue-setup-submit').click();
  await expect(page.locator('#venue-offer')).toHaveText(title);
  await expect(page.locator('#lists-line')).toContainText('Kontrollistene er fra');
}

async function check(page, text) {
  await page.locator('#qr-text').fill(text);
  await page.locator('#qr-check').click();
  const verdict = page.locator('#verdict');
  await expect(verdict).toBeVisible();
  return verdict;
}

test('a card at its limit turns amber at a venue offline, and staff decide', async ({ browser }) => {
  const id = 'grense-en-i-uka';
  const title = 'Klatring, én gang i uka';
  await adminApi('POST', '/api/v1/admin/offers', testOffer(id, title, {
    visit_rule: { kind: 'limited', max: 1, per: 'week' },
  }));
  const { key } = await adminApi('POST', '/api/v1/admin/venue-keys', { name: 'Klatrehallen', offer_ids: [id] });
  const holderContext = await browser.newContext();
  const holder = await holderContext.newPage();
  await addCard(holder, (await issueCard('Lina', 2012)).code);

  // Desk A lets Lina in: green, her first visit this week, uploaded at once.
  const deskAContext = await browser.newContext();
  const deskA = await deskAContext.newPage();
  await setUpDesk(deskA, key, title);
  let verdict = await check(deskA, await qrText(holder));
  await expect(verdict).toHaveAttribute('data-tone', 'valid');
  await deskA.locator('#let-in').click();
  await expect(deskA.locator('#visits-waiting')).toHaveText('Alt er lastet opp', { timeout: 20_000 });

  // Desk A, offline: its own count says the week's one visit is used.
  await deskAContext.setOffline(true);
  verdict = await check(deskA, await qrText(holder));
  await expect(verdict).toHaveAttribute('data-tone', 'warn');
  await expect(verdict.locator('.verdict-note').first()).toHaveText('Grensen på ett gratis besøk denne uka er nådd.');
  await deskA.locator('#verdict-refuse').click();
  await expect(deskA.locator('#verdict')).toHaveCount(0);

  // Desk B never saw Lina: it learns of her limit from the signed list at its sync, then goes
  // offline, and still turns her amber.
  const deskBContext = await browser.newContext();
  const deskB = await deskBContext.newPage();
  await setUpDesk(deskB, key, title);
  await deskB.locator('#venue-sync').click();
  await deskBContext.setOffline(true);
  await expect(deskB.locator('.offline-badge')).toBeVisible();
  verdict = await check(deskB, await qrText(holder));
  await expect(verdict).toHaveAttribute('data-tone', 'warn');
  await expect(verdict.locator('#verdict-title')).toHaveText('Gyldig – men se etter');
  await expect(verdict.locator('.verdict-note')).toHaveText('Grensen på ett gratis besøk denne uka er nådd.');
  await expect(deskB.locator('#let-in')).toHaveText('Slipp inn likevel');
  await expect(deskB.locator('#verdict-refuse')).toHaveText('Ikke slipp inn');
  await expectAccessible(deskB, 'amber verdict at a limit');
  await expectNoHorizontalScroll(deskB, 'amber verdict at a limit');
  await screenshot(deskB, 'nb-venue-limit');
  // Staff let her in anyway: an override. Then, at the next check, they do not: a refusal.
  await deskB.locator('#let-in').click();
  await expect(deskB.locator('#visits-today')).toHaveText('1 besøk i dag');
  verdict = await check(deskB, await qrText(holder));
  await expect(verdict).toHaveAttribute('data-tone', 'warn');
  await deskB.locator('#verdict-refuse').click();
  await expect(deskB.locator('#visits-today')).toHaveText('1 besøk i dag', { timeout: 5_000 });
  await expect(deskB.locator('#visits-waiting')).toHaveText('2 venter på opplasting');

  // Both desks online again: everything uploads, and the server keeps it as staff decided.
  for (const [context, desk] of [[deskAContext, deskA], [deskBContext, deskB]]) {
    await context.setOffline(false);
    await desk.locator('#venue-sync').click();
    await expect(desk.locator('#visits-waiting')).toHaveText('Alt er lastet opp', { timeout: 20_000 });
  }
  const [[visits, overrides, over]] = queryRows(
    `SELECT COUNT(*), SUM(limit_override), SUM(over_limit) FROM visits WHERE offer_id = '${id}'`,
  );
  expect([visits, overrides, over]).toEqual(['2', '1', '1']);
  const [[refusals]] = queryRows(`SELECT COUNT(*) FROM limit_refusals WHERE offer_id = '${id}'`);
  expect(refusals).toBe('2');
  for (const context of [holderContext, deskAContext, deskBContext]) await context.close();
});

test('the holder sees the free visits left fall after a visit and a refresh, and the last count offline', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const { code, cardId } = await issueCard('Nora', 2014);
  await addCard(page, code);
  const offer = `${BASE()}/tilbud/kode-familiesondag`;
  await page.goto(offer);
  await expect(page.locator('#free-visits-left')).toHaveText('Nora har 5 av 5 gratis besøk igjen i år.');
  await expect(page.locator('#free-visits')).toContainText('En ledsager bruker også ett av besøkene.');

  // Nora and a companion visit KODE: two of the five (companions count there).
  await uploadVisits(process.env.VENUE_KEY, [
    { card_id: cardId, offer_id: 'kode-familiesondag', companion: true },
  ]);
  // "Update now" on the offers screen refreshes the card too; back to the offer in the app.
  await page.getByRole('link', { name: 'Alle tilbud' }).click();
  await page.locator('#sync-now').click();
  await expect(page.locator('#sync-now')).toBeEnabled({ timeout: 20_000 });
  await page.locator('#offer-search').fill('Familiesøndag');
  await page.getByRole('link', { name: /Familiesøndag på KODE/ }).click();
  await expect(page.locator('#free-visits-left')).toHaveText('Nora har 3 av 5 gratis besøk igjen i år.', { timeout: 20_000 });
  await settled(page);
  await expectAccessible(page, 'offer page with free visits');
  await screenshot(page, 'nb-offer-free-visits');

  // Offline, after a restart of the app: the last count, and when it was made.
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('#free-visits-left')).toHaveText('Nora har 3 av 5 gratis besøk igjen i år.');
  await expect(page.locator('#free-visits-updated')).toContainText('Tallet er fra i dag kl.');
  await context.close();
});
