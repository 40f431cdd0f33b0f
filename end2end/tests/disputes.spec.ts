import { expect, Page, test } from '@playwright/test';
import { open, register, signIn, uniqueEmail, watchConsole } from './helpers';

const SELLER_PASSWORD = 'seller-pass-2026';

// An 8×8 red PNG: the photo sent as evidence.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4YWODFTEMLQkAZZlQAVIPr1MAAAAASUVORK5CYII=',
  'base64',
);

/** Buys one unit of the first product in stock for a new shopper, pays; returns the order. */
async function buyOne(page: Page): Promise<{ number: string; storeId: string }> {
  await register(page, 'Ольга', uniqueEmail('disputer'));
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
  return { number, storeId: storeHref!.split('/').pop()! };
}

test('a dispute with a photo: the store offers part, the shopper accepts; the timeline shows it all', async ({ page, browser }) => {
  const errors = watchConsole(page);
  const { number, storeId } = await buyOne(page);

  // The store ships, in a browser of its own.
  const sellerContext = await browser.newContext();
  const seller = await sellerContext.newPage();
  const sellerErrors = watchConsole(seller);
  await signIn(seller, `seller${storeId}@kabinet.local`, SELLER_PASSWORD);
  await expect(seller.getByText(/Привет, Продавец/)).toBeVisible();
  await open(seller, `/seller/orders/${number}`);
  await seller.getByLabel('Служба доставки').fill('СДЭК');
  await seller.getByLabel('Трек-номер').fill('CD12345678');
  await seller.getByRole('button', { name: 'Отметить отправленным' }).click();
  await expect(seller.getByText('Заказ отмечен отправленным.')).toBeVisible();

  // The shopper opens a dispute from the order page, with a photo.
  await open(page, `/account/orders/${number}`);
  await expect(page.getByTestId('order-status')).toHaveText('Отправлен');
  await page.getByRole('link', { name: 'Открыть спор' }).click();
  await expect(page.getByRole('heading', { name: 'Открыть спор' })).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');
  await page.getByLabel('Товар повреждён').check();
  await page.getByLabel('Вернуть товар продавцу').check();
  // A description is required: the message appears at the field and the choices stay.
  await page.getByRole('button', { name: 'Открыть спор' }).click();
  await expect(page.getByText('Заполните поле «описание».')).toBeVisible();
  await expect(page.getByLabel('Товар повреждён')).toBeChecked();
  await page.getByLabel('Описание проблемы').fill('Ручка кружки отколота, фото прилагаю.');
  await page.getByLabel('Фото').setInputFiles({ name: 'chip.png', mimeType: 'image/png', buffer: PHOTO });
  await page.getByRole('button', { name: 'Открыть спор' }).click();
  await expect(page.getByText('Спор открыт. Магазин ответит в указанный срок.')).toBeVisible();
  await expect(page.getByTestId('dispute-status')).toHaveText('Ожидает ответа магазина');
  await expect(page.getByTestId('dispute-deadline')).toContainText('5 дн. осталось');
  const photo = page.getByRole('img', { name: 'Фото 1' });
  await expect(photo).toBeVisible();
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(8);
  const disputeId = page.url().match(/disputes\/(\d+)/)![1];

  // The store offers a partial refund.
  await open(seller, '/seller/disputes');
  await seller.getByRole('link', { name: `№${disputeId}` }).click();
  await expect(seller.getByRole('img', { name: 'Фото 1' })).toBeVisible();
  await seller.waitForSelector('body[data-hydrated]');
  await seller.getByLabel('Сумма').fill('0,50');
  await seller.getByLabel('Комментарий').fill('Компенсация за скол');
  await seller.getByRole('button', { name: 'Предложить частичный возврат' }).click();
  await expect(seller.getByText('Ответ отправлен покупателю.')).toBeVisible();
  await expect(seller.getByTestId('dispute-status')).toHaveText('Магазин предложил частичный возврат');
  expect(sellerErrors).toEqual([]);
  await sellerContext.close();

  // The shopper accepts it.
  await open(page, `/account/disputes/${disputeId}`);
  await expect(page.getByTestId('offer')).toHaveText('0,50 $');
  await page.getByRole('button', { name: 'Принять предложение' }).click();
  await expect(page.getByText('Предложение принято, деньги возвращены.')).toBeVisible();
  await expect(page.getByTestId('dispute-status')).toHaveText('Закрыт: деньги возвращены');
  await expect(page.getByTestId('dispute-refunded')).toHaveText('0,50 $');

  // The order's timeline has every step, from placing to the refund.
  await open(page, `/account/orders/${number}`);
  const timeline = page.locator('.timeline');
  for (const step of [
    'Заказ оформлен',
    'Заказ оплачен',
    'Передан в службу доставки — СДЭК',
    'Открыт спор',
    'Магазин предложил частичный возврат: 0,50 $ — «Компенсация за скол»',
    'Покупатель принял предложение: 0,50 $',
    'Возврат средств — 0,50 $',
  ]) {
    await expect(timeline.getByText(step)).toBeVisible();
  }
  await expect(page.getByTestId('refunded')).toHaveText('0,50 $');

  // The order arrives; once completed it can go to the bin and come back.
  await page.getByLabel('Я получил(а) заказ и всё в порядке').check();
  await page.getByRole('button', { name: 'Подтвердить получение' }).click();
  await expect(page.getByTestId('order-status')).toHaveText('Завершён');
  await page.getByRole('button', { name: 'Удалить заказ' }).click();
  await expect(page.getByText('Заказ перемещён в удалённые.')).toBeVisible();
  await open(page, '/account/orders/deleted');
  await expect(page.getByTestId('order-card').filter({ hasText: number })).toHaveCount(1);
  await page.getByRole('button', { name: 'Восстановить' }).click();
  await expect(page.getByText('Заказ восстановлен.')).toBeVisible();
  await open(page, `/account/orders?q=${number}`);
  await expect(page.getByTestId('order-card')).toHaveCount(1);

  // The disputes list shows it with its store and state.
  await open(page, '/account/disputes');
  const row = page.getByTestId('dispute-row').filter({ hasText: number });
  await expect(row).toContainText('Закрыт: деньги возвращены');
  expect(errors).toEqual([]);
});

