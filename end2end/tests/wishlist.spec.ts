import { expect } from '@playwright/test';
import { open, register, uniqueEmail, watchConsole, test } from './helpers';

// Each test registers its own shopper: the wish list is theirs alone.

test('a heart on a product card saves it; the wish list moves it to the cart', async ({ page }) => {
  const errors = watchConsole(page);
  await register(page, 'Нина', uniqueEmail('wish'));
  await open(page, '/search?q=наушники');
  const card = page.locator('.product-card').filter({ hasNot: page.getByText('Нет в наличии') }).first();
  const title = (await card.locator('.product-title').textContent())!.trim();
  await card.getByRole('button', { name: `Добавить в желания: ${title}` }).click();
  await expect(page.getByRole('button', { name: `Убрать из желаний: ${title}` })).toHaveAttribute('aria-pressed', 'true');
  await page.waitForSelector('body[data-hydrated]');
  await page.locator('.greeting').hover();
  await page.getByRole('link', { name: 'Мои желания' }).first().click();
  await expect(page.getByRole('heading', { name: 'Мои желания' })).toBeVisible();
  await page.mouse.move(5, 700); // the buyer menu closes when the pointer leaves it
  const item = page.getByTestId('wish-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(title);
  await item.getByRole('button', { name: 'В корзину' }).click();
  await expect(page.getByText('Товар перенесён в корзину.')).toBeVisible();
  await expect(page.getByText(/Список желаний пуст/)).toBeVisible();
  await open(page, '/cart');
  await expect(page.getByText(title)).toBeVisible();
  expect(errors).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the heart on the product page adds and removes as a plain form', async ({ page }) => {
    await page.goto('/register');
    await page.getByLabel('Имя').fill('Нина');
    await page.getByLabel('E-mail', { exact: true }).fill(uniqueEmail('wish-nojs'));
    await page.getByLabel('Пароль', { exact: true }).fill('Korova-Moloko-2026');
    await page.getByLabel(/условия использования/).check();
    await page.getByRole('button', { name: 'Создать аккаунт' }).click();
    await page.goto('/search?q=наушники');
    await page.locator('.product-card .product-link').first().click();
    const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
    await page.locator('.wish-line').getByRole('button', { name: `Добавить в желания: ${title}` }).click();
    await expect(page.locator('.wish-line').getByRole('button', { name: `Убрать из желаний: ${title}` })).toBeVisible();
    await page.goto('/account/wishlist');
    await expect(page.getByTestId('wish-item')).toHaveCount(1);
    await page.getByRole('button', { name: `Убрать из желаний: ${title}` }).click();
    await expect(page.getByText(/Список желаний пуст/)).toBeVisible();
  });
});
