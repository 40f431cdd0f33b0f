import AxeBuilder from '@axe-core/playwright';
import { Browser, expect, Page } from '@playwright/test';
import * as crypto from 'crypto';
import { buyOne, open, PASSWORD, register, signIn, signOut, test, uniqueEmail, watchConsole } from './helpers';

const NEW_PASSWORD = 'Zelenyj-Chaj-2027';
/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

/** RFC 4648 base32 (the key the security page shows, spaces allowed) to bytes. */
function base32(key: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of key.replace(/\s+/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) `stepsAhead` steps from now. */
function totp(key: string, stepsAhead = 0): string {
  const step = Math.floor(Date.now() / 1000 / 30) + stepsAhead;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = crypto.createHmac('sha1', base32(key)).update(counter).digest();
  const at = h[h.length - 1] & 0x0f;
  const bin = ((h[at] & 0x7f) << 24) | (h[at + 1] << 16) | (h[at + 2] << 8) | h[at + 3];
  return String(bin % 1_000_000).padStart(6, '0');
}

/** A second browser context signed in as `email`. */
async function otherBrowser(browser: Browser, email: string, password = PASSWORD) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(page.getByText(/Привет, /)).toBeVisible();
  return { page, close: () => context.close() };
}

async function stillSignedIn(page: Page): Promise<boolean> {
  await page.goto('/account');
  return !page.url().includes('/login');
}

test('a new name shows in the header, and settings are linked from the buyer menu and the account', async ({ page }) => {
  const errors = watchConsole(page);
  await register(page, 'Юлия', uniqueEmail('profile'));
  await open(page, '/account');
  await page.locator('.account-nav').getByRole('link', { name: 'Личные данные' }).click();
  await expect(page.getByRole('heading', { name: 'Личные данные' })).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');
  await page.getByLabel('Имя', { exact: true }).fill('Юлия Петрова');
  await page.getByLabel('О себе').fill('Люблю чай и <b>книги</b>');
  await page.locator('main').getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Личные данные сохранены.')).toBeVisible();
  await expect(page.locator('.greeting')).toHaveText('Привет, Юлия Петрова');
  await expect(page.getByLabel('О себе')).toHaveValue('Люблю чай и <b>книги</b>');

  // A photo, through the safe pipeline, shows beside the name.
  await page.getByLabel('Фото профиля').and(page.locator('input')).setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
  // Previewed in the browser before anything is sent (a blob: URL the CSP allows).
  const preview = page.getByTestId('photo-preview');
  await expect(preview).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => preview.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : -1))).toBeGreaterThan(0);
  await expect(page.getByText('Фото ещё не сохранено')).toBeVisible();
  await expect(page.getByTestId('header-photo')).toHaveCount(0);
  await page.getByRole('button', { name: 'Загрузить фото' }).click();
  await expect(page.getByText('Фото сохранено.')).toBeVisible();
  await expect(page.getByTestId('profile-photo')).toBeVisible();
  await expect(page.getByTestId('header-photo')).toBeVisible();
  await expect.poll(() => page.getByTestId('header-photo').evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : -1))).toBe(256);

  await page.locator('.greeting').hover();
  await expect(page.getByRole('list', { name: 'Меню покупателя' }).getByRole('link', { name: 'Настройки' })).toHaveAttribute('href', '/account/settings/profile');
  expect(errors).toEqual([]);
});

