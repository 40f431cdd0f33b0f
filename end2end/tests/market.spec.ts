import { expect } from '@playwright/test';
import { open, register, SELLER_PASSWORD, signIn, uniqueEmail, watchConsole, test } from './helpers';

// The demo catalogue is seeded (KABINET_DEMO=1): store N belongs to sellerN@kabinet.local. The
// order is the test's own: a new shopper places it, and the store finds it by its number.

test('a shopper finds a product, buys it and pays; the store ships it; the shopper sees "shipped"', async ({ page, browser }) => {
  const errors = watchConsole(page);
  await register(page, 'Юлия', uniqueEmail('buyer'));

  // Search from the header, with a Russian word form.
  await page.getByRole('searchbox', { name: 'Поиск' }).fill('наушники');
  await page.getByRole('button', { name: 'Найти' }).click();
  await expect(page.getByRole('heading', { name: /Результаты по запросу/ })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Поиск' })).toHaveValue('наушники');
  await page.waitForSelector('body[data-hydrated]');
  const card = page.locator('.product-card').filter({ hasNot: page.getByText('Нет в наличии') }).first();
  await card.locator('.product-link').click();

  // Product page: quantity and add to cart.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Наушники');
  const storeHref = await page.locator('.store-box h2 a').getAttribute('href');
  const storeId = storeHref!.split('/').pop();
  await page.getByLabel('Количество').fill('2');
  await page.getByRole('button', { name: 'В корзину' }).click();
  await expect(page.getByText('Товар добавлен в корзину.')).toBeVisible();
  await page.getByRole('link', { name: 'Перейти в корзину' }).click();

  // Cart: one line of 2, then checkout.
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('selected-units')).toHaveText('2');
  await page.getByRole('link', { name: 'Оформить заказ' }).click();

  // Checkout without an address: add one there; a bad postcode is explained at the field.
  await expect(page.getByText('Добавьте адрес доставки')).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');
  await page.getByLabel('Получатель (имя и фамилия)').fill('Юлия Иванова');
  await page.getByLabel('Регион, область').fill('Москва');
  await page.getByLabel('Город', { exact: true }).fill('Москва');
  await page.getByLabel('Улица, дом').fill('ул. Тверская, д. 7');
  await page.getByLabel('Квартира').fill('12');
  await page.getByLabel('Индекс').fill('1250');
  await page.getByLabel('Мобильный телефон').fill('+7 900 123-45-67');
  await page.getByRole('button', { name: 'Сохранить адрес' }).click();
  await expect(page.getByText('Индекс в России — 6 цифр, например 101000.')).toBeVisible();
  await page.getByLabel('Индекс').fill('125009');
  await page.getByRole('button', { name: 'Сохранить адрес' }).click();
  await expect(page.getByRole('radio', { name: /Юлия Иванова/ })).toBeChecked();

  await page.waitForSelector('body[data-hydrated]');
  await page.getByRole('button', { name: 'Разместить заказ' }).click();
  await expect(page.getByRole('heading', { name: 'Оплата заказов' })).toBeVisible();
  await expect(page.getByTestId('order-status')).toHaveText('Ожидает оплаты');
  await page.waitForSelector('body[data-hydrated]');
  await page.getByRole('button', { name: 'Оплатить' }).click();
  await expect(page.getByText('Оплата прошла.')).toBeVisible();
  await expect(page.getByTestId('order-status')).toHaveText('Ожидает отправки');
  const number = (await page.getByTestId('placed-order').getByRole('link').textContent())!.trim();
  expect(number).toMatch(/^\d{16}$/);

  // The store owner, in a browser of their own, ships it with a tracking number.
  const sellerContext = await browser.newContext();
  const seller = await sellerContext.newPage();
  const sellerErrors = watchConsole(seller);
  await signIn(seller, `seller${storeId}@kabinet.local`, SELLER_PASSWORD);
  await expect(seller.getByText(/Привет, Продавец/)).toBeVisible();
  await open(seller, '/seller');
  await seller.getByRole('link', { name: number }).click();
  await expect(seller.getByRole('heading', { name: `Заказ №${number}` })).toBeVisible();
  await seller.waitForSelector('body[data-hydrated]');
  await seller.getByLabel('Служба доставки').fill('Почта России');
  await seller.getByLabel('Трек-номер').fill('RR123456789RU');
  await seller.getByRole('button', { name: 'Отметить отправленным' }).click();
  await expect(seller.getByText('Заказ отмечен отправленным.')).toBeVisible();
  await seller.getByLabel('Событие').selectOption('in_transit');
  await seller.getByRole('button', { name: 'Добавить' }).click();
  await expect(seller.getByText('Событие добавлено.')).toBeVisible();
  expect(sellerErrors).toEqual([]);
  await sellerContext.close();

  // The shopper's order now shows "shipped", the tracking number and the timeline.
  await open(page, `/account/orders/${number}`);
  await expect(page.getByTestId('order-status')).toHaveText('Отправлен');
  await expect(page.getByTestId('tracking-number')).toHaveText('RR123456789RU');
  await expect(page.getByText('В пути')).toBeVisible();
  expect(errors).toEqual([]);
});

test('search filters, sorting and pages work, and an empty search says so', async ({ page }) => {
  const errors = watchConsole(page);
  await open(page, '/search?q=куртка');
  const count = Number(await page.getByTestId('result-count').textContent());
  expect(count).toBeGreaterThan(24);
  await page.getByLabel('Сортировка').selectOption('price_asc');
  await page.getByLabel('Только со скидкой').check();
  await page.getByRole('button', { name: 'Применить' }).click();
  await expect(page).toHaveURL(/discounted=1/);
  await expect(page.locator('.price-old').first()).toBeVisible();
  const prices = await page.getByTestId('price').allTextContents();
  const cents = prices.map((p) => Number(p.replace(/[^\d]/g, '')));
  expect([...cents].sort((a, b) => a - b)).toEqual(cents);

  await open(page, '/search?q=куртка');
  await page.getByRole('link', { name: 'Вперёд →' }).click();
  await expect(page.getByText(/Страница 2 из/)).toBeVisible();

  await open(page, '/search?q=нетакоготовара');
  await expect(page.getByText('Ничего не найдено.')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the cart needs sign-in and comes back; a store page pages through its products at 360 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, '/cart');
  await expect(page).toHaveURL(/\/login\?next=\/cart/);
  await open(page, '/store/1');
  await expect(page.locator('.product-card').first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByRole('link', { name: 'Вперёд →' }).click();
  await expect(page.getByText(/Страница 2 из/)).toBeVisible();
});
