import { expect } from '@playwright/test';
import { buyShipped, open, storeOwner, watchConsole, test } from './helpers';

// Each test buys its own order as a new shopper: points are the shopper's own, never the demo's.

test('the club counts the day of a payment, then the received order, and the store sees the record', async ({ page, browser }) => {
  const errors = watchConsole(page);
  const { number, storeId } = await buyShipped(page, browser, 'club');

  // Paying earned the day's 5 points; the account home says so and links to the club.
  await open(page, '/account');
  await expect(page.getByTestId('club-line')).toContainText('уровень 1 · Новичок · 5 баллов за 12 месяцев');
  await page.getByTestId('club-line').getByRole('link', { name: 'Клуб' }).click();
  await expect(page.getByRole('heading', { name: 'Клуб покупателей' })).toBeVisible();
  await expect(page.getByTestId('club-points')).toHaveText('5');
  await expect(page.getByTestId('points-row')).toHaveCount(1);
  await expect(page.getByTestId('points-row').first()).toContainText('День с покупкой');
  await expect(page.getByLabel(/До уровня 2: осталось 95 баллов/)).toBeVisible();

  // Confirming receipt adds a point per whole dollar, linked to the order.
  await open(page, `/account/orders/${number}`);
  await page.getByLabel('Я получил(а) заказ и всё в порядке').check();
  await page.getByRole('button', { name: 'Подтвердить получение' }).click();
  await expect(page.getByText('Получение подтверждено. Спасибо!')).toBeVisible();
  // Client-side navigation through the account menu loads the club page's chunk.
  await page.getByRole('navigation', { name: 'Разделы кабинета' }).getByRole('link', { name: 'Клуб' }).click();
  await expect(page.getByTestId('points-row')).toHaveCount(2);
  const received = page.getByTestId('points-row').filter({ hasText: 'Заказ получен' });
  await expect(received.getByRole('link', { name: number })).toBeVisible();
  const points = Number(await page.getByTestId('club-points').textContent());
  expect(points).toBeGreaterThan(5);
  await expect(page.getByTestId('buyer-rating')).toContainText('Полученных заказов1');
  expect(errors).toEqual([]);

  // The store sees the buyer's record on the order.
  const store = await storeOwner(browser, storeId);
  await open(store.seller, `/seller/orders/${number}`);
  await expect(store.seller.getByTestId('buyer-reliability')).toContainText('Надёжность покупателя: 1 полученных заказов');
  expect(store.errors).toEqual([]);
  await store.close();
});

test('without JavaScript, confirming receipt and reading the club work as plain pages', async ({ page, browser }) => {
  const { number } = await buyShipped(page, browser, 'club-nojs');
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const plain = await context.newPage();
  await plain.goto(`/account/orders/${number}`);
  await plain.getByLabel('Я получил(а) заказ и всё в порядке').check();
  await plain.getByRole('button', { name: 'Подтвердить получение' }).click();
  await expect(plain.getByText('Получение подтверждено. Спасибо!')).toBeVisible();
  await plain.goto('/account/club');
  await expect(plain.getByTestId('club-level')).toHaveText('Уровень 1 · Новичок');
  await expect(plain.getByTestId('points-row')).toHaveCount(2);
  await expect(plain.getByTestId('points-row').filter({ hasText: 'Заказ получен' })).toContainText(number);
  await expect(plain.locator('tr[aria-current="true"]')).toContainText('ваш уровень');
  await context.close();
});