test('changing the password signs the other browser out; the other session can also be ended from the list', async ({ page, browser }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail('password');
  await register(page, 'Юлия', email);
  const other = await otherBrowser(browser, email);

  // The sessions list names this browser and ends the other one.
  await open(page, '/account/settings/security');
  const sessions = page.locator('#sessions');
  await expect(sessions.getByTestId('session')).toHaveCount(2);
  await expect(sessions.locator('[data-current]')).toContainText('Это устройство');
  await sessions.getByRole('button', { name: /Завершить сеанс/ }).click();
  await expect(page.getByText('Сеанс завершён.')).toBeVisible();
  await expect(page.locator('#sessions').getByTestId('session')).toHaveCount(1);
  expect(await stillSignedIn(other.page)).toBe(false);

  // Signed in there again, then the password changes here.
  await signIn(other.page, email);
  await expect(other.page.getByText(/Привет, /)).toBeVisible();
  await open(page, '/account/settings/security');
  const form = page.locator('#password');
  await form.getByLabel('Текущий пароль').fill('not-my-password');
  await form.getByLabel('Новый пароль').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(page.locator('#password').getByText('Текущий пароль введён неверно.')).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');
  await page.locator('#password').getByLabel('Текущий пароль').fill(PASSWORD);
  await page.locator('#password').getByLabel('Новый пароль').fill(NEW_PASSWORD);
  await page.locator('#password').getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(page.getByText('Пароль изменён. Другие сеансы завершены')).toBeVisible();
  expect(await stillSignedIn(other.page)).toBe(false);
  expect(await stillSignedIn(page)).toBe(true);

  // The sign-in history shows the attempts.
  await open(page, '/account/settings/security');
  const history = page.getByTestId('sign-in-history');
  await expect(history.getByTestId('sign-in').first()).toContainText('неверный пароль');
  await expect(history.locator('[data-result="ok"]')).toHaveCount(2);
  await other.close();
  expect(errors).toEqual([]);
});

test('two-step sign-in: enabled with a code from the shown key, then a code and a recovery code at sign-in', async ({ page }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail('totp');
  await register(page, 'Юлия', email);
  await open(page, '/account/settings/security');
  await expect(page.getByText('ASVS 5.0')).toBeVisible();
  await page.getByRole('button', { name: 'Включить двухэтапный вход' }).click();
  await expect(page.getByRole('img', { name: 'QR-код для приложения-аутентификатора' })).toBeVisible();
  const key = (await page.getByTestId('two-step-key').textContent())!;
  await page.waitForSelector('body[data-hydrated]');
  await page.getByLabel('Код из приложения', { exact: true }).fill(totp(key));
  await page.getByRole('button', { name: 'Подтвердить и включить' }).click();
  await expect(page.getByText('Двухэтапный вход включён.')).toBeVisible();
  const codes = await page.getByTestId('recovery-codes').locator('li').allTextContents();
  expect(codes).toHaveLength(10);
  // Shown once.
  await open(page, '/account/settings/security');
  await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
  await expect(page.getByTestId('two-step-state')).toContainText('10');

  // Sign in: the password, then a code from the app (the next step's: the one that turned it
  // on is spent).
  await signOut(page);
  await signIn(page, email);
  await expect(page.getByRole('heading', { name: 'Двухэтапный вход' })).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');
  await page.getByLabel('Код из приложения или код восстановления').fill('000000');
  await page.getByRole('button', { name: 'Войти' }).last().click();
  await expect(page.getByText('Код неверный или уже использован.')).toBeVisible();
  await page.getByLabel('Код из приложения или код восстановления').fill(totp(key, 1));
  await page.getByRole('button', { name: 'Войти' }).last().click();
  await expect(page.getByText('Привет, Юлия')).toBeVisible();

  // And with a recovery code, which then is used up.
  await signOut(page);
  await signIn(page, email);
  await page.waitForURL('**/login/code');
  await page.waitForSelector('body[data-hydrated]');
  await page.getByLabel('Код из приложения или код восстановления').fill(codes[0]);
  await page.getByRole('button', { name: 'Войти' }).last().click();
  await expect(page.getByText('Привет, Юлия')).toBeVisible();
  await open(page, '/account/settings/security');
  await expect(page.getByTestId('two-step-state')).toContainText('9');
  expect(errors).toEqual([]);
});

test('an order e-mail can be read in the e-mail log', async ({ page }) => {
  const errors = watchConsole(page);
  const order = await buyOne(page, 'maillog');
  await open(page, '/account');
  await page.locator('.account-nav').getByRole('link', { name: 'Уведомления' }).click();
  await expect(page.getByRole('heading', { name: 'Уведомления по e-mail' })).toBeVisible();
  await expect(page.getByLabel('Заказы')).toBeChecked();
  await page.getByTestId('mail-log').getByRole('link', { name: /Заказ оформлен/ }).click();
  await expect(page.getByTestId('mail-entry')).toContainText(order.number);
  await expect(page.getByTestId('mail-entry')).toContainText('Вы оформили заказ');

  // Order e-mails switched off are remembered.
  await open(page, '/account/settings/notifications');
  await page.getByLabel('Заказы').uncheck();
  await page.locator('main').getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Настройки уведомлений сохранены.')).toBeVisible();
  await expect(page.getByLabel('Заказы')).not.toBeChecked();
  expect(errors).toEqual([]);
});

