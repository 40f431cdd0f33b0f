import { expect } from '@playwright/test';
import { linkIn, mailTo, open, PASSWORD, register, signIn, signOut, uniqueEmail, watchConsole, test } from './helpers';

test('a shopper registers, signs out, signs in by e-mail and member ID, and resets a forgotten password', async ({ page, baseURL }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail('yulia');
  await register(page, 'Юлия', email);

  // The account shows the member ID the server assigned.
  await open(page, '/account');
  const memberId = (await page.getByTestId('member-id').textContent())!.trim();
  expect(memberId).toMatch(/^\d{9}$/);
  await expect(page.getByText(email)).toBeVisible();

  await signOut(page);
  await signIn(page, email);
  await expect(page.getByText('Привет, Юлия')).toBeVisible();
  await signOut(page);
  await signIn(page, memberId);
  await expect(page.getByText('Привет, Юлия')).toBeVisible();
  await signOut(page);

  await signIn(page, email, 'not-my-password');
  await expect(page.getByRole('alert').filter({ hasText: 'Неверный e-mail, member ID или пароль.' })).toBeVisible();

  // Forgotten password: the e-mailed link sets a new password once.
  await open(page, '/password/forgot');
  await page.getByLabel('E-mail').first().fill(email);
  await page.getByRole('button', { name: 'Отправить ссылку' }).click();
  await expect(page.getByText('Если этот e-mail зарегистрирован')).toBeVisible();
  const link = linkIn(await mailTo(email, '/password/reset/'), baseURL!);
  await open(page, link);
  await page.getByLabel('Новый пароль').fill('Novyi-Parol-2026');
  await page.getByRole('button', { name: 'Сохранить пароль' }).click();
  await expect(page.getByText('Пароль изменён')).toBeVisible();
  await page.getByLabel('E-mail или member ID').fill(email);
  await page.getByLabel('Пароль').fill('Novyi-Parol-2026');
  await page.getByRole('button', { name: 'Войти' }).last().click();
  await expect(page.getByText('Привет, Юлия')).toBeVisible();

  await open(page, link);
  await expect(page.getByText('Ссылка недействительна или устарела.')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the language switch turns the page English and is remembered', async ({ page }) => {
  const errors = watchConsole(page);
  await open(page, '/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.waitForSelector('body[data-hydrated]');
  await expect(page.getByLabel('E-mail or member ID')).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await open(page, '/register');
  await expect(page.getByRole('heading', { name: 'Register' })).toBeVisible();
  await page.getByRole('button', { name: 'Русский' }).click();
  await expect(page.getByRole('heading', { name: 'Регистрация' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a shopper signs in with the keyboard alone and opens the buyer menu by focus', async ({ page }) => {
  const email = uniqueEmail('keys');
  await register(page, 'Мария', email);
  await signOut(page);
  await open(page, '/login');
  await page.getByLabel('E-mail или member ID').focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Пароль')).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Привет, Мария')).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');

  // Tab to the greeting: the menu opens on focus and its items are reachable.
  const menuItem = page.getByRole('link', { name: 'Мой кабинет' });
  await expect(menuItem).toBeHidden();
  await page.locator('.greeting').focus();
  await expect(menuItem).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(menuItem).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/account$/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('registration, sign-in and errors work as plain forms', async ({ page }) => {
    const email = uniqueEmail('nojs');
    await page.goto('/register?next=/account');
    await page.getByLabel('Имя').fill('Ольга');
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Пароль', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Создать аккаунт' }).click();
    // Terms not accepted: back to the form with the message next to the checkbox.
    await expect(page.getByText('Примите условия использования.')).toBeVisible();
    await page.getByLabel('Имя').fill('Ольга');
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Пароль', { exact: true }).fill(PASSWORD);
    await page.getByLabel(/условия использования/).check();
    await page.getByRole('button', { name: 'Создать аккаунт' }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText('Привет, Ольга')).toBeAttached();

    // The buyer menu opens on hover with CSS alone.
    await page.locator('.greeting').hover();
    await page.getByRole('button', { name: 'Выйти' }).click();
    await expect(page.getByRole('banner').getByRole('link', { name: 'Войти' })).toBeVisible();

    await page.goto('/account');
    await expect(page).toHaveURL(/\/login\?next=\/account$/);
    await page.getByLabel('E-mail или member ID').fill(email);
    await page.getByLabel('Пароль').fill('wrong-password');
    await page.getByRole('button', { name: 'Войти' }).last().click();
    await expect(page.getByText('Неверный e-mail, member ID или пароль.')).toBeVisible();
    await page.getByLabel('E-mail или member ID').fill(email);
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).last().click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText(email)).toBeVisible();
  });
});

test('pages fit a 360 px wide phone without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const url of ['/', '/login', '/register', '/password/forgot']) {
    await open(page, url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, url).toBeLessThanOrEqual(0);
  }
});
