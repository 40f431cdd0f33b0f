import { Browser, expect, Page } from '@playwright/test';
import { open, register, signIn, test, uniqueEmail, watchConsole, withoutJs } from './helpers';

// Each test reports or translates a product of its own (drawn from the demo catalogue's 2,000):
// a withdrawal or a new title must not change what another test sees.

// An 8×8 red PNG: the evidence.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4YWODFTEMLQkAZZlQAVIPr1MAAAAASUVORK5CYII=',
  'base64',
);
const MODERATOR = 'moderator@kabinet.local';
const MODERATOR_PASSWORD = 'moderator-pass-2026';

function ownProduct(offset: number): number {
  return 1000 + ((Date.now() + offset * 97 + Math.floor(Math.random() * 500)) % 1000);
}

async function moderator(browser: Browser, js = true) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchConsole(page);
  await signIn(page, MODERATOR, MODERATOR_PASSWORD);
  await expect(page.getByText('Привет, Модератор')).toBeVisible();
  if (js) return { page, errors, close: () => context.close() };
  const plain = await withoutJs(browser, context);
  return { page: plain.page, errors, close: async () => { await plain.close(); await context.close(); } };
}

async function fillReport(page: Page, argument: string) {
  await page.getByLabel(/Правообладатель/).fill('ООО «Бренд», legal@brand.example');
  await page.getByLabel('Юрисдикция (страна)').selectOption('ru');
  await page.getByLabel(/Суть нарушения/).fill(argument);
  await page.getByLabel(/Доказательства/).setInputFiles({ name: 'copy.png', mimeType: 'image/png', buffer: PHOTO });
  await page.getByRole('button', { name: 'Отправить жалобу' }).click();
  await expect(page.getByText('Жалоба отправлена.')).toBeVisible();
  return page.url().match(/\/account\/reports\/(\d+)/)![1];
}

async function uphold(mod: Page, id: string, reason: string) {
  await open(mod, `/admin/reports/${id}`);
  await expect(mod.getByTestId('evidence').getByRole('img')).toBeVisible();
  await mod.getByLabel('Причина решения').fill(reason);
  await mod.getByRole('button', { name: 'Удовлетворить' }).click();
  await expect(mod.getByText('Решение сохранено.')).toBeVisible();
}

