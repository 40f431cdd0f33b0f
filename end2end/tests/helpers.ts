import { Browser, BrowserContext, expect, Locator, Page, test as base } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

export const PASSWORD = 'Korova-Moloko-2026';
/** The demo stores (KABINET_DEMO=1): store N belongs to sellerN@kabinet.local, with this password. */
export const SELLER_PASSWORD = 'seller-pass-2026';

/**
 * Every spec's `test`: fails any test during which a page of its browser context reported a
 * Content-Security-Policy violation (a `securitypolicyviolation` event, or Chromium's console
 * message "Refused to … because it violates the following Content Security Policy directive").
 */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ context, browser }, use) => {
      const violations: string[] = [];
      const guard = async (ctx: BrowserContext) => {
        await ctx.exposeBinding('__cspViolation', (_source, text: string) => {
          violations.push(text);
        });
        await ctx.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (e) => {
            const w = window as unknown as { __cspViolation?: (t: string) => void };
            w.__cspViolation?.(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
          });
        });
        ctx.on('console', (m) => {
          if (m.text().includes('Content Security Policy')) violations.push(m.text());
        });
      };
      await guard(context);
      // Contexts a test opens itself (a seller's, one without JavaScript) are watched too.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
        const ctx = await newContext(...args);
        await guard(ctx);
        return ctx;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

