import { Browser, CDPSession, expect, Page } from '@playwright/test';
import { open, register, signOut, test, uniqueEmail, watchConsole } from './helpers';

// Browsers refuse WebAuthn on an IP address: these tests use http://localhost:PORT, which the
// server (no KABINET_PUBLIC_URL) takes as the relying party from the Host header.
const LOCAL = `http://localhost:${process.env.E2E_PORT || '3100'}`;

/** A browser on localhost with Chromium's virtual platform authenticator (CDP WebAuthn). */
async function localBrowser(browser: Browser, javaScriptEnabled = true) {
  const context = await browser.newContext({ baseURL: LOCAL, javaScriptEnabled });
  const page = await context.newPage();
  let cdp: CDPSession | undefined;
  let authenticatorId = '';
  if (javaScriptEnabled) {
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  }
  const credentials = async () =>
    (await cdp!.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  return { context, page, credentials };
}

async function addPasskey(page: Page, name: string) {
  await open(page, '/account/settings/security');
  await expect(page.getByTestId('passkey-needs-js')).toBeHidden();
  const block = page.locator('#passkeys');
  await block.getByLabel('Название ключа').fill(name);
  await block.getByRole('button', { name: 'Добавить ключ доступа' }).click();
  await expect(page.getByText('Ключ доступа добавлен')).toBeVisible();
  await expect(page.getByTestId('passkey').filter({ hasText: name })).toContainText('ещё не использовался');
}

test('a shopper adds a passkey, signs out and signs in with the passkey alone', async ({ browser }) => {
  const { context, page, credentials } = await localBrowser(browser);
  const errors = watchConsole(page);
  await register(page, 'Ника', uniqueEmail('passkey'));
  await addPasskey(page, 'Ноутбук');
  // A discoverable credential: the authenticator keeps the account's handle.
  const stored = await credentials();
  expect(stored).toHaveLength(1);
  expect(stored[0].isResidentCredential).toBe(true);

  await signOut(page);
  await open(page, '/login?next=/account/orders');
  await page.getByTestId('passkey-sign-in').click();
  await expect(page).toHaveURL(/\/account\/orders$/);
  await expect(page.getByText('Привет, Ника')).toBeVisible();
  await open(page, '/account/settings/security');
  await expect(page.getByTestId('passkey').filter({ hasText: 'Ноутбук' })).toContainText('последний вход');
  expect(errors).toEqual([]);
  await context.close();
});

test('a removed passkey signs nobody in, and removing works without JavaScript', async ({ browser }) => {
  const { context, page } = await localBrowser(browser);
  const errors = watchConsole(page);
  await register(page, 'Глеб', uniqueEmail('passkey-remove'));
  await addPasskey(page, 'Телефон');

  // Without JavaScript: the list and the remove button work; adding says it needs JavaScript.
  const plain = await browser.newContext({ baseURL: LOCAL, javaScriptEnabled: false });
  await plain.addCookies(await context.cookies());
  const nojs = await plain.newPage();
  await nojs.goto('/account/settings/security');
  await expect(nojs.getByTestId('passkey-needs-js')).toContainText('включите JavaScript');
  await expect(nojs.getByTestId('passkey-needs-js')).toBeVisible();
  await expect(nojs.getByRole('button', { name: 'Добавить ключ доступа' })).toBeHidden();
  await nojs.getByRole('button', { name: 'Удалить «Телефон»' }).click();
  await expect(nojs.getByText('Ключ доступа удалён.')).toBeVisible();
  await expect(nojs.getByText('Ключей доступа пока нет.')).toBeVisible();
  await plain.close();

  // The authenticator still holds the key; the site no longer knows it.
  await signOut(page);
  await open(page, '/login');
  await page.getByTestId('passkey-sign-in').click();
  await expect(page.getByText('не привязан ни к одному аккаунту')).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Войти' })).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});
