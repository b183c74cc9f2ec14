// The municipality's admin area against the real backend with the demo data: signing in (the key
// kept for the session only), issuing a card and opening its letter, the family activating it, a
// visit that no report shows until its quarter has closed, and the audit log of it all by id; a
// key about to expire; an offer import with a mistake that reports its line and imports nothing;
// the offer form's messages; venue keys; axe on every admin screen; and a screenshot of the
// dashboard with a closed year of demo visits.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  BASE,
  addCard,
  expectAccessible,
  issueCard,
  screenshot,
} from './helpers.mjs';

test.use({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

async function signIn(page) {
  await page.goto(`${BASE()}/admin`);
  await page.locator('#admin-key').fill(process.env.ADMIN_KEY);
  await page.locator('#admin-sign-in').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Statistikk' })).toBeVisible();
}

/** A visit recorded through the venue API, as a venue device uploads it. */
async function checkIn(cardId) {
  const res = await fetch(`${BASE()}/api/v1/visits`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.VENUE_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ checkins: [{
      id: randomBytes(16).toString('hex'), card_id: cardId, offer_id: 'kode-familiesondag',
      at: Math.floor(Date.now() / 1000), companion: false,
    }] }),
  });
  expect(res.ok, await res.clone().text()).toBe(true);
}

test('signing in needs the admin key, and the key lives in the session only', async ({ page, browser }) => {
  await page.goto(`${BASE()}/admin`);
  await expect(page.getByRole('heading', { level: 1, name: 'Logg inn' })).toBeVisible();
  await expectAccessible(page, 'admin sign-in');
  await page.locator('#admin-key').fill('ak_admin_wrong');
  await page.locator('#admin-sign-in').click();
  await expect(page.locator('#admin-key-error')).toHaveText(/Nøkkelen virker ikke/);
  await expect(page.locator('#admin-key')).toHaveAttribute('aria-invalid', 'true');

  await signIn(page);
  const where = await page.evaluate(async (key) => {
    const inSession = Object.values(sessionStorage).includes(key);
    const inLocal = Object.values(localStorage).some((v) => v.includes(key));
    const image = await new Promise((resolve) => {
      const open = indexedDB.open('aktivitetskortet', 1);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('sqlite-images')) return resolve(null);
        const get = db.transaction('sqlite-images').objectStore('sqlite-images').get('aktivitetskortet');
        get.onsuccess = () => resolve(get.result ? new TextDecoder('latin1').decode(get.result) : '');
        get.onerror = () => resolve('');
      };
      open.onerror = () => resolve('');
    });
    return { inSession, inLocal, inStore: image ? image.includes(key) : false, stored: image !== null };
  }, process.env.ADMIN_KEY);
  // The admin area is its own app and opens no device store at all (its build has no SQLite).
  expect(where).toEqual({ inSession: true, inLocal: false, inStore: false, stored: false });

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Statistikk' })).toBeVisible();
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(`${BASE()}/admin/kort`);
  await expect(otherPage.getByRole('heading', { level: 1, name: 'Logg inn' })).toBeVisible();
  await other.close();

  await page.locator('#admin-sign-out').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Logg inn' })).toBeVisible();
  expect(await page.evaluate(() => Object.keys(sessionStorage).length)).toBe(0);
});