/** An address no other test uses. */
export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.ru`;
}

/**
 * Opens a page and waits until the WASM has hydrated it and the route's lazy chunks have
 * arrived: `data-hydrated` is set by the app frame, which can come before a route's own form
 * handlers, and a click in between would post the form without JavaScript.
 */
export async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector('body[data-hydrated]');
  await page.waitForLoadState('networkidle');
}

/** Waits until an image has loaded and checks its real width: visible is not yet decoded. */
export async function expectImageWidth(img: Locator, width: number) {
  await expect(img).toBeVisible();
  await expect
    .poll(() => img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : -1)))
    .toBe(width);
}

/** Fails the test on any console error or page error (hydration mismatches included). */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    // A refused server-function call (wrong password: 401) is expected; Chromium logs it anyway.
    if (m.text().startsWith('Failed to load resource') && m.location().url.includes('/api/')) return;
    // Chromium's timing hint when a preloaded WASM chunk is used more than ~3 s after `load`: on a
    // loaded two-core CI machine the main module can take that long to compile. The chunk is
    // still used; a chunk that fails to load shows up as an error or a failed request instead.
    if (m.type() === 'warning' && m.text().includes('was preloaded using link preload but not used within a few seconds')) return;
    errors.push(m.text());
  });
  // CSP violations also fail the test through the `test` fixture above; here they show up among
  // the page's errors too.
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export async function register(page: Page, name: string, email: string, password = PASSWORD) {
  await open(page, '/register');
  await page.getByLabel('Имя').fill(name);
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByLabel(/условия использования/).check();
  await page.getByRole('button', { name: 'Создать аккаунт' }).click();
  await expect(page.getByText(`Привет, ${name}`)).toBeVisible();
}

export async function signIn(page: Page, login: string, password = PASSWORD) {
  await open(page, '/login');
  await page.getByLabel('E-mail или member ID').fill(login);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).last().click();
}

/** An order that belongs to one test alone: its own new shopper placed it. */
export interface OwnOrder {
  number: string;
  storeId: string;
}

/**
 * Registers a new shopper (`tag` marks the address), who buys one unit of the first headphones
 * in stock and pays. Tests never share the demo shopper's orders: the workers run in parallel,
 * and one test confirming or disputing an order would change what another one sees.
 */
export async function buyOne(page: Page, tag: string): Promise<OwnOrder> {
  await register(page, 'Ольга', uniqueEmail(tag));
  await open(page, '/search?q=наушники');
  const card = page.locator('.product-card').filter({ hasNot: page.getByText('Нет в наличии') }).first();
  await card.locator('.product-link').click();
  const storeHref = await page.locator('.store-box h2 a').getAttribute('href');
  await page.waitForSelector('body[data-hydrated]');
  await page.getByRole('button', { name: 'В корзину' }).click();
  await expect(page.getByText('Товар добавлен в корзину.')).toBeVisible();
  await open(page, '/checkout');
  await page.getByLabel('Получатель (имя и фамилия)').fill('Ольга Петрова');
  await page.getByLabel('Регион, область').fill('Санкт-Петербург');
  await page.getByLabel('Город', { exact: true }).fill('Санкт-Петербург');
  await page.getByLabel('Улица, дом').fill('Невский пр., д. 1');
  await page.getByLabel('Индекс').fill('191186');
  await page.getByLabel('Мобильный телефон').fill('+7 911 123-45-67');
  await page.getByRole('button', { name: 'Сохранить адрес' }).click();
  await expect(page.getByRole('radio', { name: /Ольга Петрова/ })).toBeChecked();
  await page.getByRole('button', { name: 'Разместить заказ' }).click();
  await expect(page.getByRole('heading', { name: 'Оплата заказов' })).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');
  await page.getByRole('button', { name: 'Оплатить' }).click();
  await expect(page.getByText('Оплата прошла.')).toBeVisible();
  const number = (await page.getByTestId('placed-order').getByRole('link').textContent())!.trim();
  expect(number).toMatch(/^\d{16}$/);
  return { number, storeId: storeHref!.split('/').pop()! };
}

/** The owner of store `storeId`, signed in in a browser context of their own. */
export async function storeOwner(browser: Browser, storeId: string) {
  const context = await browser.newContext();
  const seller = await context.newPage();
  const errors = watchConsole(seller);
  await signIn(seller, `seller${storeId}@kabinet.local`, SELLER_PASSWORD);
  await expect(seller.getByText(/Привет, Продавец/)).toBeVisible();
  return { seller, errors, close: () => context.close() };
}

/** The store marks `number` shipped from its seller console. */
export async function ship(seller: Page, number: string, carrier = 'СДЭК', tracking = 'CD12345678') {
  await open(seller, `/seller/orders/${number}`);
  await expect(seller.getByRole('heading', { name: `Заказ №${number}` })).toBeVisible();
  await seller.getByLabel('Служба доставки').fill(carrier);
  await seller.getByLabel('Трек-номер').fill(tracking);
  await seller.getByRole('button', { name: 'Отметить отправленным' }).click();
  await expect(seller.getByText('Заказ отмечен отправленным.')).toBeVisible();
}

/** {@link buyOne}, then the store ships the order in a browser of its own: a shipped order of this test's own. */
export async function buyShipped(page: Page, browser: Browser, tag: string): Promise<OwnOrder> {
  const order = await buyOne(page, tag);
  const store = await storeOwner(browser, order.storeId);
  await ship(store.seller, order.number);
  expect(store.errors).toEqual([]);
  await store.close();
  return order;
}

export async function signOut(page: Page) {
  await page.locator('.greeting').hover();
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Войти' })).toBeVisible();
}

function decodeBody(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).toLowerCase();
  const body = raw.slice(split + 4);
  if (head.includes('content-transfer-encoding: base64')) {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  if (head.includes('content-transfer-encoding: quoted-printable')) {
    const joined = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < joined.length; i++) {
      if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(joined.slice(i + 1, i + 3))) {
        bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(joined[i], 'utf8'));
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/** Waits for the e-mail to `to` containing `needle` and returns its decoded text. */
export async function mailTo(to: string, needle: string): Promise<string> {
  const dir = process.env.KABINET_MAIL_DIR!;
  for (let i = 0; i < 100; i++) {
    if (fs.existsSync(dir)) {
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().reverse();
      for (const f of files) {
        const raw = fs.readFileSync(path.join(dir, f), 'utf8');
        if (!raw.toLowerCase().includes(`to: ${to.toLowerCase()}`)) continue;
        const text = decodeBody(raw);
        if (text.includes(needle)) return text;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail to ${to} containing ${needle}`);
}

export function linkIn(text: string, base: string): string {
  const m = text.match(new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S+`));
  if (!m) throw new Error('no link in e-mail');
  return m[0];
}

/** A browser context without JavaScript that carries `from`'s session (its cookies). */
export async function withoutJs(browser: Browser, from: BrowserContext): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  await context.addCookies(await from.cookies());
  return { page: await context.newPage(), close: () => context.close() };
}
