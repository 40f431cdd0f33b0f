import { expect, Page } from '@playwright/test';
import { open, register, signIn, storeOwner, uniqueEmail, watchConsole, test } from './helpers';

// The message center. Each test registers its own shopper and writes a text of its own, so the
// store inboxes the tests share show each test the conversation it started.

/** Opens the first headphones in stock; returns the store's id. */
async function someProduct(page: Page): Promise<string> {
  await open(page, '/search?q=наушники');
  const card = page.locator('.product-card').filter({ hasNot: page.getByText('Нет в наличии') }).first();
  await card.locator('.product-link').click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const storeHref = await page.locator('.store-box h2 a').getAttribute('href');
  return storeHref!.split('/').pop()!;
}

test('a shopper writes to the store, the seller replies, and the shopper sees it without reloading', async ({ page, browser }) => {
  const errors = watchConsole(page);
  await register(page, 'Мира', uniqueEmail('msg'));
  const storeId = await someProduct(page);
  await page.waitForSelector('body[data-hydrated]');
  await page.getByTestId('write-to-seller').click();
  await expect(page.getByRole('heading', { name: 'Написать продавцу' })).toBeVisible();
  const question = `Есть ли другой цвет? ${Date.now()}`;
  await page.waitForSelector('body[data-hydrated]');
  await page.getByLabel('Сообщение (до 2000 символов)').fill(question);
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page).toHaveURL(/\/account\/messages\/\d+/);
  await expect(page.getByTestId('message').filter({ hasText: question })).toBeVisible();

  // The shopper waits on the list of conversations; nothing is unread yet.
  await open(page, '/account/messages');
  await expect(page.getByTestId('conversation').filter({ hasText: question })).toBeVisible();
  await expect(page.getByTestId('header-messages').getByTestId('unread')).toHaveCount(0);

  // The seller answers from the store's inbox, in a browser of their own.
  const store = await storeOwner(browser, storeId);
  await open(store.seller, '/seller/messages');
  await store.seller.getByTestId('conversation').filter({ hasText: question }).getByRole('link').first().click();
  await expect(store.seller.getByTestId('message').filter({ hasText: question })).toBeVisible();
  await store.seller.waitForSelector('body[data-hydrated]');
  const answer = `Да, есть синий. ${Date.now()}`;
  await store.seller.getByLabel('Сообщение (до 2000 символов)').fill(answer);
  // A file that is not a picture is refused in the browser, at its field, keeping the text.
  await store.seller.locator('#photos').setInputFiles({ name: 'price.txt', mimeType: 'text/plain', buffer: Buffer.from('1') });
  await store.seller.getByRole('button', { name: 'Отправить' }).click();
  await expect(store.seller.getByText('Фото должно быть изображением JPEG, PNG или WebP.')).toBeVisible();
  await expect(store.seller.getByLabel('Сообщение (до 2000 символов)')).toHaveValue(answer);
  await store.seller.locator('#photos').setInputFiles([]);
  await store.seller.getByRole('button', { name: 'Отправить' }).click();
  // Sent in place: the form empties and the message joins the conversation.
  await expect(store.seller.getByTestId('message').filter({ hasText: answer })).toBeVisible();
  await expect(store.seller.getByLabel('Сообщение (до 2000 символов)')).toHaveValue('');
  expect(store.errors).toEqual([]);
  await store.close();

  // No reload: the header's count rises by itself, then the shopper reads the answer.
  await expect(page.getByTestId('header-messages').getByTestId('unread')).toContainText('1 непрочитанных', { timeout: 20_000 });
  await page.getByTestId('header-messages').click();
  await expect(page.getByRole('heading', { name: 'Сообщения' })).toBeVisible();
  await page.getByTestId('conversation').filter({ hasText: answer }).getByRole('link').first().click();
  await expect(page.getByTestId('message').filter({ hasText: answer })).toBeVisible();
  await expect(page.getByTestId('header-messages').getByTestId('unread')).toHaveCount(0, { timeout: 20_000 });
  // Both pages fit a 360 px wide phone.
  await page.setViewportSize({ width: 360, height: 740 });
  for (const url of [page.url(), '/account/messages']) {
    await open(page, url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, url).toBeLessThanOrEqual(0);
  }
  expect(errors).toEqual([]);
});