test('a shopper reports a product with a picture; a moderator upholds it; it leaves search', async ({ page, browser }) => {
  const errors = watchConsole(page);
  await register(page, 'Ирина', uniqueEmail('report'));
  const product = ownProduct(1);
  await open(page, `/product/${product}`);
  const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  await page.getByTestId('report-product').click();
  await expect(page.getByRole('heading', { name: 'Жалоба на нарушение' })).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');
  await page.waitForLoadState('networkidle');
  // Refused with JavaScript: the message stands at the field and nothing typed is lost.
  await page.getByLabel(/Правообладатель/).fill('ООО «Бренд», legal@brand.example');
  await page.getByLabel(/Суть нарушения/).fill('<b>Скопировано</b>');
  await page.getByRole('button', { name: 'Отправить жалобу' }).click();
  await expect(page.getByText('без HTML-тегов')).toBeVisible();
  await expect(page.getByLabel(/Правообладатель/)).toHaveValue('ООО «Бренд», legal@brand.example');
  await expect(page.getByLabel(/Суть нарушения/)).toHaveValue('<b>Скопировано</b>');
  const id = await fillReport(page, 'Фотографии товара скопированы из нашего каталога.');
  await expect(page.getByTestId('report-status')).toHaveText('Получена');

  const mod = await moderator(browser);
  const reason = `Права подтверждены ${Date.now()}`;
  await uphold(mod.page, id, reason);
  expect(mod.errors).toEqual([]);
  await mod.close();

  await open(page, '/account/reports');
  const row = page.getByTestId('report-row').filter({ hasText: title });
  await expect(row.getByTestId('report-status')).toContainText('Удовлетворена');
  await expect(row.getByTestId('report-status')).toContainText(reason);
  await open(page, `/search?q=${encodeURIComponent(title)}`);
  await expect(page.locator(`a[href="/product/${product}"]`)).toHaveCount(0);
  await open(page, `/product/${product}`);
  await expect(page.getByText('Товар больше не продаётся')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a proposed translation is accepted by a moderator and the product page shows it', async ({ page, browser }) => {
  const errors = watchConsole(page);
  await register(page, 'Олег', uniqueEmail('translate'));
  const product = ownProduct(2);
  await open(page, `/account/translate?product=${product}&part=title_ru`);
  await expect(page.getByTestId('rule')).toContainText('не меньше 3 покупателей');
  const text = `Улучшенное название ${Date.now()}`;
  await page.getByLabel(/Предложить свой перевод/).fill(text);
  await page.getByRole('button', { name: 'Предложить', exact: true }).click();
  await expect(page.getByText('Ваше предложение ждёт оценок и решения.')).toBeVisible();
  await expect(page.getByTestId('proposal-row').filter({ hasText: text }).getByTestId('proposal-status')).toHaveText('Ждёт решения');

  const mod = await moderator(browser);
  await open(mod.page, '/admin');
  const item = mod.page.getByTestId('queued-proposal').filter({ hasText: text });
  await item.getByLabel('Причина решения').fill('Точнее оригинала');
  await item.getByRole('button', { name: 'Принять' }).click();
  await expect(mod.page.getByText('Решение сохранено.')).toBeVisible();
  expect(mod.errors).toEqual([]);
  await mod.close();

  await open(page, `/product/${product}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text);
  await open(page, '/account/translate/mine');
  await expect(page.getByTestId('proposal-row').filter({ hasText: text }).getByTestId('proposal-status')).toContainText('Принят');
  expect(errors).toEqual([]);
});

test('without JavaScript: report, uphold, propose and accept all work as plain forms', async ({ page, context, browser }) => {
  await register(page, 'Нина', uniqueEmail('nojs'));
  const shopper = await withoutJs(browser, context);
  const p = shopper.page;
  const product = ownProduct(3);
  await p.goto(`/product/${product}`);
  const title = (await p.getByRole('heading', { level: 1 }).textContent())!.trim();
  await p.getByTestId('report-product').click();
  // A refused form comes back with the message.
  await p.getByRole('button', { name: 'Отправить жалобу' }).click();
  await expect(p.getByRole('alert').filter({ hasText: /Правообладатель|правообладатель/ }).first()).toBeVisible();
  const id = await fillReport(p, 'Товар продаётся с нашим товарным знаком.');

  const mod = await moderator(browser, false);
  await mod.page.goto(`/admin/reports/${id}`);
  await mod.page.getByLabel('Причина решения').fill('Подтверждено без JS');
  await mod.page.getByRole('button', { name: 'Удовлетворить' }).click();
  await expect(mod.page.getByText('Решение сохранено.')).toBeVisible();

  await p.goto('/account/reports');
  const row = p.getByTestId('report-row').filter({ hasText: title });
  await expect(row.getByTestId('report-status')).toContainText('Удовлетворена');
  await expect(row.getByTestId('report-status')).toContainText('Подтверждено без JS');

  const other = ownProduct(4);
  await p.goto(`/account/translate?product=${other}&part=title_ru`);
  const text = `Название без JS ${Date.now()}`;
  await p.getByLabel(/Предложить свой перевод/).fill(text);
  await p.getByRole('button', { name: 'Предложить', exact: true }).click();
  await expect(p.getByText('Ваше предложение ждёт оценок и решения.')).toBeVisible();
  await mod.page.goto('/admin');
  const item = mod.page.getByTestId('queued-proposal').filter({ hasText: text });
  await item.getByLabel('Причина решения').fill('Хорошо');
  await item.getByRole('button', { name: 'Принять' }).click();
  await expect(mod.page.getByText('Решение сохранено.')).toBeVisible();
  await p.goto(`/product/${other}`);
  await expect(p.getByRole('heading', { level: 1 })).toHaveText(text);
  await mod.close();
  await shopper.close();
});

test('a shopper gets "not found" on the moderation console', async ({ page }) => {
  await register(page, 'Пётр', uniqueEmail('noadmin'));
  const res = await page.goto('/admin');
  expect(res!.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Страница не найдена' })).toBeVisible();
});
