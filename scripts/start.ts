// npm start: the whole product on this machine, offline. Pages, functions and Blobs are
// served by `astro dev` with Netlify's local emulation; without RESEND_API_KEY every email
// lands in the local mailbox, readable at /dev/mailbox/.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

if (existsSync('.env')) process.loadEnvFile('.env');

const port = process.env.PORT || '4321';
const host = process.env.HOST || 'localhost';
const url = `http://${host}:${port}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ASTRO_TELEMETRY_DISABLED: '1',
  ASTRO_DISABLE_UPDATE_CHECK: 'true',
  // Links in emails from a local run open this site, not the production domain.
  VOUCH_BASE_URL: process.env.VOUCH_BASE_URL || url,
};
if (!env.VOUCH_SECRET) {
  // A secret of this checkout's own, kept across restarts, so that forms shown before a restart still post.
  const file = '.vouch/secret';
  if (!existsSync(file)) {
    mkdirSync('.vouch', { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  env.VOUCH_SECRET = readFileSync(file, 'utf8').trim();
}
if (!env.RESEND_API_KEY) env.MAILBOX_DIR = resolve(env.MAILBOX_DIR || '.vouch/mailbox');

const astro = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'dev', '--port', port, '--host', host], {
  env,
  stdio: ['inherit', 'pipe', 'inherit'],
});
let announced = false;
astro.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (!announced && chunk.toString().includes('ready in')) {
    announced = true;
    console.log(`\n  Vouch is running at ${url}/`);
    console.log(
      env.MAILBOX_DIR
        ? `  Emails go to the local mailbox: ${url}/dev/mailbox/ (files in ${env.MAILBOX_DIR})\n`
        : '  Emails are sent through Resend (RESEND_API_KEY is set).\n',
    );
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => astro.kill(signal));
astro.on('exit', (code) => process.exit(code ?? 0));