test('settings work without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const email = uniqueEmail('nojs-settings');
  await page.goto('/register');
  await page.getByLabel('Имя').fill('Юлия');
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Пароль', { exact: true }).fill(PASSWORD);
  await page.getByLabel(/условия использования/).check();
  await page.getByRole('button', { name: 'Создать аккаунт' }).click();
  await expect(page.getByText('Привет, Юлия')).toBeVisible();
  const other = await otherBrowser(browser, email);

  await page.goto('/account/settings/security');
  await page.locator('#password').getByLabel('Текущий пароль').fill('wrong-password-here');
  await page.locator('#password').getByLabel('Новый пароль').fill(NEW_PASSWORD);
  await page.locator('#password').getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(page).toHaveURL(/form=password&error=CurrentPasswordWrong/);
  await expect(page.locator('#password').getByText('Текущий пароль введён неверно.')).toBeVisible();

  await page.locator('#sessions').getByRole('button', { name: /Завершить сеанс/ }).click();
  await expect(page.getByText('Сеанс завершён.')).toBeVisible();
  expect(await stillSignedIn(other.page)).toBe(false);

  await page.goto('/account/settings/profile');
  await page.getByLabel('Имя', { exact: true }).fill('Юлия без скриптов');
  await page.locator('main').getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.locator('.greeting')).toHaveText('Привет, Юлия без скриптов');

  await page.goto('/account/settings/notifications');
  await expect(page.getByTestId('mail-log')).toContainText('Подтвердите e-mail');
  await other.close();
  await context.close();
});

test('a shopper follows another one from the public profile; both see it on the subscriptions page', async ({ page, browser }) => {
  const errors = watchConsole(page);
  await register(page, 'Анна', uniqueEmail('followed'));
  await open(page, '/account/settings/profile');
  await page.getByLabel('Показывать имя в публичном профиле').check();
  await page.locator('main').getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Личные данные сохранены.')).toBeVisible();
  await open(page, '/account/settings/subscriptions');
  const profile = await page.getByRole('link', { name: 'Ваш публичный профиль' }).getAttribute('href');
  expect(profile).toMatch(/^\/shopper\/\d+$/);

  const context = await browser.newContext();
  const other = await context.newPage();
  await register(other, 'Борис', uniqueEmail('follower'));
  await open(other, profile!);
  await expect(other.getByRole('heading', { name: 'Анна' })).toBeVisible();
  await other.getByRole('button', { name: 'Подписаться' }).click();
  await expect(other.getByTestId('followers')).toHaveText('1');
  await expect(other.getByRole('button', { name: 'Отписаться' })).toBeVisible();

  await open(page, '/account/settings/subscriptions');
  await expect(page.getByRole('heading', { name: 'Ваши подписчики' })).toBeVisible();
  await expect(page.getByTestId('shopper-line')).toHaveText('Покупатель');
  await context.close();
  expect(errors).toEqual([]);
});

test('the settings pages have no serious accessibility violations', async ({ page }) => {
  test.setTimeout(180_000);
  await register(page, 'Вера', uniqueEmail('a11y-settings'));
  await open(page, '/account/settings/security');
  await page.getByRole('button', { name: 'Включить двухэтапный вход' }).click();
  await expect(page.getByTestId('two-step-key')).toBeVisible();
  await open(page, '/account/settings/subscriptions');
  const profile = (await page.getByRole('link', { name: 'Ваш публичный профиль' }).getAttribute('href'))!;
  const found: string[] = [];
  for (const url of ['/account/settings/profile', '/account/settings/security', '/account/settings/notifications',
    '/account/settings/subscriptions', profile]) {
    await open(page, url);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    found.push(...result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${url}: ${v.id} ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`));
  }
  expect(found).toEqual([]);
});
