import { Browser, expect, Page } from '@playwright/test';
import { open, register, storeOwner, test, uniqueEmail, watchConsole, withoutJs } from './helpers';

// Every test makes its own coupon (the store's owner creates it, with an amount no other test
// uses) and its own shopper; gift cards come from the demo's spare codes, each redeemable once.

/** A discount no other run uses: 1.01 … 4.99 dollars, as typed and as shown in Russian. */
function uniqueAmount(): { typed: string; shown: string } {
  const dollars = 1 + Math.floor(Math.random() * 4);
  const cents = 10 + Math.floor(Math.random() * 90);
  return { typed: `${dollars}.${cents}`, shown: `${dollars},${cents}` };
}

/** YYYY-MM-DD, `days` from today (UTC, as the console reads it). */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The dearest headphones in stock (above the coupon's $5 minimum): their page and store id. */
async function someProduct(page: Page): Promise<{ productHref: string; storeId: string }> {
  await open(page, '/search?q=наушники&sort=price_desc');
  const card = page.locator('.product-card').filter({ hasNot: page.getByText('Нет в наличии') }).first();
  const productHref = (await card.locator('.product-link').getAttribute('href'))!;
  await open(page, productHref);
  const storeHref = (await page.locator('.store-box h2 a').getAttribute('href'))!;
  return { productHref, storeId: storeHref.split('/').pop()! };
}

/** The store's owner creates a coupon of `amount` off orders from $5, ending tomorrow. */
async function createCoupon(browser: Browser, storeId: string, amount: string) {
  const store = await storeOwner(browser, storeId);
  await open(store.seller, '/seller/coupons');
  // Bad input first: a percentage over 100 is refused at its field, nothing created.
  await store.seller.getByLabel('Скидка, $', { exact: false }).fill(amount);
  await store.seller.getByLabel('Процент (пусто — фиксированная скидка)').fill('150');
  await store.seller.getByLabel('Минимальная сумма заказа, $').fill('5');
  await store.seller.getByLabel('Действует с').fill(day(0));
  await store.seller.getByLabel('Действует по (включительно)').fill(day(1));
  await store.seller.getByRole('button', { name: 'Создать купон' }).click();
  await expect(store.seller.getByText('Процент — целое число от 1 до 100.')).toBeVisible();
  await store.seller.getByLabel('Процент (пусто — фиксированная скидка)').fill('');
  await store.seller.getByRole('button', { name: 'Создать купон' }).click();
  await expect(store.seller.getByText('Купон создан и показан на страницах магазина.')).toBeVisible();
  await expect(store.seller.getByTestId('store-coupon').filter({ hasText: amount.replace('.', ',') })).toContainText('Получено: 0');
  expect(store.errors).toEqual([]);
  await store.close();
}

/** Redeems one of the demo's spare gift cards nobody has taken yet. */
async function redeemSpareCard(page: Page, js: boolean) {
  const go = js ? (url: string) => open(page, url) : (url: string) => page.goto(url).then(() => undefined);
  await go('/account/coupons/gift-cards');
  const start = Math.floor(Math.random() * 20);
  for (let i = 0; i < 20; i++) {
    const n = ((start + i) % 20) + 1;
    await page.getByLabel('Код сертификата').fill(`gift-spare-${String(n).padStart(4, '0')}`);
    await page.getByRole('button', { name: 'Активировать' }).click();
    // Settled (the server function's answer, or the redirect), then which message shows.
    await page.waitForLoadState('networkidle');
    const ok = page.getByText('Сертификат активирован: сумма на балансе.');
    const taken = page.getByText('Сертификата с таким кодом нет.');
    await expect(ok.or(taken)).toBeVisible();
    if (await ok.isVisible()) return;
  }
  throw new Error('no spare gift card left');
}

test('a store coupon claimed on its page is preselected at checkout, shown on the order, and back after cancelling', async ({ page, browser }) => {
  const errors = watchConsole(page);
  const amount = uniqueAmount();
  await register(page, 'Вера', uniqueEmail('coupon'));
  const { productHref, storeId } = await someProduct(page);
  await createCoupon(browser, storeId, amount.typed);

  // Claimed on the store's page.
  await open(page, `/store/${storeId}`);
  const offer = page.getByTestId('coupon-offer').filter({ hasText: amount.shown });
  await expect(offer).toHaveCount(1);
  await offer.getByRole('button', { name: /Получить купон/ }).click();
  await expect(page.getByText('Купон получен — он в вашем кошельке.')).toBeVisible();
  await expect(offer.getByTestId('coupon-held')).toBeVisible();

  // In the wallet, valid, flagged as ending soon.
  await open(page, '/account/coupons');
  const mine = page.getByTestId('wallet-coupon').filter({ hasText: amount.shown });
  await expect(mine.getByTestId('coupon-tab')).toHaveText('Действующие');
  await expect(mine.getByTestId('expires-soon')).toBeVisible();
  await expect(page.getByTestId('tab-valid')).toContainText('1');

  // Checkout preselects it.
  await open(page, productHref);
  await page.getByRole('button', { name: 'В корзину' }).click();
  await expect(page.getByText('Товар добавлен в корзину.')).toBeVisible();
  await open(page, '/checkout');
  await page.getByLabel('Получатель (имя и фамилия)').fill('Вера Петрова');
  await page.getByLabel('Регион, область').fill('Москва');
  await page.getByLabel('Город', { exact: true }).fill('Москва');
  await page.getByLabel('Улица, дом').fill('ул. Тверская, д. 1');
  await page.getByLabel('Индекс').fill('125009');
  await page.getByLabel('Мобильный телефон').fill('+7 911 123-45-67');
  await page.getByRole('button', { name: 'Сохранить адрес' }).click();
  await expect(page.getByRole('radio', { name: /Вера Петрова/ })).toBeChecked();
  const select = page.getByLabel(/Купон магазина/);
  await expect(select.locator('option:checked')).toContainText(amount.shown);
  await expect(page.getByTestId('store-discount')).toContainText(amount.shown);
  // The shopper may take it off, and put it back.
  await select.selectOption({ label: 'Без купона' });
  await page.getByRole('button', { name: 'Применить' }).click();
  await expect(page.getByTestId('store-discount')).toHaveCount(0);
  await page.getByLabel(/Купон магазина/).selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Применить' }).click();
  await expect(page.getByTestId('store-discount')).toContainText(amount.shown);
  await page.waitForSelector('body[data-hydrated]');
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Разместить заказ' }).click();
  await expect(page.getByRole('heading', { name: 'Оплата заказов' })).toBeVisible();
  const number = (await page.getByTestId('placed-order').getByRole('link').textContent())!.trim();

  // The order shows the discount; cancelling gives the coupon back.
  await open(page, `/account/orders/${number}`);
  await expect(page.getByTestId('order-coupon')).toContainText(amount.shown);
  await page.getByRole('button', { name: 'Отменить заказ' }).click();
  await expect(page.getByText('Заказ отменён.')).toBeVisible();
  await open(page, '/account/coupons?tab=valid');
  await expect(page.getByTestId('wallet-coupon').filter({ hasText: amount.shown })).toHaveCount(1);
  await open(page, '/account/coupons?tab=used');
  await expect(page.getByTestId('wallet-coupon')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a gift card is redeemed and pays part of an order; its history shows the order', async ({ page }) => {
  const errors = watchConsole(page);
  await register(page, 'Глеб', uniqueEmail('gift'));
  await redeemSpareCard(page, true);
  await expect(page.getByTestId('gift-balance')).toHaveText(/25,00/);

  const { productHref } = await someProduct(page);
  await open(page, productHref);
  await page.getByRole('button', { name: 'В корзину' }).click();
  await expect(page.getByText('Товар добавлен в корзину.')).toBeVisible();
  await open(page, '/checkout');
  await page.getByLabel('Получатель (имя и фамилия)').fill('Глеб Орлов');
  await page.getByLabel('Регион, область').fill('Москва');
  await page.getByLabel('Город', { exact: true }).fill('Москва');
  await page.getByLabel('Улица, дом').fill('ул. Тверская, д. 2');
  await page.getByLabel('Индекс').fill('125009');
  await page.getByLabel('Мобильный телефон').fill('+7 911 765-43-21');
  await page.getByRole('button', { name: 'Сохранить адрес' }).click();
  await expect(page.getByRole('radio', { name: /Глеб Орлов/ })).toBeChecked();
  await page.getByRole('button', { name: 'Разместить заказ' }).click();
  await expect(page.getByRole('heading', { name: 'Оплата заказов' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const gift = page.getByLabel(/Списать с подарочных сертификатов/);
  await gift.fill('100');
  await page.getByRole('button', { name: 'Оплатить' }).click();
  await expect(page.getByText(/На подарочных сертификатах доступно 25,00/)).toBeVisible();
  // The field starts at the whole balance: settle the page before typing, so that a re-render
  // after the refusal cannot put that default back under the click.
  await open(page, page.url());
  await gift.fill('5');
  await expect(gift).toHaveValue('5');
  await page.getByRole('button', { name: 'Оплатить' }).click();
  await expect(page.getByText('Оплата прошла.')).toBeVisible();
  const number = (await page.getByTestId('placed-order').getByRole('link').textContent())!.trim();

  await open(page, '/account/coupons/gift-cards');
  await expect(page.getByTestId('gift-balance')).toHaveText(/20,00/);
  await expect(page.getByTestId('gift-move').first()).toContainText(number);
  expect(errors).toEqual([]);
});

test.describe('without JavaScript', () => {
  test('claim, checkout with the coupon and a gift card, cancel: plain forms and redirects', async ({ browser }) => {
    const amount = uniqueAmount();
    // Registering and saving an address need no coupon code: done with JavaScript, then the
    // session moves to a browser without it.
    const shopping = await browser.newContext();
    const js = await shopping.newPage();
    await register(js, 'Нина', uniqueEmail('coupon-nojs'));
    const { productHref, storeId } = await someProduct(js);
    await open(js, '/account/addresses/new');
    await js.getByLabel('Получатель (имя и фамилия)').fill('Нина Соколова');
    await js.getByLabel('Регион, область').fill('Москва');
    await js.getByLabel('Город', { exact: true }).fill('Москва');
    await js.getByLabel('Улица, дом').fill('ул. Тверская, д. 3');
    await js.getByLabel('Индекс').fill('125009');
    await js.getByLabel('Мобильный телефон').fill('+7 911 000-11-22');
    await js.getByRole('button', { name: 'Сохранить адрес' }).click();
    await expect(js.getByText('Нина Соколова')).toBeVisible();
    await createCoupon(browser, storeId, amount.typed);
    const { page, close } = await withoutJs(browser, shopping);
    await shopping.close();

    await page.goto(`/store/${storeId}`);
    const offer = page.getByTestId('coupon-offer').filter({ hasText: amount.shown });
    await offer.getByRole('button', { name: /Получить купон/ }).click();
    await expect(page).toHaveURL(/coupon=1/);
    await expect(page.getByTestId('coupon-offer').filter({ hasText: amount.shown }).getByTestId('coupon-held')).toBeVisible();

    await redeemSpareCard(page, false);
    await page.goto(productHref);
    await page.getByRole('button', { name: 'В корзину' }).click();
    await page.goto('/checkout');
    await expect(page.getByLabel(/Купон магазина/).locator('option:checked')).toContainText(amount.shown);
    await page.getByRole('button', { name: 'Разместить заказ' }).click();
    await expect(page.getByRole('heading', { name: 'Оплата заказов' })).toBeVisible();
    await page.getByLabel(/Списать с подарочных сертификатов/).fill('3');
    await page.getByRole('button', { name: 'Оплатить' }).click();
    await expect(page.getByText('Оплата прошла.')).toBeVisible();
    const number = (await page.getByTestId('placed-order').getByRole('link').textContent())!.trim();

    await page.goto(`/account/orders/${number}`);
    await expect(page.getByTestId('order-coupon')).toContainText(amount.shown);
    await page.getByRole('button', { name: 'Отменить заказ' }).click();
    await expect(page.getByText('Заказ отменён.')).toBeVisible();
    await page.goto('/account/coupons?tab=valid');
    await expect(page.getByTestId('wallet-coupon').filter({ hasText: amount.shown })).toHaveCount(1);
    await page.goto('/account/coupons/gift-cards');
    await expect(page.getByTestId('gift-balance')).toHaveText(/25,00/);
    await close();
  });
});
