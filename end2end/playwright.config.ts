import { defineConfig } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// One temporary database and mail folder for the whole run, shared with the workers.
const dir = process.env.E2E_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-e2e-'));
process.env.E2E_DIR = dir;
process.env.KABINET_MAIL_DIR = path.join(dir, 'mail');
const port = process.env.E2E_PORT || '3100';
const root = path.resolve(__dirname, '..');
const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, 'target');

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  // One retry, for the timing of a loaded two-core CI machine: a test that passes only on its
  // retry is still reported ("flaky" in the summary) and is a bug to fix; failing twice fails
  // the run.
  retries: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
             '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
    },
  },
  webServer: {
    command: path.join(targetDir, 'release', 'server'),
    cwd: root,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      DATABASE_URL: `sqlite://${path.join(dir, 'kabinet.db')}?mode=rwc`,
      KABINET_MAIL_DIR: path.join(dir, 'mail'),
      KABINET_DEMO: '1',
      // Every test registers its own shoppers, all from 127.0.0.1.
      KABINET_REGISTRATIONS_PER_HOUR: '100000',
      KABINET_RECOVERY_MAILS_PER_HOUR: '1000',
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
      LEPTOS_ENV: 'PROD',
      RUST_LOG: 'warn',
    },
  },
});
