import { expect } from '@playwright/test';
import { buyOne, expectImageWidth, open, SELLER_PASSWORD, ship, signIn, storeOwner, test, watchConsole, withoutJs } from './helpers';

// Every test buys its own order as a new shopper (helpers' buyOne): reviews belong to order
// lines, and the demo shopper's orders are shared by all workers.

// An 8×8 red PNG: the review's photo.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4YWODFTEMLQkAZZlQAVIPr1MAAAAASUVORK5CYII=',
  'base64',
);

/** Marks the text of this run's review, so parallel runs on the same product tell theirs apart. */
function unique(tag: string): string {
  return `${tag} ${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
}

test('confirm an order, review it with a photo, add a follow-up; the seller replies and everyone sees it', async ({ page, browser }) => {
  const errors = watchConsole(page);
  const { number, storeId } = await buyOne(page, 'reviewer');
  const store = await storeOwner(browser, storeId);
  await ship(store.seller, number);

  // The shopper confirms receipt: the line now waits for a review.
  await open(page, `/account/orders/${number}`);
  await page.getByLabel('Я получил(а) заказ и всё в порядке').check();
  await page.getByRole('button', { name: 'Подтвердить получение' }).click();
  await expect(page.getByTestId('order-status')).toHaveText('Завершён');
  await expect(page.getByTestId('line-review').getByRole('link', { name: 'Оставить отзыв' })).toBeVisible();

  await open(page, '/account/reviews');
  const line = page.getByTestId('awaiting-line').filter({ hasText: number });
  await expect(line).toHaveCount(1);
  await line.getByRole('link', { name: 'Оставить отзыв' }).click();
  await expect(page.getByRole('heading', { name: 'Отзыв о товаре' })).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');

  // Without stars the form says so next to them, and the text stays.
  const text = unique('Звук отличный, держат заряд неделю.');
  await page.getByLabel('Текст отзыва').fill(text);
  await page.getByRole('button', { name: 'Опубликовать отзыв' }).click();
  await expect(page.getByText('Поставьте оценку от 1 до 5 звёзд.')).toBeVisible();
  await expect(page.getByLabel('Текст отзыва')).toHaveValue(text);
  await page.getByLabel('4 ★★★★', { exact: true }).check();
  await page.getByLabel('Фото', { exact: true }).setInputFiles({ name: 'ears.png', mimeType: 'image/png', buffer: PHOTO });
  await page.getByLabel('Показывать моё имя в отзыве').check();
  await page.getByRole('button', { name: 'Опубликовать отзыв' }).click();
  await expect(page.getByText('Отзыв опубликован. Спасибо!')).toBeVisible();
  await expect(page.getByTestId('review-body')).toHaveText(text);
  await expect(page.getByTestId('days-left')).toContainText('30 дн. осталось');
  const photo = page.getByRole('img', { name: 'Фото из отзыва 1' });
  await expect(photo).toBeVisible();
  await expectImageWidth(photo, 8);
  const productHref = (await page.getByRole('link', { name: 'Товар', exact: true }).getAttribute('href'))!;

  // A follow-up, kept with its date.
  await page.waitForSelector('body[data-hydrated]');
  const more = unique('Через неделю: всё ещё довольна.');
  await page.getByLabel('Текст дополнения').fill(more);
  await page.getByRole('button', { name: 'Добавить дополнение' }).click();
  await expect(page.getByText('Дополнение добавлено.')).toBeVisible();
  await expect(page.getByTestId('follow-up').filter({ hasText: more })).toBeVisible();

  // The seller replies from the console, in a browser of their own.
  await open(store.seller, '/seller/reviews');
  const item = store.seller.getByTestId('seller-review').filter({ hasText: text });
  await expect(item).toHaveCount(1);
  await item.getByLabel('Ответ магазина').fill('Спасибо за отзыв!');
  await item.getByRole('button', { name: 'Ответить' }).click();
  await expect(store.seller.getByText('Ответ опубликован.')).toBeVisible();
  expect(store.errors).toEqual([]);
  await store.close();

  // The reply shows in My reviews and on the product page, with the follow-up.
  await open(page, '/account/reviews?tab=mine');
  const mine = page.getByTestId('my-review').filter({ hasText: text });
  await expect(mine.getByTestId('review-reply')).toContainText('Спасибо за отзыв!');
  await open(page, productHref);
  const shown = page.getByTestId('public-review').filter({ hasText: text });
  await expect(shown.getByTestId('review-reply')).toContainText('Спасибо за отзыв!');
  await expect(shown.getByTestId('follow-up')).toContainText(more);
  await expect(shown).toContainText('Ольга');
  await expect(page.getByTestId('review-stats')).toBeVisible();

  // The club counted the review once: +5 points (the follow-up earns nothing), beside the order's.
  await open(page, '/account/club');
  const reviewPoints = page.getByTestId('points-row').filter({ hasText: /^.*Отзыв.*\+5$/ });
  await expect(reviewPoints).toHaveCount(1);
  await expect(page.getByTestId('points-row').filter({ hasText: 'Заказ получен' })).toHaveCount(1);
  await expect(page.getByTestId('buyer-rating')).toContainText('Написано отзывов1');
  expect(errors).toEqual([]);
});

/** A context without JavaScript that carries the cookies (the session) of `from`. */
test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the same review flow works with plain form posts and redirects', async ({ page, browser }) => {
    // Buying and shipping need no review code: they are done with JavaScript, then the sessions
    // move over to browsers without it.
    const shopping = await browser.newContext({ javaScriptEnabled: true });
    const { number, storeId } = await buyOne(await shopping.newPage(), 'reviewer-nojs');
    await page.context().addCookies(await shopping.cookies());
    await shopping.close();
    const selling = await browser.newContext({ javaScriptEnabled: true });
    const sellerJs = await selling.newPage();
    await signIn(sellerJs, `seller${storeId}@kabinet.local`, SELLER_PASSWORD);
    await expect(sellerJs.getByText(/Привет, Продавец/)).toBeVisible();
    await ship(sellerJs, number);

    await page.goto(`/account/orders/${number}`);
    await page.getByLabel('Я получил(а) заказ и всё в порядке').check();
    await page.getByRole('button', { name: 'Подтвердить получение' }).click();
    await expect(page.getByTestId('order-status')).toHaveText('Завершён');

    await page.goto('/account/reviews');
    await page.getByLabel('Найти заказ по номеру').fill(number);
    await page.locator('#main').getByRole('button', { name: 'Найти' }).click();
    const line = page.getByTestId('awaiting-line');
    await expect(line).toHaveCount(1);
    await line.getByRole('link', { name: 'Оставить отзыв' }).click();

    // An empty text comes back from the server with the message at the field.
    await page.getByLabel('5 ★★★★★').check();
    await page.getByRole('button', { name: 'Опубликовать отзыв' }).click();
    await expect(page).toHaveURL(/error=required\.text/);
    await expect(page.getByText('Заполните поле «текст отзыва».')).toBeVisible();

    const text = unique('Без скриптов тоже всё работает.');
    await page.getByLabel('5 ★★★★★').check();
    await page.getByLabel('Текст отзыва').fill(text);
    await page.getByLabel('Фото', { exact: true }).setInputFiles({ name: 'ears.png', mimeType: 'image/png', buffer: PHOTO });
    await page.getByRole('button', { name: 'Опубликовать отзыв' }).click();
    await expect(page).toHaveURL(/\/account\/reviews\/\d+\?done=written/);
    await expect(page.getByText('Отзыв опубликован. Спасибо!')).toBeVisible();
    await expect(page.getByRole('img', { name: 'Фото из отзыва 1' })).toBeVisible();
    const productHref = (await page.getByRole('link', { name: 'Товар', exact: true }).getAttribute('href'))!;

    const more = unique('Дополнение без JavaScript.');
    await page.getByLabel('Текст дополнения').fill(more);
    await page.getByRole('button', { name: 'Добавить дополнение' }).click();
    await expect(page).toHaveURL(/done=followed_up/);
    await expect(page.getByTestId('follow-up').filter({ hasText: more })).toBeVisible();

    // The seller answers without JavaScript too.
    const seller = await withoutJs(browser, selling);
    await selling.close();
    await seller.page.goto('/seller/reviews');
    const item = seller.page.getByTestId('seller-review').filter({ hasText: text });
    await item.getByLabel('Ответ магазина').fill('Рады, что понравилось!');
    await item.getByRole('button', { name: 'Ответить' }).click();
    await expect(seller.page.getByText('Ответ опубликован.')).toBeVisible();
    await seller.close();

    await page.goto('/account/reviews?tab=mine');
    await expect(page.getByTestId('my-review').filter({ hasText: text }).getByTestId('review-reply'))
      .toContainText('Рады, что понравилось!');
    await page.goto(productHref);
    const shown = page.getByTestId('public-review').filter({ hasText: text });
    await expect(shown.getByTestId('review-reply')).toContainText('Рады, что понравилось!');
    await expect(shown.getByTestId('follow-up')).toContainText(more);
    await expect(shown).toContainText('Покупатель');
  });
});
