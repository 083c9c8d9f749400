// The README's quick start as a newcomer meets it, on a clean copy of this tree (nothing generated,
// nothing built): `npm install`, then `npm start`; ask for a personal link over HTTP, refer someone
// through it, and find the three emails in the local mailbox. Then, while it runs, a content mistake
// shown in the page and fixed; the same start after `git clean -fdx` (node_modules kept); and
// `npm run serve:built` beside `npm start`. Every server it opens must listen on loopback only, and
// any API call slower than 10 s fails the run. Run by .ci/run before `npm test`.
//
//   node .ci/first-start.ts
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const API_LIMIT_MS = 10_000;
const repo = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
const say = (line: string) => console.log(`first-start [${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);

class Failure extends Error {}
const fail = (message: string): never => {
  throw new Failure(message);
};

/** Runs a command to its end; its output goes to the log only if it fails. */
async function run(command: string, args: string[], cwd: string): Promise<void> {
  const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (code !== 0) fail(`\`${command} ${args.join(' ')}\` exited with ${code}:\n${output.slice(-3000)}`);
}

/** The environment of a newcomer's shell: nothing of this run's own settings for the product. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['RESEND_API_KEY', 'RESEND_BASE_URL', 'MAILBOX_DIR', 'VOUCH_BASE_URL', 'VOUCH_SECRET', 'PORT', 'HOST', 'FORM_MIN_SECONDS', 'NODE_OPTIONS']) {
    delete env[name];
  }
  return { ...env, ...extra };
}

/** A long-running command in a process group of its own, its output kept. */
type Server = { child: ChildProcess; output: () => string; stop: () => Promise<void> };

function serve(command: string, args: string[], cwd: string, env: Record<string, string>): Server {
  const child = spawn(command, args, { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  // The dev server logs a line per request; the polling below would bury what matters under them.
  const keep = (chunk: Buffer) => {
    output += chunk
      .toString()
      .split('\n')
      .filter((line) => !/\[(?:200|30\d)\]/.test(line))
      .join('\n');
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  return {
    child,
    output: () => output,
    async stop() {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const killed = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {}
      }, 10_000);
      await exited;
      clearTimeout(killed);
      // The group's other processes (astro under npm) go with it.
      await waitFor('the server to stop', 15_000, async () => (processesIn(child.pid!).length === 0 ? true : undefined));
    },
  };
}

async function waitFor<T>(what: string, ms: number, check: () => Promise<T | undefined>, server?: Server): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (server && server.child.exitCode !== null) fail(`The server stopped while waiting for ${what}:\n${server.output().slice(-3000)}`);
    if (performance.now() > deadline) fail(`No ${what} within ${ms / 1000} s.${server ? `\nServer output:\n${server.output().slice(-3000)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const ready = (server: Server, marker: string) =>
  waitFor(`"${marker}" from the server`, 180_000, async () => (server.output().includes(marker) ? true : undefined), server);

/** An API call as the form's script makes it; slower than 10 s is a failure. */
async function api(base: string, path: string, body: Record<string, unknown>): Promise<Response> {
  const t = performance.now();
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', origin: base },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(API_LIMIT_MS),
    });
    await response.clone().text();
  } catch (error) {
    return fail(`POST ${path} gave no answer within ${API_LIMIT_MS / 1000} s (${(error as Error).message}).`);
  }
  say(`POST ${path} → ${response.status} in ${Math.round(performance.now() - t)} ms`);
  return response;
}

async function page(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  if (!response.ok) fail(`GET ${url} answered ${response.status} (${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('; ')}):\n${text.slice(0, 500)}`);
  return text;
}

/** The fields the form's script would post to its `data-api`: every named input but the plain post's own (data-form-only). */
function scriptForm(html: string): { api: string; fields: Record<string, string> } {
  const form = /<form\b[^>]*\bdata-api="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html) ?? fail('No form with data-api on the page.');
  const fields: Record<string, string> = {};
  for (const [tag] of form[2]!.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]+)"/.exec(tag)?.[1];
    if (!name || /\bdata-form-only\b/.test(tag) || !/\btype="hidden"/.test(tag)) continue;
    fields[name] = decode(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  return { api: form[1]!, fields };
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

type Mail = { to: string[]; subject: string; text: string };

async function mailbox(dir: string): Promise<Mail[]> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch {
    return [];
  }
  const mails: Mail[] = [];
  for (const file of files.filter((name) => name.endsWith('.json'))) {
    try {
      mails.push(JSON.parse(await readFile(join(dir, file), 'utf8')) as Mail);
    } catch {
      // Being written right now: read on the next look.
    }
  }
  return mails;
}

