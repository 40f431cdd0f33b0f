import AxeBuilder from '@axe-core/playwright';
import { expect, Page } from '@playwright/test';
import { open, signIn, SELLER_PASSWORD, test } from './helpers';

// Accessibility: axe-core (WCAG 2.1 A and AA rules) on every page, signed out and signed in as
// the demo shopper and a demo seller. No violation of serious or critical impact is allowed.

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// axe takes a few seconds a page on a busy two-core machine: a test walks up to 13 pages.
test.describe.configure({ timeout: 240_000 });

async function serious(page: Page, url: string): Promise<string[]> {
  await open(page, url);
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${url}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`).slice(0, 3).join('; ')}`);
}

async function check(page: Page, urls: string[]) {
  const found: string[] = [];
  for (const url of urls) found.push(...(await serious(page, url)));
  expect(found, 'serious or critical accessibility violations').toEqual([]);
}

test('pages signed out have no serious accessibility violations', async ({ page }) => {
  await check(page, [
    '/',
    '/search?q=наушники',
    '/product/1',
    '/store/1',
    '/login',
    '/register',
    '/password/forgot',
    '/help/signin',
    '/no-such-page',
  ]);
});

test('the shopper\'s pages have no serious accessibility violations', async ({ page }) => {
  await signIn(page, 'demo@kabinet.local', 'demo-pass-2026');
  await expect(page.getByText(/Привет/)).toBeVisible();
  await open(page, '/account/orders');
  const hrefs = await page.locator('a[href^="/account/orders/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const order = hrefs.find((h) => /^\/account\/orders\/\d{16}$/.test(h));
  expect(order, 'an order of the demo shopper').toBeTruthy();
  await check(page, [
    '/account',
    '/account/orders',
    order ?? '/account/orders',
    '/account/orders/deleted',
    '/account/addresses',
    '/account/addresses/new',
    '/account/disputes',
    '/account/club',
    '/account/recent',
    '/account/wishlist',
    '/account/stores',
    '/account/reviews',
    '/account/messages',
    '/account/messages/1',
    '/account/messages/new?product=1',
    '/account/reports',
    '/account/reports/new?product=2',
    '/account/translate',
    '/account/translate/mine',
    '/cart',
  ]);
});

test('the moderation console has no serious accessibility violations', async ({ page }) => {
  await signIn(page, 'moderator@kabinet.local', 'moderator-pass-2026');
  await expect(page.getByText('Привет, Модератор')).toBeVisible();
  await check(page, ['/admin']);
});

test('the seller console has no serious accessibility violations', async ({ page }) => {
  await signIn(page, 'seller1@kabinet.local', SELLER_PASSWORD);
  await expect(page.getByText(/Привет, Продавец/)).toBeVisible();
  await check(page, ['/seller', '/seller/disputes', '/seller/messages', '/seller/messages/1', '/seller/products']);
});
