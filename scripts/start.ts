// npm start: the whole product on this machine, offline. Pages, functions and Blobs are served by
// `astro dev` with Netlify's local emulation; without RESEND_API_KEY every email lands in the local
// mailbox, readable at /dev/mailbox/, and every webhook in the local receiver, /dev/webhooks/; the
// scheduled functions run on their schedules.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateContent, hasGeneratedContent } from '../src/lib/content/generate.ts';
import { everyProvider } from '../src/lib/content/index.ts';
import { ContentError } from '../src/lib/content/load.ts';
import { recordContentProblem } from '../src/lib/content/problem.ts';
import { invokeOver, runSchedules, schedulesIn } from './lib/local-schedules.ts';

if (existsSync('.env')) process.loadEnvFile('.env');

const root = process.cwd();
const port = process.env.PORT || '4321';
const host = process.env.HOST || 'localhost';
const url = `http://${host}:${port}`;
// Where this script itself reaches the server, whatever interface it listens on.
const selfUrl = `http://${['0.0.0.0', '::'].includes(host) ? '127.0.0.1' : host}:${port}`;

// The functions are bundled once, as the server starts, from the content generated out of content/:
// it must exist before then, or every /api/ call waits for a bundle that never builds.
try {
  await generateContent(root);
  await recordContentProblem(root, null);
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  console.error(`\n${error.message}\n`);
  if (!hasGeneratedContent(root)) {
    console.error('npm start needs content/ to be valid once, to begin with: fix the problems above, then run npm start again.');
    process.exit(1);
  }
  console.error('Starting with the last good content; every page says what is wrong until it is fixed.\n');
  await recordContentProblem(root, error.message);
}

const env: NodeJS.ProcessEnv = {
  ...process.env,
  ASTRO_TELEMETRY_DISABLED: '1',
  ASTRO_DISABLE_UPDATE_CHECK: 'true',
  // Links in emails from a local run open this site, not the production domain.
  VOUCH_BASE_URL: process.env.VOUCH_BASE_URL || url,
  // Servers the emulation opens without naming an address (its Blobs server, for one) listen on loopback only.
  NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${pathToFileURL(resolve('scripts/lib/loopback-only.ts')).href}`].filter(Boolean).join(' '),
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
if (!env.RESEND_API_KEY) {
  env.MAILBOX_DIR = resolve(env.MAILBOX_DIR || '.vouch/mailbox');
  // Local mode posts each provider's webhooks to /dev/webhooks/, signed with the secret their content
  // file names: one of this checkout's own for each that is not set, kept across restarts.
  const file = '.vouch/webhook-secrets.json';
  const kept: Record<string, string> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  for (const name of new Set(everyProvider().flatMap((provider) => (provider.webhook ? [provider.webhook.secretVariable] : [])))) {
    if (env[name]) continue;
    kept[name] ??= `whsec_${randomBytes(32).toString('base64')}`;
    env[name] = kept[name];
  }
  mkdirSync('.vouch', { recursive: true });
  writeFileSync(file, JSON.stringify(kept, null, 2), { mode: 0o600 });
}

const astro = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'dev', '--port', port, '--host', host], {
  env,
  stdio: ['inherit', 'pipe', 'inherit'],
});
const schedules = await schedulesIn('netlify/functions');
let stopSchedules = () => {};
let announced = false;
astro.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (!announced && chunk.toString().includes('ready in')) {
    announced = true;
    console.log(`\n  Vouch is running at ${url}/`);
    console.log(
      env.MAILBOX_DIR
        ? `  Emails go to the local mailbox: ${url}/dev/mailbox/ (files in ${env.MAILBOX_DIR})`
        : '  Emails are sent through Resend (RESEND_API_KEY is set).',
    );
    if (env.MAILBOX_DIR) console.log(`  Webhooks go to the local receiver: ${url}/dev/webhooks/`);
    console.log(`  Scheduled here as on Netlify: ${schedules.map(({ name, cron }) => `${name} (${cron})`).join(', ')}\n`);
    stopSchedules = runSchedules(schedules, { invoke: invokeOver(selfUrl), log: (line) => console.log(line) }).stop;
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopSchedules();
    astro.kill(signal);
  });
}
astro.on('exit', (code) => {
  stopSchedules();
  process.exit(code ?? 0);
});
