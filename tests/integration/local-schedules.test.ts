// Under `npm start` the scheduled functions run on their schedules (the local emulation runs none):
// read from each function's `config.schedule` as Netlify reads it, and run by scripts/start.ts.
// Here the same runner drives the real outbox function against the real Blobs server and the
// local mailbox, with a short schedule and the clock moved past the retry's backoff.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import outbox from '../../netlify/functions/outbox.ts';
import type { MailboxMessage } from '../../src/lib/adapters/mailbox.ts';
import { type RunResult, runSchedules, schedulesIn } from '../../scripts/lib/local-schedules.ts';
import { type LocalBlobs, startBlobs } from '../../scripts/lib/blobs-server.ts';
import { useMailbox } from '../support/env.ts';
import { postReferral } from '../support/handlers.ts';
import { address } from '../support/services.ts';

let blobs: LocalBlobs;
let folder: string;
beforeAll(async () => {
  blobs = await startBlobs();
  folder = await mkdtemp(join(tmpdir(), 'vouch-schedules-'));
});
afterAll(async () => {
  await blobs.stop();
  await rm(folder, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs the outbox function (it reads nothing of Netlify's `{ next_run }` body, so it is called without it). */
const invokeOutbox = async (): Promise<RunResult> => {
  const response = await outbox();
  return { status: response.status, body: await response.text() };
};

describe('scheduled functions under npm start', () => {
  it('are read from each function file, as Netlify reads config.schedule', async () => {
    expect(await schedulesIn('netlify/functions')).toEqual([
      { name: 'outbox', cron: '* * * * *' },
      { name: 'reminders', cron: '*/15 * * * *' },
      { name: 'retention', cron: '@daily' },
    ]);
  });

  it('deliver a message that failed while the mailbox folder was unwritable once it is writable again, with no manual step', async () => {
    // A file where the mailbox folder should be: every send fails, as with a folder that cannot be written.
    const mailbox = join(folder, 'mailbox');
    await writeFile(mailbox, 'not a folder');
    useMailbox(mailbox);
    const referee = address('referee');
    const after: Promise<unknown>[] = [];
    const answer = await postReferral(
      { provider: 'jane-okafor', name: 'Grace Hopper', email: referee, message: 'Help with a pension, please.', consent: true },
      undefined,
      { waitUntil: (promise) => after.push(promise) },
    );
    expect(answer.status).toBe(201);
    await Promise.all(after);

    await rm(mailbox);
    // Past the first retry's backoff (a minute, give or take a fifth), as a few minutes of npm start would be.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 5 * 60_000);
    const lines: string[] = [];
    let delivered: () => void = () => {};
    const done = new Promise<void>((resolve) => (delivered = resolve));
    // Every second instead of every minute: the runner is the one npm start uses.
    const schedules = runSchedules([{ name: 'outbox', cron: '* * * * * *' }], {
      invoke: invokeOutbox,
      log: (line) => {
        lines.push(line);
        if (/"sent":2\b/.test(line)) delivered();
      },
    });
    try {
      await done;
    } finally {
      schedules.stop();
    }
    expect(lines.at(-1)).toMatch(/^schedule: outbox answered 200 in \d+ ms \{"due":2,"sent":2,/);
    const files = await readdir(mailbox);
    const messages = await Promise.all(files.map(async (file) => JSON.parse(await readFile(join(mailbox, file), 'utf8')) as MailboxMessage));
    expect(messages.map((message) => message.to[0]).sort()).toEqual(['jane@example.com', referee].sort());
  }, 20_000);

  it('log a run that fails and keep the schedule going', async () => {
    const lines: string[] = [];
    let calls = 0;
    let twice: () => void = () => {};
    const done = new Promise<void>((resolve) => (twice = resolve));
    const schedules = runSchedules([{ name: 'reminders', cron: '* * * * * *' }], {
      invoke: async () => {
        calls += 1;
        if (calls === 1) throw new Error('fetch failed');
        return { status: 200, body: '{"reminded":0}' };
      },
      log: (line) => {
        lines.push(line);
        if (lines.length === 2) twice();
      },
    });
    try {
      await done;
    } finally {
      schedules.stop();
    }
    expect(lines[0]).toMatch(/^schedule: reminders failed after \d+ ms: fetch failed$/);
    expect(lines[1]).toMatch(/^schedule: reminders answered 200 in \d+ ms \{"reminded":0\}$/);
  }, 10_000);
});
