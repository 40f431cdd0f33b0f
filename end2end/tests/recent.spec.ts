import { expect } from '@playwright/test';
import { open, register, uniqueEmail, watchConsole, test } from './helpers';

// Each test registers its own shopper: a history and followed stores of its own.

test('recently viewed lists the products just opened, and "clear" empties it', async ({ page }) => {
  const errors = watchConsole(page);
  await register(page, 'Вера', uniqueEmail('recent'));
  await open(page, '/search?q=наушники');
  const titles: string[] = [];
  for (const i of [0, 1]) {
    const link = page.locator('.product-card .product-link').nth(i);
    titles.push((await link.locator('.product-title').textContent())!.trim());
    await link.click();
    await expect(page.getByRole('heading', { level: 1, name: titles[i] })).toBeVisible();
    await page.goBack();
  }
  await open(page, '/account');
  await page.getByRole('navigation', { name: 'Разделы кабинета' }).getByRole('link', { name: 'Вы недавно смотрели' }).click();
  await expect(page.getByRole('heading', { name: 'Вы недавно смотрели' })).toBeVisible();
  await expect(page.getByTestId('recent-item')).toHaveCount(2);
  await expect(page.getByTestId('recent-item').first()).toContainText(titles[1]);
  await expect(page.getByTestId('recent-day')).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Найти похожие' }).first()).toHaveAttribute('href', /\/search\?category=/);
  await page.getByRole('button', { name: `Удалить из истории: ${titles[0]}` }).click();
  await expect(page.getByText('Товар удалён из истории.')).toBeVisible();
  await expect(page.getByTestId('recent-item')).toHaveCount(1);
  await page.getByRole('button', { name: 'Очистить историю' }).click();
  await expect(page.getByText('История просмотров очищена.')).toBeVisible();
  await expect(page.getByText('Здесь появятся товары, которые вы открывали.')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a store is found by name from the header, followed, and listed among favourite stores', async ({ page }) => {
  const errors = watchConsole(page);
  await register(page, 'Вера', uniqueEmail('stores'));
  await page.getByRole('searchbox', { name: 'Поиск' }).fill('sunny');
  await page.getByRole('button', { name: 'Найти' }).click();
  await page.getByRole('navigation', { name: 'Что искать' }).getByRole('link', { name: 'Магазины' }).click();
  await expect(page.getByTestId('store-count')).not.toHaveText('0');
  const card = page.getByTestId('store-card').first();
  const name = (await card.getByRole('heading').textContent())!.trim();
  expect(name).toMatch(/^Sunny /);
  await card.getByRole('button', { name: 'Подписаться' }).click();
  await expect(page.getByTestId('store-card').first().getByRole('button', { name: 'Отписаться' })).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');
  await page.locator('.greeting').hover();
  await page.getByRole('link', { name: 'Любимые магазины' }).first().click();
  await page.mouse.move(5, 700); // the buyer menu closes when the pointer leaves it
  const fav = page.getByTestId('favourite-stores').getByTestId('store-card');
  await expect(fav).toHaveCount(1);
  await expect(fav.getByRole('heading', { name })).toBeVisible();
  await expect(fav.locator('.product-card').first()).toBeVisible();
  await fav.getByRole('button', { name: 'Отписаться' }).click();
  await expect(page.getByText(/Вы пока ни на один магазин не подписаны/)).toBeVisible();
  expect(errors).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the history and the store search work as plain pages and forms', async ({ page }) => {
    await page.goto('/register');
    await page.getByLabel('Имя').fill('Вера');
    await page.getByLabel('E-mail', { exact: true }).fill(uniqueEmail('recent-nojs'));
    await page.getByLabel('Пароль', { exact: true }).fill('Korova-Moloko-2026');
    await page.getByLabel(/условия использования/).check();
    await page.getByRole('button', { name: 'Создать аккаунт' }).click();
    await page.goto('/search?q=наушники');
    await page.locator('.product-card .product-link').first().click();
    await page.goto('/account/recent');
    await expect(page.getByTestId('recent-item')).toHaveCount(1);
    await page.getByRole('button', { name: 'Не записывать просмотры' }).click();
    await expect(page.getByTestId('views-paused')).toBeVisible();
    await page.getByRole('button', { name: 'Очистить историю' }).click();
    await expect(page.getByText('История просмотров очищена.')).toBeVisible();
    await page.goto('/search?q=наушники');
    await page.locator('.product-card .product-link').first().click();
    await page.goto('/account/recent');
    await expect(page.getByTestId('recent-item')).toHaveCount(0);
    await page.getByRole('button', { name: 'Снова записывать просмотры' }).click();

    await page.goto('/account/stores');
    await page.getByLabel('Название магазина').fill('nordic');
    await page.getByRole('button', { name: 'Найти', exact: true }).last().click();
    await page.getByTestId('store-card').first().getByRole('button', { name: 'Подписаться' }).click();
    await page.goto('/account/stores');
    await expect(page.getByTestId('favourite-stores').getByTestId('store-card')).toHaveCount(1);
  });
});
