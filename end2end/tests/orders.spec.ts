import { expect } from '@playwright/test';
import { buyShipped, open, watchConsole, test } from './helpers';

// The shipped order is this test's own (a new shopper buys it, the store ships it): the demo
// shopper's orders are never used, since another worker could confirm or dispute them meanwhile.
test('a shopper confirms a shipped order, deletes it and restores it from the bin', async ({ page, browser }) => {
  const errors = watchConsole(page);
  const { number } = await buyShipped(page, browser, 'confirmer');

  await open(page, '/account');
  await expect(page.getByRole('heading', { name: 'Мои заказы' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Разделы кабинета' }).getByRole('link', { name: 'Мои заказы' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Мои заказы' })).toBeVisible();
  await page.getByRole('link', { name: 'Отправлен (1)', exact: true }).click();
  await expect(page).toHaveURL(/status=shipped/);
  const card = page.getByTestId('order-card');
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId('order-status')).toHaveText('Отправлен');
  const link = card.locator('.order-card-head a');
  expect((await link.textContent())!.replace(/\D/g, '')).toBe(number);
  await link.click();
  await expect(page.getByRole('heading', { name: `Заказ №${number}` })).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');

  // Confirming asks to be sure first.
  await page.getByRole('button', { name: 'Подтвердить получение' }).click();
  await expect(page.getByText('Отметьте галочку, чтобы подтвердить.')).toBeVisible();
  await page.getByLabel('Я получил(а) заказ и всё в порядке').check();
  await page.getByRole('button', { name: 'Подтвердить получение' }).click();
  await expect(page.getByText('Получение подтверждено. Спасибо!')).toBeVisible();
  await expect(page.getByTestId('order-status')).toHaveText('Завершён');

  // Delete: the order leaves the list for the bin, and comes back from it.
  await page.getByRole('button', { name: 'Удалить заказ' }).click();
  await expect(page.getByText('Заказ перемещён в удалённые.')).toBeVisible();
  await page.getByLabel('Поиск по заказам').fill(number);
  await page.getByRole('button', { name: 'Найти' }).last().click();
  await expect(page.getByText('Ничего не найдено. Проверьте номер или название.')).toBeVisible();

  await open(page, '/account/orders/deleted');
  await expect(page.getByTestId('order-card')).toHaveCount(1);
  await page.getByRole('button', { name: 'Восстановить' }).click();
  await expect(page.getByText('Заказ восстановлен.')).toBeVisible();
  await expect(page.getByText('Корзина удалённых заказов пуста.')).toBeVisible();

  await open(page, `/account/orders?q=${number}`);
  await expect(page.getByTestId('order-card')).toHaveCount(1);
  expect(errors).toEqual([]);
});
