// Browser tests of the storefront page at `/`, in headless Chromium driven by playwright-core.
//
//   node tests/browser/storefront.mjs <base-url> <artifact-dir>
//
// Launches /usr/bin/chromium (override with CHROMIUM=/path), runs the checks below in order
// against a running `dalil serve`, writes a PNG screenshot per step into <artifact-dir>, prints
// one line per passed check, and exits non-zero with a message at the first failure.
//
// Checks: an Arabic search with suggestions, highlights, photos and facets; a brand facet that
// changes the counts and the URL (and back/forward and reload restore it); an empty result;
// search by an uploaded photo and by a listing's "similar" link; a price estimate with its
// range, factors, comparables and charts; a refused estimate (422) and a switched-off feature
// (503, answered by the test itself) showing the service's detail; the English toggle; a
// phone-sized screen. The page must log no script error and no CSP
// violation throughout.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const [baseArg, artifactArg] = process.argv.slice(2);
if (!baseArg || !artifactArg) {
  console.error('usage: node tests/browser/storefront.mjs <base-url> <artifact-dir>');
  process.exit(2);
}
const BASE = baseArg.replace(/\/+$/, '');
const ARTIFACTS = resolve(artifactArg);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** A catalogue photo (the bundled dataset names every listing's photo after its id). */
const PHOTO_ID = 'lst-0000042';
const PHOTO = join(REPO, 'datasets', 'images', `${PHOTO_ID}.jpg`);
const DROPPED_ID = 'lst-0000101';
const DROPPED = join(REPO, 'datasets', 'images', `${DROPPED_ID}.jpg`);
const TIMEOUT = 20_000;

mkdirSync(ARTIFACTS, { recursive: true });
if (!existsSync(CHROMIUM)) fail('setup', `no Chromium at ${CHROMIUM}; install the Debian package (apt-get install chromium) or set CHROMIUM`);
for (const file of [PHOTO, DROPPED]) if (!existsSync(file)) fail('setup', `the test photo ${file} is missing`);

// ---- Harness ------------------------------------------------------------------------------

let step = 0;
/** Problems the page itself reported (script errors, CSP violations), checked after each step. */
const pageProblems = [];

function fail(name, message) {
  console.error(`FAIL ${name}: ${message}`);
  process.exit(1);
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function shot(page, name) {
  step += 1;
  const file = join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`);
  // A full-page shot draws the sticky top bar where the window is scrolled to.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function check(name, page, body) {
  try {
    await body();
  } catch (error) {
    if (page) await shot(page, `FAILED-${name}`).catch(() => {});
    fail(name, error.message.split('\n')[0]);
  }
  if (pageProblems.length) {
    if (page) await shot(page, `FAILED-${name}`).catch(() => {});
    fail(name, `the page reported: ${pageProblems.join(' | ')}`);
  }
  console.log(`ok ${name}`);
}

function watch(page) {
  page.on('pageerror', (error) => pageProblems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    // Chromium logs every 4xx and 503 answer as a failed resource; the test provokes those
    // (a refused estimate, a switched-off feature). Anything else (CSP, scripts) is a failure.
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of (4\d\d|503)/.test(text)) {
      pageProblems.push(`console error: ${text}`);
    }
  });
}

const testId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** The total the results summary states (a data attribute, so locale digits do not matter). */
async function total(page) {
  return Number(await testId(page, 'results-summary').getAttribute('data-total'));
}

/** Every facet value's count, keyed by its test id: a fingerprint of the facet sidebar. */
async function facetCounts(page) {
  return page.$$eval('[data-testid="facets"] label.facet-option', (labels) =>
    Object.fromEntries(labels.map((l) => [l.dataset.testid, Number(l.querySelector('[data-testid="facet-count"]')?.dataset.count ?? -1)])),
  );
}

/** Waits until a search answered: results or the empty state, with nothing loading. */
async function searchSettled(page) {
  await page.waitForFunction(() => {
    const results = document.querySelector('[data-testid="results"]');
    const status = document.querySelector('[data-testid="search-status"]');
    const state = status?.dataset.state;
    return results && !results.hasAttribute('aria-busy') && state !== 'loading' && (results.children.length > 0 || state === 'empty' || state === 'error');
  }, null, { timeout: TIMEOUT });
}

/** Presses Tab until `predicate` holds in the page (at most 60 times). */
async function tabUntil(page, predicate, what) {
  for (let i = 0; i < 60; i += 1) {
    if (await page.evaluate(predicate)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${what}`);
}

const digits = /[0-9\u0660-\u0669]/;

// ---- Run ----------------------------------------------------------------------------------

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] }).catch((error) => fail('setup', `Chromium did not start: ${error.message}`));
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ar-EG' });
context.setDefaultTimeout(TIMEOUT);
const page = await context.newPage();
watch(page);