const mailTo = (dir: string, address: string, what: string, server: Server, test: (mail: Mail) => boolean = () => true) =>
  waitFor(`${what} in the mailbox for ${address}`, 15_000, async () => (await mailbox(dir)).find((m) => m.to.includes(address) && test(m)), server);

/** Every process whose process group is `group`. */
function processesIn(group: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSyncSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readFileSyncSafe(`/proc/${entry}/stat`);
    // Fields after the command name, which is in parentheses and may hold spaces: state, ppid, pgrp.
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields && Number(fields[2]) === group) pids.push(Number(entry));
  }
  return pids;
}

function readdirSyncSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
function readFileSyncSafe(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

const LOOPBACK = new Set(['0100007F', '00000000000000000000000001000000']);

/** The addresses that the server's processes listen on beyond loopback (none, if all is well). */
async function listeningBeyondLoopback(server: Server): Promise<string[]> {
  const inodes = new Set<string>();
  for (const pid of processesIn(server.child.pid!)) {
    for (const fd of readdirSyncSafe(`/proc/${pid}/fd`)) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    }
  }
  const open: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (readFileSyncSafe(table) ?? '').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A' || !inodes.has(cols[9]!)) continue;
      const [address, port] = cols[1]!.split(':');
      if (!LOOPBACK.has(address!)) open.push(`${address}:${parseInt(port!, 16)} (${table})`);
    }
  }
  return open;
}

/** A port free on both loopback addresses: a browser tries `localhost` on ::1 before 127.0.0.1. */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  // Answers the port, or null when it is taken there; a machine with no IPv6 loopback takes nothing there.
  const claim = (port: number, host: string) =>
    new Promise<number | null>((resolve) => {
      const probe = createServer();
      probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE' ? null : port));
      probe.listen(port, host, () => {
        const { port: got } = probe.address() as { port: number };
        probe.close(() => resolve(got));
      });
    });
  for (;;) {
    const port = await claim(0, '127.0.0.1');
    if (port && (await claim(port, '::1')) !== null) return port;
  }
}

async function startDev(copy: string): Promise<{ server: Server; base: string; mail: string }> {
  const port = await freePort();
  const server = serve('npm', ['start'], copy, { PORT: String(port) });
  await ready(server, 'Vouch is running at');
  const beyond = await listeningBeyondLoopback(server);
  if (beyond.length > 0) fail(`npm start listens beyond loopback: ${beyond.join(', ')}`);
  say(`npm start is up on port ${port}; everything it opened listens on loopback only`);
  return { server, base: `http://localhost:${port}`, mail: join(copy, '.vouch/mailbox') };
}

/** The loop of the README's "Try the whole loop", over HTTP as the forms' script does it. */
async function referralLoop({ server, base, mail }: { server: Server; base: string; mail: string }, slug: string, notify: string, run: string) {
  const referrer = `first-start.referrer.${run}@example.org`;
  const referee = `first-start.referee.${run}@example.org`;
  const linkForm = scriptForm(await page(`${base}/link/${slug}/`));
  const asked = await api(base, linkForm.api, { ...linkForm.fields, name: 'Ada Lovelace', email: referrer });
  if (asked.status !== 202) fail(`Asking for a link answered ${asked.status}: ${await asked.text()}`);
  const personalLink = /(http:\/\/\S+\/r\/[\w-]{22})(?![\w-])/;
  const linkMail = await mailTo(mail, referrer, 'the personal link', server, (m) => personalLink.test(m.text));
  const link = personalLink.exec(linkMail.text)![1]!;
  say(`the link email arrived: ${linkMail.subject}`);

  // The personal link is the provider's page; its "get in touch" leads to the form, carrying the referrer's code.
  const contact = /href="(\/refer\/[^"]+)"/.exec(await page(link))?.[1] ?? fail('No link to the referral form on the personal link page.');
  const referralForm = scriptForm(await page(`${base}${decode(contact)}`));
  if (!referralForm.fields.ref) fail('The referral form reached from the personal link does not carry the referrer.');
  const sent = await api(base, referralForm.api, {
    ...referralForm.fields,
    name: 'Grace Hopper',
    email: referee,
    message: 'I would like help with a pension plan.',
    consent: true,
    shareFirstName: true,
  });
  if (!sent.ok) fail(`Submitting the referral answered ${sent.status}: ${await sent.text()}`);
  const confirmation = await mailTo(mail, referee, 'the confirmation', server);
  const thanks = await mailTo(mail, referrer, 'the thank-you', server, (m) => m !== linkMail && m.subject !== linkMail.subject);
  const alert = await mailTo(mail, notify, 'the provider alert', server, (m) => m.text.includes('Grace'));
  say(`the three emails arrived: "${confirmation.subject}", "${thanks.subject}", "${alert.subject}"`);
}