test('a card issued here, its letter, the family activating it, visits, and the dashboard', async ({ page, browser }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Kort', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kort' })).toBeVisible();
  await expectAccessible(page, 'admin cards');

  // A mistake first: the message is next to the field, nothing is issued.
  await page.locator('#card-given_name').fill('Selma');
  await page.locator('#card-birth_year').fill('1990');
  await page.locator('#admin-issue').click();
  await expect(page.locator('#card-birth_year-error')).toHaveText('Kortet er for barn og unge i alderen 0–17.');
  await expect(page.locator('#admin-issued')).toHaveCount(0);

  await page.locator('#card-birth_year').fill('2016');
  await page.locator('#card-language').selectOption('uk');
  await page.locator('#admin-issue').click();
  const row = page.locator('#admin-issued tbody tr');
  await expect(row).toHaveCount(1);
  const cardId = await row.getAttribute('data-card');
  const shown = await row.locator('.issued-code').textContent();
  await row.getByRole('button', { name: 'Brevet til Selma' }).click();
  const letter = page.frameLocator('#letters-frame');
  await expect(letter.locator('.greeting')).toContainText('Selma');
  await expect(letter.locator('main.sheet')).toHaveAttribute('lang', 'uk');
  const printed = (await letter.locator('p.code').textContent()).replace(/\s/g, '');
  expect(printed).toBe(shown.replace(/\s/g, ''));
  await screenshot(page, 'admin-letter');

  // The family types the code from the letter.
  const family = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await family.newPage();
  await addCard(phone, printed);
  await expect(phone.locator('#holder-name')).toHaveText('Selma');
  await family.close();

  // Today's visit is in no report: only closed quarters and years are (a quarter closes when no
  // late upload can reach it), so no two reports can be subtracted from each other.
  await checkIn(cardId);
  await page.getByRole('link', { name: 'Statistikk' }).click();
  const now = new Date();
  const thisQuarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
  await expect(page.locator('#stats-period option').first()).toBeAttached();
  await expect(page.locator(`#stats-period option[value="${thisQuarter}"]`)).toHaveCount(0);
  await expect(page.locator('#stats-next')).toContainText('kan leses fra');

  // The card list has it; revoking it is one confirmation away.
  const listed = page.locator(`#admin-card-table tr[data-card="${cardId}"]`);
  await page.getByRole('link', { name: 'Kort', exact: true }).click();
  await expect(listed.locator('.card-status')).toHaveText('Aktiv');
  await listed.getByRole('button', { name: 'Sperr kortet til Selma' }).click();
  await listed.getByRole('button', { name: 'Ja, sperr' }).click();
  await expect(listed.locator('.card-status')).toHaveText('Sperret');

  // The audit log has each step by the demo's key and the card's id, never Selma's name.
  await page.getByRole('link', { name: 'Logg' }).click();
  const log = page.locator('#admin-audit-table');
  for (const action of ['card.issue', 'letters', 'card.revoke']) {
    const line = log.locator(`tr[data-action="${action}"]`).filter({ hasText: cardId }).first();
    await expect(line.locator('.audit-who')).toHaveText('demo');
  }
  await expect(log).not.toContainText('Selma');
  await expectAccessible(page, 'admin audit log');
});

test('a family asks what is held about its card, then to have it erased', async ({ page }) => {
  const { cardId } = await issueCard('Tiril', 2012);
  await checkIn(cardId);
  await signIn(page);
  await page.getByRole('link', { name: 'Kort', exact: true }).click();
  await page.getByRole('button', { name: 'Alt om kortet til Tiril: innsyn og sletting' }).click();
  const record = page.locator('#card-record');
  await expect(record.locator('#record-name')).toHaveText('Tiril');
  await expect(record.locator('#record-codes li')).toHaveCount(1);
  // Today's visit, by its day and offer: this year's pseudonyms can still be linked.
  await expect(record.locator('#record-visits li')).toHaveCount(1);
  await expect(record.locator('#record-visits li')).toContainText('Familiesøndag på KODE');
  await expect(record.locator('#record-audit li[data-action="card.issue"]')).toHaveCount(1);
  await expectAccessible(page, 'admin card record');
  await screenshot(page, 'admin-card-record');

  await record.locator('#erase-card').click();
  await record.locator('#confirm-erase').click();
  await expect(page.getByText('Kortet er slettet. 1 besøk telles videre uten å kunne knyttes til det.')).toBeVisible();
  await expect(page.locator(`#admin-card-table tr[data-card="${cardId}"]`)).toHaveCount(0);
  await page.getByRole('link', { name: 'Logg' }).click();
  await expect(page.locator('#admin-audit-table tr[data-action="card.erase"]').first()).toContainText(cardId);
  await expect(page.locator('#admin-audit-table')).not.toContainText('Tiril');
});