test('an open conversation shows the other side\'s answer as it arrives', async ({ page, browser }) => {
  const errors = watchConsole(page);
  await register(page, 'Лев', uniqueEmail('msg-live'));
  const storeId = await someProduct(page);
  await page.getByTestId('write-to-seller').click();
  await page.waitForSelector('body[data-hydrated]');
  const question = `Когда отправите? ${Date.now()}`;
  await page.getByLabel('Сообщение (до 2000 символов)').fill(question);
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByTestId('message').filter({ hasText: question })).toBeVisible();
  // What the shopper is typing meanwhile stays in the form.
  await page.getByLabel('Сообщение (до 2000 символов)').fill('Черновик');

  const store = await storeOwner(browser, storeId);
  await open(store.seller, '/seller/messages');
  await store.seller.getByTestId('conversation').filter({ hasText: question }).getByRole('link').first().click();
  await store.seller.waitForSelector('body[data-hydrated]');
  const answer = `Завтра. ${Date.now()}`;
  await store.seller.getByLabel('Сообщение (до 2000 символов)').fill(answer);
  await store.seller.getByRole('button', { name: 'Отправить' }).click();
  await expect(store.seller.getByTestId('message').filter({ hasText: answer })).toBeVisible();
  await store.close();

  await expect(page.getByTestId('message').filter({ hasText: answer })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByLabel('Сообщение (до 2000 символов)')).toHaveValue('Черновик');
  expect(errors).toEqual([]);
});

test('the seller lowers a price: the wish list shows it and the alert arrives in messages', async ({ page, browser }) => {
  // Price-drop alerts are a club privilege (level 2 and up): the demo shopper is the account
  // with a club level. The product is one of the last store's, which no other test buys.
  const errors = watchConsole(page);
  const storeId = '40';
  const store = await storeOwner(browser, storeId);
  await open(store.seller, '/seller/products');
  const row = store.seller.getByTestId('seller-product').last();
  const productId = (await row.getAttribute('data-product'))!;
  const price = await row.locator('input[name=price]').inputValue();
  const discount = await row.locator('input[name=discount_price]').inputValue();
  const effective = Math.round(parseFloat(discount || price) * 100);

  await signIn(page, 'demo@kabinet.local', 'demo-pass-2026');
  await expect(page.getByText(/Привет, Юлия/)).toBeVisible();
  await open(page, `/product/${productId}`);
  const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  await page.locator('.wish-line').getByRole('button', { name: `Добавить в желания: ${title}` }).click();
  await expect(page.locator('.wish-line').getByRole('button', { name: `Убрать из желаний: ${title}` })).toBeVisible();

  const lower = ((effective - 100) / 100).toFixed(2);
  await row.locator('input[name=discount_price]').fill(lower);
  await row.getByRole('button', { name: 'Сохранить' }).click();
  await expect(store.seller.getByText(/Цена сохранена\. Покупателей, получивших уведомление о снижении цены: [1-9]/)).toBeVisible();
  expect(store.errors).toEqual([]);
  await store.close();

  await open(page, '/account/wishlist');
  const item = page.getByTestId('wish-item').filter({ hasText: title });
  await expect(item.getByTestId('price-dropped')).toContainText('Цена снизилась на 1,00');
  await open(page, '/account/messages');
  await page.getByTestId('conversation').filter({ hasText: 'Kabinet — уведомления' }).getByRole('link').first().click();
  const notice = page.getByTestId('message').filter({ hasText: `Цена на «${title}» снизилась` });
  await expect(notice).toBeVisible();
  await notice.getByRole('link', { name: 'Открыть' }).click();
  await expect(page).toHaveURL(new RegExp(`/product/${productId}$`));
  // Leave the demo shopper's wish list as it was.
  await page.waitForSelector('body[data-hydrated]');
  await page.locator('.wish-line').getByRole('button', { name: `Убрать из желаний: ${title}` }).click();
  await expect(page.locator('.wish-line').getByRole('button', { name: `Добавить в желания: ${title}` })).toBeVisible();
  expect(errors).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a shopper writes to the store with plain forms and reloads to see answers', async ({ page }) => {
    await page.goto('/register');
    await page.getByLabel('Имя').fill('Мира');
    await page.getByLabel('E-mail', { exact: true }).fill(uniqueEmail('msg-nojs'));
    await page.getByLabel('Пароль', { exact: true }).fill('Korova-Moloko-2026');
    await page.getByLabel(/условия использования/).check();
    await page.getByRole('button', { name: 'Создать аккаунт' }).click();
    await page.goto('/search?q=наушники');
    await page.locator('.product-card .product-link').first().click();
    await page.getByTestId('write-to-seller').click();
    // An empty message comes back with the reason next to the form.
    await page.getByLabel('Сообщение (до 2000 символов)').evaluate((e) => e.removeAttribute('required'));
    await page.getByRole('button', { name: 'Отправить' }).click();
    await expect(page.getByText('Заполните поле «сообщение».')).toBeVisible();
    const text = `<b>Без скриптов</b> ${Date.now()}`;
    await page.getByLabel('Сообщение (до 2000 символов)').fill(text);
    await page.getByRole('button', { name: 'Отправить' }).click();
    await expect(page).toHaveURL(/\/account\/messages\/\d+/);
    await expect(page.getByTestId('message').filter({ hasText: text })).toBeVisible();
    await page.goto('/account/messages');
    await expect(page.getByTestId('conversation').filter({ hasText: text })).toBeVisible();
  });
});