async function contentMistake({ server, base }: { server: Server; base: string }, copy: string, slug: string) {
  const file = join(copy, 'content/providers', `${slug}.md`);
  const good = await readFile(file, 'utf8');
  await writeFile(file, good.replace(/^name: .*$/m, 'name: 12'));
  const banner = await waitFor('the content mistake on the page', 30_000, async () => {
    const html = await page(`${base}/`);
    return /data-dev-content-problem/.test(html) ? html : undefined;
  }, server);
  if (!banner.includes(`content/providers/${slug}.md: name:`)) fail('The banner does not name the file and the field.');
  say('a broken content file shows on the page, naming the file and the field');
  const still = await api(base, '/api/referrers', { provider: slug, name: 'Ada Lovelace', email: `first-start.meanwhile@example.org` });
  if (still.status !== 202) fail(`With content/ broken, the API answered ${still.status}: the last good content should serve.`);
  await writeFile(file, good);
  await waitFor('the banner to go once the file is fixed', 30_000, async () => (/data-dev-content-problem/.test(await page(`${base}/`)) ? undefined : true), server).catch(
    async (error: Error) => fail(`${error.message}\nThe problem on record: ${await readFile(join(copy, '.vouch/content-problem.txt'), 'utf8').catch(() => '(none)')}`),
  );
  say('fixed: the banner is gone');
}

async function sideBySide(copy: string, slug: string) {
  await run('npm', ['run', 'build'], copy);
  const port = await freePort();
  const built = serve('npm', ['run', 'serve:built', '--', '--port', String(port), '--quiet'], copy, {});
  try {
    await ready(built, 'Built site at');
    const beyond = await listeningBeyondLoopback(built);
    if (beyond.length > 0) fail(`npm run serve:built listens beyond loopback: ${beyond.join(', ')}`);
    // Nothing is asked of it before npm start: the SSR function loads a page's code on its first
    // request, and that code must still be there after npm start has emptied the build's folder.
    const onDemand = `http://127.0.0.1:${port}/refer/${slug}/`;
    const dev = await startDev(copy);
    try {
      await page(onDemand);
      say('npm run serve:built still serves its on-demand pages with npm start running beside it');
    } finally {
      await dev.server.stop();
    }
  } finally {
    await built.stop();
  }
}

async function main() {
  const copy = await mkdtemp(join(tmpdir(), 'vouch-first-start-'));
  try {
    await run('git', ['clone', '--quiet', repo, copy], tmpdir());
    say(`a clean copy of this tree in ${copy}; npm install …`);
    await run('npm', ['install', '--no-audit', '--no-fund'], copy);
    const slug = (await readdir(join(copy, 'content/providers'))).sort()[0]!.replace(/\.md$/, '');
    const notify = /^notify:\s*\n\s*-\s*(\S+)/m.exec(await readFile(join(copy, 'content/providers', `${slug}.md`), 'utf8'))?.[1] ?? fail('No notify address.');

    const dev = await startDev(copy);
    try {
      await referralLoop(dev, slug, notify, 'a');
      await contentMistake(dev, copy, slug);
    } finally {
      await dev.server.stop();
    }

    await run('git', ['clean', '-fdxq', '-e', 'node_modules'], copy);
    say('git clean -fdx (node_modules kept); npm start again');
    const again = await startDev(copy);
    try {
      await referralLoop(again, slug, notify, 'b');
    } finally {
      await again.server.stop();
    }

    await sideBySide(copy, slug);
    say('passed');
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(`first-start: FAILED: ${error instanceof Failure ? error.message : (error as Error).stack}`);
  process.exit(1);
}
