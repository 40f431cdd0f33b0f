import { expect, Page } from '@playwright/test';
import { open, register, signIn, signOut, uniqueEmail, watchConsole, test } from './helpers';

// Every page is a lazily loaded route (its own WASM chunk). A page reached by clicking loads its
// chunk then: these walks click through the menus and fail on any console error, page error or
// failed request (a chunk that did not load, a 4xx/5xx asset).

function watchRequests(page: Page): string[] {
  const failed: string[] = [];
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '';
    // A request the browser itself cancels when the page moves on (the favicon, say) is no
    // failure; a chunk that is missing answers 404 below, one that cannot load fails otherwise.
    if (why === 'net::ERR_ABORTED') return;
    failed.push(`${why} ${r.url()}`);
  });
  page.on('response', (r) => {
    // Refused server-function calls are answers, not failures; pages and assets must load.
    if (r.status() >= 400 && !r.url().includes('/api/')) failed.push(`${r.status()} ${r.url()}`);
  });
  return failed;
}

/** Clicks the link named `name` inside `scope` and waits for `url` and the page's heading. */
async function go(page: Page, scope: string, name: string | RegExp, url: RegExp) {
  const link = page.locator(scope).getByRole('link', { name, exact: typeof name === 'string' }).first();
  await link.click();
  await expect(page).toHaveURL(url);
  await expect(page.locator('main h1').first()).toBeVisible();
}

/** Clicks the first link whose address starts with `href` and waits for `url` and a heading. */
async function goHref(page: Page, href: string, url: RegExp) {
  await page.locator(`main a[href^="${href}"]`).first().click();
  await expect(page).toHaveURL(url);
  await expect(page.locator('main h1').first()).toBeVisible();
}

async function buyerMenu(page: Page, name: string, url: RegExp) {
  await page.locator('.greeting').hover();
  await go(page, '.buyer-menu', name, url);
}

test('a shopper clicks through every section, each chunk loading on the way', async ({ page }) => {
  const errors = watchConsole(page);
  const failed = watchRequests(page);
  await register(page, 'Маршрут', uniqueEmail('routes'));

  // The catalogue: home, a product, its store, a search.
  await go(page, 'header', 'Kabinet', /\/$/);
  await goHref(page, '/product/', /\/product\/\d+$/);
  await goHref(page, '/store/', /\/store\/\d+/);
  await page.getByLabel('Поиск').fill('чай');
  await page.getByRole('button', { name: 'Найти' }).click();
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.locator('main h1').first()).toBeVisible();

  // The account, through the buyer menu and the account's own navigation.
  await buyerMenu(page, 'Мой кабинет', /\/account$/);
  await go(page, '.account-nav', 'Мои заказы', /\/account\/orders$/);
  await go(page, '.account-nav', 'Удалённые заказы', /\/account\/orders\/deleted$/);
  await go(page, '.account-nav', 'Возвраты и споры', /\/account\/disputes$/);
  await go(page, '.account-nav', 'Сообщения', /\/account\/messages$/);
  await go(page, '.account-nav', 'Клуб', /\/account\/club$/);
  await go(page, '.account-nav', 'Мои желания', /\/account\/wishlist$/);
  await go(page, '.account-nav', 'Вы недавно смотрели', /\/account\/recent$/);
  await go(page, '.account-nav', 'Любимые магазины', /\/account\/stores$/);
  await go(page, '.account-nav', 'Адреса доставки', /\/account\/addresses$/);
  await goHref(page, '/account/addresses/new', /\/account\/addresses\/new$/);
  await go(page, '.account-nav', 'Отзывы', /\/account\/reviews$/);
  await go(page, '.tabs', /^Мои отзывы/, /\/account\/reviews\?tab=mine$/);
  await buyerMenu(page, 'Корзина', /\/cart$/);
  await go(page, 'header', 'Kabinet', /\/$/);

  // Signed out: the sign-in pages.
  await signOut(page);
  await go(page, 'header', 'Войти', /\/login/);
  await goHref(page, '/register', /\/register/);
  await open(page, '/login');
  await goHref(page, '/password/forgot', /\/password\/forgot/);

  expect(errors, 'console errors').toEqual([]);
  expect(failed, 'failed requests').toEqual([]);
});

