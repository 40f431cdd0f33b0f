import { expect, Page } from '@playwright/test';
import { open, PASSWORD, register, signOut, uniqueEmail, watchConsole, withoutJs, test } from './helpers';

/** On the demo provider's consent page (KABINET_DEMO=1 configures it as "Google (demo)"). */
async function consent(page: Page, name: string, email: string) {
  await expect(page.getByRole('heading', { name: /Демо-провайдер входа/ })).toBeVisible();
  await page.getByLabel('Имя / Name').fill(name);
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Разрешить / Allow' }).click();
}

test('a new shopper signs in with Google (demo): the account gets the provider\'s name', async ({ page }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail('olga-google');
  await open(page, '/login?next=/account');
  await page.getByRole('button', { name: 'Войти через Google (demo)' }).click();
  await consent(page, 'Ольга Демова', email);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText('Привет, Ольга Демова')).toBeVisible();
  await expect(page.getByTestId('member-id')).toHaveText(/^\s*\d{9}\s*$/);
  await open(page, '/account/settings/security');
  const linked = page.getByTestId('linked-providers');
  await expect(linked.getByText('Google')).toBeVisible();
  // Its only way in: removing it is refused with the reason.
  await linked.getByRole('button', { name: 'Отвязать Google' }).click();
  await expect(page.getByText('единственный способ входа').first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('Google is linked to an existing account only after its password', async ({ page }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail('yulia-link');
  await register(page, 'Юлия', email);
  await signOut(page);
  await open(page, '/login');
  await page.getByRole('button', { name: 'Войти через Google (demo)' }).click();
  await consent(page, 'Юлия Гуглова', email);
  await expect(page).toHaveURL(/\/login\/link$/);
  await expect(page.getByTestId('link-text')).toContainText(email);
  await expect(page.getByRole('banner').getByRole('link', { name: 'Войти' })).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Пароль').fill('Ne-tot-parol-2026');
  await page.getByRole('button', { name: 'Войти и привязать' }).click();
  await expect(page.getByText('Текущий пароль введён неверно.').first()).toBeVisible();
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти и привязать' }).click();
  // The account keeps its own name; Google is now linked to it.
  await expect(page.getByText('Привет, Юлия')).toBeVisible();
  await open(page, '/account/settings/security');
  await expect(page.getByTestId('linked-providers').getByText('Google')).toBeVisible();
  await signOut(page);
  await open(page, '/login');
  await page.getByRole('button', { name: 'Войти через Google (demo)' }).click();
  await consent(page, 'Юлия Гуглова', email);
  await expect(page.getByText('Привет, Юлия')).toBeVisible();
  expect(errors).toEqual([]);
});

test('without JavaScript: sign in with Google (demo), and link after the password', async ({ browser, context }) => {
  const { page, close } = await withoutJs(browser, context);
  const email = uniqueEmail('nojs-google');
  await page.goto('/register');
  await page.getByRole('button', { name: 'Войти через Google (demo)' }).click();
  await consent(page, 'Пётр Безскриптов', email);
  await expect(page.getByText('Привет, Пётр Безскриптов')).toBeVisible();
  // A second browser, no JavaScript either: the same e-mail as a password account's.
  const other = uniqueEmail('nojs-existing');
  await page.goto('/account/settings/security');
  await expect(page.getByTestId('linked-providers').getByText('Google')).toBeVisible();
  await page.context().clearCookies();
  await page.goto('/register');
  await page.getByLabel('Имя').fill('Вера');
  await page.getByLabel('E-mail', { exact: true }).fill(other);
  await page.getByLabel('Пароль', { exact: true }).fill(PASSWORD);
  await page.getByLabel(/условия использования/).check();
  await page.getByRole('button', { name: 'Создать аккаунт' }).click();
  await expect(page.getByText('Привет, Вера')).toBeVisible();
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByRole('button', { name: 'Войти через Google (demo)' }).click();
  await consent(page, 'Вера Гуглова', other);
  await expect(page).toHaveURL(/\/login\/link$/);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти и привязать' }).click();
  await expect(page.getByText('Привет, Вера')).toBeVisible();
  await close();
});