test('the dispute form refuses a file that is not a photo before sending it', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, 'demo@kabinet.local', 'demo-pass-2026');
  await expect(page.getByText('Привет, Юлия')).toBeVisible();
  await open(page, '/account/orders?status=shipped');
  const number = (await page.getByTestId('order-card').first().locator('.order-card-head a').textContent())!.replace(/\D/g, '');
  await open(page, `/account/orders/${number}/dispute`);
  await page.getByLabel('Описание проблемы').fill('Не пришёл.');
  await page.getByLabel('Фото').setInputFiles({ name: 'x.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg/>') });
  const sent: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/open_dispute')) sent.push(r.url()); });
  await page.getByRole('button', { name: 'Открыть спор' }).click();
  await expect(page.getByText('Фото должно быть изображением JPEG, PNG или WebP.')).toBeVisible();
  await expect(page.getByLabel('Описание проблемы')).toHaveValue('Не пришёл.');
  expect(sent, 'the browser refused the file itself').toEqual([]);
  expect(errors).toEqual([]);
});

test('order and dispute pages fit a 360 px wide phone, in English too', async ({ page }) => {
  await signIn(page, 'demo@kabinet.local', 'demo-pass-2026');
  await expect(page.getByText('Привет, Юлия')).toBeVisible();
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, '/account/orders?status=shipped');
  const number = (await page.getByTestId('order-card').first().locator('.order-card-head a').textContent())!.replace(/\D/g, '');
  const urls = ['/account', '/account/orders', '/account/orders/deleted', '/account/disputes',
    `/account/orders/${number}`, `/account/orders/${number}/dispute`];
  for (const url of urls) {
    await open(page, url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, url).toBeLessThanOrEqual(0);
  }
  // The demo order was paid: all of it can be asked back.
  const full = await page.locator('label[for=refund-full]').textContent();
  expect(full).toMatch(/^Полный возврат \([1-9]/);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByLabel('Partial refund amount')).toBeVisible();
  await expect(page.getByText(`Order no. ${number}`)).toBeVisible();
});