test('a seller clicks through the console, each chunk loading on the way', async ({ page }) => {
  const errors = watchConsole(page);
  const failed = watchRequests(page);
  await signIn(page, 'seller2@kabinet.local', 'seller-pass-2026');
  await expect(page.locator('.greeting')).toBeVisible();
  await buyerMenu(page, 'Кабинет продавца', /\/seller$/);
  await goHref(page, '/seller/disputes', /\/seller\/disputes/);
  await goHref(page, '/seller/reviews', /\/seller\/reviews/);
  await goHref(page, '/seller/messages', /\/seller\/messages/);
  await goHref(page, '/seller/products', /\/seller\/products/);
  expect(errors, 'console errors').toEqual([]);
  expect(failed, 'failed requests').toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('every section still renders on the server', async ({ page }) => {
    const failed = watchRequests(page);
    await page.goto('/register');
    await page.getByLabel('Имя').fill('Без скриптов');
    await page.getByLabel('E-mail', { exact: true }).fill(uniqueEmail('routes-nojs'));
    await page.getByLabel('Пароль', { exact: true }).fill('Korova-Moloko-2026');
    await page.getByLabel(/условия использования/).check();
    await page.getByRole('button', { name: 'Создать аккаунт' }).click();
    await expect(page.getByText('Привет, Без скриптов')).toBeVisible();
    for (const path of ['/', '/search?q=чай', '/account', '/account/orders', '/account/orders/deleted',
      '/account/disputes', '/account/messages', '/account/messages/new?product=1', '/account/club', '/account/wishlist', '/account/recent', '/account/stores', '/account/addresses', '/account/addresses/new', '/cart', '/checkout']) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      await expect(page.locator('main h1').first(), path).toBeVisible();
    }
    for (const path of ['/account/reviews', '/account/reviews?tab=mine', '/account/reports',
      '/account/reports/new?product=3', '/account/translate', '/account/translate/mine']) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      await expect(page.locator('main h1').first(), path).toBeVisible();
    }
    await page.goto('/');
    await page.locator('main a[href^="/product/"]').first().click();
    await expect(page).toHaveURL(/\/product\/\d+$/);
    // With JavaScript off the browser blocks the scripts itself ("csp"): not a failure.
    expect(failed.filter((f) => !f.startsWith('csp ')), 'failed requests').toEqual([]);
  });
});

// A deploy replaces the hashed WASM files. A page the shopper opened before it asks for its next
// route's chunk by the old name; when that file is gone the click becomes a full page load of
// where the shopper was going (the previous build's files are also kept by `make build`, so this
// is the second line of defence). Here the chunk answers 404, as after a deploy that dropped it.
test('a route whose chunk is gone after a deploy loads as a whole page instead of breaking', async ({ page }) => {
  await open(page, '/login');
  let deployed = true;
  let refused = 0;
  page.on('request', (r) => {
    // The full load of the next page fetches the current build's files: let them through.
    if (r.isNavigationRequest() && r.url().includes('/register')) deployed = false;
  });
  await page.route(/\/pkg\/(split_|chunk_)[^/]*\.wasm/, async (route) => {
    if (deployed) {
      refused += 1;
      await route.fulfill({ status: 404, body: 'gone' });
    } else {
      await route.continue();
    }
  });
  await page.evaluate(() => ((window as any).beforeDeploy = true));

  await page.locator('main').getByRole('link', { name: 'Нет аккаунта? Зарегистрируйтесь' }).first().click();

  await expect(page).toHaveURL(/\/register\?next=/);
  await expect(page.locator('main h1')).toHaveText('Регистрация');
  await page.waitForSelector('body[data-hydrated]');
  expect(refused, 'the old chunk was asked for and refused').toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as any).beforeDeploy), 'a fresh document').toBeUndefined();
  // And the new page works: its form reacts.
  await page.getByLabel('Имя').fill('После выкладки');
  await expect(page.getByLabel('Имя')).toHaveValue('После выкладки');
});