test('a key with two weeks or less left says so, and its actions carry its name', async ({ page }) => {
  // A named key for ten days, made with the server's own command on its data directory.
  const made = execFileSync(process.env.AK_SERVER_BIN, ['--data-dir', process.env.DATA_DIR,
    '--web-dir', process.env.WEB_DIR, 'create-admin-key', '--label', 'Kari Vikar', '--days', '10']).toString();
  const key = made.trim().split(/\s+/).pop();
  await page.goto(`${BASE()}/admin`);
  await page.locator('#admin-key').fill(key);
  await page.locator('#admin-sign-in').click();
  const warning = page.locator('#admin-key-expiry');
  await expect(warning).toContainText('Kari Vikar');
  await expect(warning).toContainText('10 dager');
  // The dashboard it opened on read statistics (once its figures are shown, the read is
  // recorded): the log names Kari's key for it.
  await expect(page.locator('#stats-visits')).toBeVisible();
  await page.getByRole('link', { name: 'Logg' }).click();
  await expect(page.locator('#admin-audit-table tr[data-action="stats.read"] .audit-who').first())
    .toHaveText('Kari Vikar');
  await expect(page.locator('#admin-audit-table tr[data-action="admin_key.create"] .audit-who').first())
    .toHaveText('Serveren (kommandolinjen)');
});

test('the dashboard for a closed year of demo visits, with the CSV', async ({ page }) => {
  await signIn(page);
  // The newest closed quarter comes first; the demo has a whole closed year before it.
  await expect(page.locator('#stats-visits')).not.toHaveText('<5');
  const year = await page.locator('#stats-period option').evaluateAll(
    (options) => options.map((o) => o.value).find((v) => /^\d{4}$/.test(v)));
  await page.locator('#stats-period').selectOption(year);
  await expect(page.locator('#table-months tbody tr')).toHaveCount(12);
  const visits = Number((await page.locator('#stats-visits').textContent()).replace(/\s/g, ''));
  expect(visits).toBeGreaterThanOrEqual(2500);
  await expect(page.locator('.chart-box svg').first()).toBeVisible();
  // The visits at the demo's visit limits: three rows, each a count or hidden, never a gap.
  const limits = page.locator('#table-limits tbody tr');
  await expect(limits).toHaveCount(3);
  await expect(limits.first()).toContainText('Innenfor grensene');
  await expect(page.locator('#stats-refused')).toHaveText(/^(\d[\d\s]*|<5)$/);
  expect(await page.locator('#stats-csv').getAttribute('href')).toContain('refused_at_limit');
  await expectAccessible(page, 'admin dashboard');
  await screenshot(page, 'admin-dashboard');
  const href = await page.locator('#stats-csv').getAttribute('href');
  const csv = decodeURIComponent(href.replace(/^data:text\/csv;charset=utf-8,/, ''));
  expect(csv.split(/\r?\n/).length).toBeGreaterThan(30);
  expect(csv).toContain('bergenhus');
  expect(await page.locator('#stats-csv').getAttribute('download')).toBe(`aktivitetskortet-${year}.csv`);
});

test('an offer import with a mistake reports its line and imports nothing', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Tilbud', exact: true }).click();
  await expect(page.locator('#admin-offer-table')).toBeVisible();
  const before = await page.locator('#admin-offer-table tbody tr').count();
  await expectAccessible(page, 'admin offers');

  const header = 'id;title_nb;summary_nb;description_nb;category;organiser;venue;address;district;age_min;age_max;schedule;companion_included';
  const row = (id, title, ages) =>
    `${id};${title};Prøv noe nytt.;Gratis med kortet.;sport;Bergen kommune;Idrettshallen;Strandkaien 1, 5013 Bergen;fana;${ages};lørdag 12:00-14:00;ja`;
  const bad = [header, row('import-a', 'Importtest A', '8;14'), row('import-b', 'Importtest B', '9;15'), row('import-c', 'Importtest C', '15;10')].join('\r\n');
  await page.locator('#admin-import > summary').click();
  await page.locator('#admin-import-text').fill(bad);
  await page.locator('#admin-import-preview').click();
  const problems = page.locator('#admin-import-problems');
  await expect(problems).toContainText('Linje 4');
  await expect(problems).toContainText('age_min');
  await expect(page.locator('#admin-import-go')).toHaveCount(0);

  // The server refuses the same file whole, too.
  const direct = await fetch(`${BASE()}/api/v1/admin/offers/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.ADMIN_KEY}`, 'content-type': 'text/csv' },
    body: bad,
  });
  expect(direct.status).toBe(422);
  expect((await direct.json()).details[0].line).toBe(4);
  await page.reload();
  await expect(page.locator('#admin-offer-table tbody tr')).toHaveCount(before);

  // Fixed, it imports.
  const good = bad.replace('15;10', '10;15');
  await page.locator('#admin-import > summary').click();
  await page.locator('#admin-import-text').fill(good);
  await page.locator('#admin-import-preview').click();
  await expect(page.locator('#admin-import-ready')).toHaveText('3 tilbud er klare til import.');
  await page.locator('#admin-import-go').click();
  await expect(page.locator('#admin-import-result')).toHaveText('Importert: 3 nye og 0 endrede tilbud.');
  await expect(page.locator('#admin-offer-table tbody tr')).toHaveCount(before + 3);
  await page.locator('#admin-offer-search').fill('importtest');
  await expect(page.locator('#admin-offer-table tbody tr')).toHaveCount(3);
});