try {
  await check('page loads in Arabic, right to left, under a strict CSP, with no request to another origin', page, async () => {
    const external = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(BASE) && !/^(data|blob):/.test(request.url())) external.push(request.url());
    });
    const response = await page.goto(`${BASE}/`);
    assert(response.ok(), `GET / answered ${response.status()}`);
    const csp = response.headers()['content-security-policy'] || '';
    assert(csp.includes("script-src 'self'"), `no strict Content-Security-Policy on / (got ${JSON.stringify(csp)})`);
    assert((await page.getAttribute('html', 'lang')) === 'ar', 'html lang is not ar');
    assert((await page.getAttribute('html', 'dir')) === 'rtl', 'html dir is not rtl');
    await testId(page, 'category-tiles').locator('a').first().waitFor();
    assert((await testId(page, 'category-tiles').locator('a').count()) >= 3, 'the landing page shows fewer than 3 categories');
    assert(external.length === 0, `the page requested other origins: ${external.join(', ')}`);
    await shot(page, 'landing-ar');
  });

  await check('Arabic query shows suggestions, then results with highlights, photos, prices and facets', page, async () => {
    await testId(page, 'search-input').click();
    await testId(page, 'search-input').pressSequentially('ساعة رول', { delay: 60 });
    await testId(page, 'suggestion').first().waitFor();
    const suggestions = await testId(page, 'suggestion').allTextContents();
    assert(suggestions.length > 0, 'no suggestions while typing');
    assert(suggestions.some((s) => /رولكس|rolex/i.test(s)), `no Rolex suggestion for "ساعة رول": ${suggestions.join(' / ')}`);
    await shot(page, 'suggestions');
    await testId(page, 'search-input').fill('ساعة رولكس');
    await testId(page, 'search-input').press('Enter');
    await page.waitForURL((url) => new URL(url).searchParams.get('q') === 'ساعة رولكس');
    await searchSettled(page);
    const hits = testId(page, 'result');
    assert((await hits.count()) > 0, 'no results for ساعة رولكس');
    assert((await total(page)) > 0, 'the results summary states no total');
    assert((await page.locator('[data-testid="result-title"] mark').count()) > 0, 'no highlighted match in the result titles');
    const price = await testId(page, 'result-price').first().textContent();
    assert(digits.test(price), `the first price shows no number: ${price}`);
    assert((await testId(page, 'badge-condition').count()) === (await hits.count()), 'a result has no condition badge');
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="result"] img');
      return img && img.complete && img.naturalWidth > 0;
    });
    for (const facet of ['facet-category', 'facet-brand', 'facet-condition', 'facet-authenticationStatus', 'facet-sellerLevel', 'facet-price']) {
      assert(await testId(page, facet).isVisible(), `the ${facet} group is not shown`);
    }
    assert((await testId(page, 'histogram-bar').count()) > 0, 'the price histogram has no bars');
    const counts = Object.values(await facetCounts(page));
    assert(counts.length > 5 && counts.some((n) => n > 0), 'the facets show no counts');
    await shot(page, 'search-arabic');
  });

  await check('keyboard only: Tab to the box, arrow to a suggestion, Enter, Space on a facet', page, async () => {
    await page.goto(`${BASE}/`);
    await tabUntil(page, () => document.activeElement?.id === 'q', 'the search box');
    await page.keyboard.type('رولك', { delay: 60 });
    await testId(page, 'suggestion').first().waitFor();
    await page.keyboard.press('ArrowDown');
    const active = await page.getAttribute('#q', 'aria-activedescendant');
    assert(active === 'suggestion-0', `ArrowDown did not select the first suggestion (${active})`);
    const text = (await page.locator('#suggestion-0 .suggestion-text').textContent()).trim();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => new URL(url).searchParams.get('q') === text);
    await searchSettled(page);
    assert((await testId(page, 'result').count()) > 0, `no results for the suggestion ${text}`);
    await tabUntil(page, () => document.activeElement?.closest('[data-testid="facet-condition"]') && document.activeElement.type === 'checkbox', 'a condition box');
    await page.keyboard.press('Space');
    await page.waitForURL((url) => new URL(url).searchParams.has('condition'));
    await searchSettled(page);
    await shot(page, 'keyboard');
  });

  await check('a brand facet filters the results, changes the counts and the URL', page, async () => {
    await page.goto(`${BASE}/`);
    await testId(page, 'search-input').fill('ساعة');
    await testId(page, 'search-input').press('Enter');
    await page.waitForURL((url) => new URL(url).searchParams.get('q') === 'ساعة');
    await searchSettled(page);
    const before = { total: await total(page), counts: await facetCounts(page) };
    const brand = testId(page, 'facet-brands-rolex');
    assert(await brand.isVisible(), 'no Rolex in the brand facet for ساعة');
    const rolexCount = Number(await brand.locator('[data-testid="facet-count"]').getAttribute('data-count'));
    await brand.click();
    await page.waitForURL((url) => new URL(url).searchParams.get('brands') === 'rolex');
    await page.waitForFunction((old) => Number(document.querySelector('[data-testid="results-summary"]')?.dataset.total) !== old, before.total);
    await searchSettled(page);
    const after = { total: await total(page), counts: await facetCounts(page) };
    assert(after.total === rolexCount, `with Rolex ticked the total is ${after.total}, the facet promised ${rolexCount}`);
    assert(after.total < before.total, `the total did not drop (${before.total} -> ${after.total})`);
    const changed = Object.keys(after.counts).filter((k) => after.counts[k] !== before.counts[k]);
    assert(changed.some((k) => !k.startsWith('facet-brands-')), 'no count outside the brand facet changed');
    assert(await testId(page, 'facet-brands-rolex').locator('input').isChecked(), 'the Rolex box is not ticked');
    const metas = await page.locator('[data-testid="result"] .card-meta').allTextContents();
    assert(metas.length > 0 && metas.every((m) => m.includes('Rolex')), `a result is not a Rolex: ${metas.find((m) => !m.includes('Rolex'))}`);
    assert((await testId(page, 'active-filters').locator('button').count()) === 1, 'the Rolex filter chip is missing');
    await shot(page, 'facet-brand-rolex');

    // Back restores the unfiltered search; forward the filtered one; a reload keeps it.
    await page.goBack();
    await page.waitForFunction((old) => Number(document.querySelector('[data-testid="results-summary"]')?.dataset.total) === old, before.total);
    assert(!(await testId(page, 'facet-brands-rolex').locator('input').isChecked()), 'after Back the Rolex box is still ticked');
    await page.goForward();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="results-summary"]')?.dataset.total) === n, after.total);
    await page.reload();
    await searchSettled(page);
    assert((await total(page)) === after.total, 'a reload of the shared URL does not restore the filtered search');
    assert(await testId(page, 'facet-brands-rolex').locator('input').isChecked(), 'after a reload the Rolex box is not ticked');
    assert((await testId(page, 'search-input').inputValue()) === 'ساعة', 'after a reload the query box is not restored');
  });

  await check('a price histogram bar filters by price and shows the range in the URL', page, async () => {
    const before = await total(page);
    const bars = testId(page, 'histogram-bar');
    let target = -1;
    for (let i = 0; i < (await bars.count()); i += 1) {
      if (Number(await bars.nth(i).getAttribute('data-count')) > 0) target = i;
    }
    assert(target >= 0, 'no histogram bar with listings');
    await bars.nth(target).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => new URL(url).searchParams.has('priceMin') && new URL(url).searchParams.has('priceMax'));
    await searchSettled(page);
    const url = new URL(page.url());
    const [lo, hi] = [Number(url.searchParams.get('priceMin')), Number(url.searchParams.get('priceMax'))];
    const prices = await page.$$eval('[data-testid="result-price"]', (nodes) => nodes.map((n) => Number(n.dataset.value)));
    assert(prices.length > 0 && prices.every((p) => p >= lo && p <= hi), `a price is outside ${lo}-${hi}: ${prices.join(', ')}`);
    assert((await total(page)) <= before, 'the price filter did not narrow the results');
    await shot(page, 'facet-price');
  });

  await check('a search with no match shows the empty state', page, async () => {
    await page.goto(`${BASE}/?q=${encodeURIComponent('qxzqxz wvwvwv')}`);
    await searchSettled(page);
    assert((await testId(page, 'search-status').getAttribute('data-state')) === 'empty', 'no empty state for a query with no match');
    assert((await testId(page, 'result').count()) === 0, 'results shown for a query with no match');
    await shot(page, 'search-empty');
  });

  await check('search by photo: an uploaded or dropped photo finds similar listings with scores', page, async () => {
    await page.goto(`${BASE}/`);
    await testId(page, 'nav-photo').click();
    await page.waitForURL((url) => new URL(url).searchParams.get('view') === 'photo');
    await testId(page, 'photo-input').setInputFiles(PHOTO);
    await testId(page, 'photo-results').locator('[data-testid="result"]').first().waitFor();
    const scores = await page.$$eval('[data-testid="photo-results"] [data-testid="score"]', (nodes) => nodes.map((n) => Number(n.dataset.score)));
    const hits = await testId(page, 'photo-results').locator('[data-testid="result"]').count();
    assert(hits > 0 && scores.length === hits, `${hits} similar listings but ${scores.length} scores`);
    assert(scores.every((s) => Number.isFinite(s) && s > -1 && s <= 1.0001), `a score is not a similarity: ${scores.join(', ')}`);
    assert(scores.every((s, i) => i === 0 || s <= scores[i - 1] + 1e-6), 'the scores are not in decreasing order');
    const first = await testId(page, 'photo-results').locator('[data-testid="result"]').first().getAttribute('data-id');
    assert(first === PHOTO_ID, `the catalogue photo of ${PHOTO_ID} did not find its own listing first (got ${first})`);
    assert(await testId(page, 'photo-preview').isVisible(), 'the uploaded photo is not previewed');
    await shot(page, 'photo-search');

    // The same with a photo dropped on the drop zone.
    const photo = readFileSync(DROPPED).toString('base64');
    await page.evaluate(({ photo, name }) => {
      const bytes = Uint8Array.from(atob(photo), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: 'image/jpeg' }));
      const zone = document.querySelector('[data-testid="dropzone"]');
      for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, { photo, name: `${DROPPED_ID}.jpg` });
    await page.waitForFunction((id) => document.querySelector('[data-testid="photo-results"] [data-testid="result"]')?.dataset.id === id, DROPPED_ID);
    assert((await testId(page, 'photo-preview').getAttribute('src')).startsWith('blob:'), 'the dropped photo is not previewed');
    await shot(page, 'photo-dropped');
  });

  await check('a result\'s "similar" link shows listings that look like it, with scores', page, async () => {
    await page.goto(`${BASE}/?q=${encodeURIComponent('شنطة شانيل')}`);
    await searchSettled(page);
    const card = testId(page, 'result').first();
    const id = await card.getAttribute('data-id');
    await card.locator('[data-testid="similar-link"]').click();
    await page.waitForURL((url) => new URL(url).searchParams.get('view') === 'similar' && new URL(url).searchParams.get('id') === id);
    await testId(page, 'photo-results').locator('[data-testid="result"]').first().waitFor();
    const ids = await page.$$eval('[data-testid="photo-results"] [data-testid="result"]', (nodes) => nodes.map((n) => n.dataset.id));
    assert(ids.length > 0, 'no similar listings');
    assert(!ids.includes(id), 'the listing itself is among its similar listings');
    const scores = await page.$$eval('[data-testid="photo-results"] [data-testid="score"]', (nodes) => nodes.map((n) => Number(n.dataset.score)));
    assert(scores.length === ids.length && scores.every(Number.isFinite), 'a similar listing has no score');
    await shot(page, 'similar-listings');
  });

  await check('price estimate: the form gives a number, an 80% range, factors, comparables and charts', page, async () => {
    await page.goto(`${BASE}/`);
    await testId(page, 'nav-estimate').click();
    await page.waitForURL((url) => new URL(url).searchParams.get('view') === 'estimate');
    await testId(page, 'est-category').locator('option[value="watches"]').waitFor({ state: 'attached' });
    await testId(page, 'est-category').selectOption('watches');
    // The brand typed in Arabic, as a seller would; the page sends its canonical name.
    await page.locator('#est-brand-list option[value="Rolex"]').waitFor({ state: 'attached' });
    await testId(page, 'est-brand').fill('رولكس');
    await testId(page, 'est-model').fill('Submariner Date');
    await testId(page, 'est-condition').selectOption('excellent');
    await testId(page, 'est-attr-watchYear').fill('2021');
    await testId(page, 'est-attr-boxPapers').check();
    await shot(page, 'estimate-form');
    await testId(page, 'est-submit').click();
    await testId(page, 'estimate-price').waitFor();
    const url = new URL(page.url());
    assert(url.searchParams.get('category') === 'watches' && url.searchParams.get('boxPapers') === 'true', `the URL does not hold the subject: ${url.search}`);
    assert(url.searchParams.get('brand') === 'Rolex', `the Arabic brand name was not sent as Rolex: ${url.searchParams.get('brand')}`);
    const price = Number(await testId(page, 'estimate-price').getAttribute('data-value'));
    const priceText = await testId(page, 'estimate-price').textContent();
    assert(price > 0 && digits.test(priceText), `no estimated price shown (${priceText})`);
    const range = testId(page, 'estimate-range');
    const [low, high] = [Number(await range.getAttribute('data-low')), Number(await range.getAttribute('data-high'))];
    assert(low > 0 && low <= price && price <= high, `the range ${low}-${high} does not hold the estimate ${price}`);
    assert(((await range.textContent()).match(/[0-9\u0660-\u0669]+/g) || []).length >= 2, 'the range does not show two numbers');
    const confidence = Number(await testId(page, 'estimate-confidence').getAttribute('data-value'));
    assert(confidence >= 0 && confidence <= 1, `confidence ${confidence} is not a probability`);
    assert((await testId(page, 'factors').locator('li').count()) === 5, 'the five factors are not all shown');
    assert((await testId(page, 'comparable').count()) > 0, 'the comparables table is empty');
    assert((await testId(page, 'comparable-dot').count()) > 0, 'the comparables chart has no points');
    await testId(page, 'history-chart').waitFor();
    const points = await testId(page, 'history-point').count();
    assert(points >= 2, `the price history chart has ${points} points`);
    const line = await page.locator('[data-testid="history-chart"] polyline').getAttribute('points');
    assert(line && line.trim().split(/\s+/).length === points, 'the history line does not join its points');
    await shot(page, 'estimate-result');
  });

  await check('a refused estimate shows the service\'s problem detail', page, async () => {
    await page.goto(`${BASE}/?view=estimate&category=watches&brand=Foo&model=Bar&condition=good`);
    await testId(page, 'estimate-status').locator('[data-testid="error-detail"]').waitFor();
    const detail = await testId(page, 'estimate-status').locator('[data-testid="error-detail"]').textContent();
    assert(detail.trim().length > 10, `the error detail is empty: ${detail}`);
    assert(!(await testId(page, 'estimate-result').isVisible()), 'an estimate is shown beside the error');
    const title = await testId(page, 'estimate-status').locator('.status-title').textContent();
    assert(title.includes('لا يمكن تقدير السعر'), `the refusal is not explained in Arabic: ${title}`);
    await shot(page, 'estimate-refused');
  });

  await check('a service without the image model or sales: the 503 problem detail is shown', page, async () => {
    // The answers of `dalil serve` started without a model or sales.jsonl, word for word
    // (a real instance can be checked the same way by pointing the test at it).
    const off = (detail) => (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'https://dalil.invalid/problems/unavailable', title: 'Service Unavailable', status: 503, detail, code: 'unavailable' }),
      });
    await page.route('**/api/search/image**', off('visual lookup is off: no image model in models/x: expected manifest.json and model.onnx'));
    await page.route('**/api/prices/estimate**', off('price estimates are off: no completed sales were loaded (put sales.jsonl in the data folder)'));
    try {
      await page.goto(`${BASE}/?view=photo`);
      await testId(page, 'photo-input').setInputFiles(PHOTO);
      await testId(page, 'photo-status').locator('[data-testid="error-detail"]').waitFor();
      assert((await testId(page, 'photo-status').textContent()).includes('visual lookup is off'), 'the photo 503 detail is not shown');
      await shot(page, 'photo-unavailable');
      await page.goto(`${BASE}/?view=estimate&category=watches&condition=good`);
      await testId(page, 'estimate-status').locator('[data-testid="error-detail"]').waitFor();
      assert((await testId(page, 'estimate-status').textContent()).includes('no completed sales were loaded'), 'the estimate 503 detail is not shown');
      await shot(page, 'estimate-unavailable');
    } finally {
      await page.unrouteAll();
    }
  });

  await check('English toggle switches language and direction, and is remembered', page, async () => {
    await page.goto(`${BASE}/?q=${encodeURIComponent('ساعة')}`);
    await searchSettled(page);
    await testId(page, 'lang-toggle').click();
    assert((await page.getAttribute('html', 'lang')) === 'en', 'html lang is not en after the toggle');
    assert((await page.getAttribute('html', 'dir')) === 'ltr', 'html dir is not ltr after the toggle');
    assert((await testId(page, 'nav-search').textContent()).trim() === 'Search', 'the navigation is not in English');
    assert(/results/.test(await testId(page, 'results-summary').textContent()), 'the results summary is not in English');
    assert(new URL(page.url()).searchParams.get('lang') === 'en', 'the URL does not remember English');
    await shot(page, 'english');
    await page.goto(`${BASE}/?view=estimate`);
    assert((await page.getAttribute('html', 'lang')) === 'en', 'English is forgotten on the next page');
    await testId(page, 'lang-toggle').click();
    assert((await page.getAttribute('html', 'dir')) === 'rtl', 'toggling back does not restore right to left');
  });

  await check('phone-sized screen: no sideways scrolling, filters behind a button, estimate readable', null, async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ar-EG' });
    const mobile = await phone.newPage();
    watch(mobile);
    mobile.setDefaultTimeout(TIMEOUT);
    await mobile.goto(`${BASE}/?q=${encodeURIComponent('ساعة رولكس')}`);
    await searchSettled(mobile);
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `the search page scrolls sideways by ${overflow}px`);
    assert(!(await testId(mobile, 'facets').isVisible()), 'the facets take the screen before being asked for');
    await shot(mobile, 'phone-search');
    await testId(mobile, 'filters-toggle').tap();
    assert(await testId(mobile, 'facets').isVisible(), 'the filters button does not show the facets');
    await testId(mobile, 'facet-brands-rolex').waitFor();
    await shot(mobile, 'phone-filters');
    await mobile.goto(`${BASE}/?view=estimate&category=watches&brand=Rolex&model=Submariner+Date&condition=excellent&boxPapers=true&watchYear=2021`);
    await testId(mobile, 'history-chart').waitFor();
    const overflowEstimate = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflowEstimate <= 1, `the estimate page scrolls sideways by ${overflowEstimate}px`);
    await shot(mobile, 'phone-estimate');
    await phone.close();
  });
} finally {
  await browser.close();
}
console.log(`all checks passed; screenshots in ${ARTIFACTS}`);