test('the offer form puts its messages next to the fields, and saves a good offer', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Tilbud', exact: true }).click();
  await page.locator('#admin-new-offer').click();
  await page.locator('#admin-offer-save').click();
  await expect(page.locator('#admin-form-error')).toBeVisible();
  await expect(page.locator('#offer-id-error')).toHaveText('1–64 tegn: små bokstaver a–z, tall og bindestrek.');
  await expect(page.locator('#offer-title-error')).toHaveText('Teksten på bokmål må fylles ut.');
  await expect(page.locator('#offer-venue')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'offer form with errors');

  await page.locator('#offer-id').fill('skoyteskole-fana');
  await page.locator('#offer-title-nb').fill('Skøyteskole i Fana');
  await page.locator('#offer-summary-nb').fill('Lær å gå på skøyter.');
  await page.locator('#offer-description-nb').fill('Skøyter og hjelm kan lånes.');
  await page.locator('#offer-organiser').fill('Fana idrettslag');
  await page.locator('#offer-venue').fill('Fana kunstisbane');
  await page.locator('#offer-address').fill('Fanaveien 1, 5244 Fana');
  await page.locator('#offer-district').selectOption('fana');
  await page.locator('#offer-age_min').fill('6');
  await page.locator('#offer-age_max').fill('12');
  await page.locator('#admin-offer-save').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tilbud' })).toBeVisible();
  await page.locator('#admin-offer-search').fill('skoyte');
  await expect(page.locator('#admin-offer-table tbody tr')).toHaveCount(1);

  // The holders' catalogue has it after the next sync.
  const catalogue = await (await fetch(`${BASE()}/api/v1/catalogue`)).json();
  expect(catalogue.offers.some((o) => o.id === 'skoyteskole-fana')).toBe(true);
});

test('venue keys: made with their offers, shown once, withdrawn', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Steder', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Steder' })).toBeVisible();
  await page.locator('#admin-venue-create').click();
  await expect(page.locator('#venue-error')).toBeVisible();
  await page.locator('#venue-name-input').fill('KODE 4');
  await page.locator('#venue-offer-filter').fill('kode');
  await page.getByLabel(/Familiesøndag på KODE/).check();
  await page.locator('#admin-venue-create').click();
  const key = (await page.locator('#admin-venue-key code').textContent()).trim();
  expect(key).toMatch(/^ak_venue_/);
  await expect(page.locator('#admin-venue-key svg')).toBeVisible();
  await expectAccessible(page, 'admin venues');

  // The key works at the venue, until it is withdrawn.
  const venue = async () => (await fetch(`${BASE()}/api/v1/venue`, { headers: { authorization: `Bearer ${key}` } })).status;
  expect(await venue()).toBe(200);
  const listed = page.locator('#admin-venue-table tr', { hasText: 'KODE 4' });
  await listed.getByRole('button', { name: 'Trekk tilbake nøkkelen til KODE 4' }).click();
  await listed.getByRole('button', { name: 'Ja, sperr' }).click();
  await expect(listed).toContainText('Sperret');
  expect(await venue()).toBe(401);
});
