// Under `npm start`, the scheduled functions run on their schedules, as Netlify runs them on a
// published deploy; its local emulation runs none. Each run POSTs Netlify's body ({ next_run }) to
// the function and logs one line: the function's name, its status, how long it took and its report.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Cron } from 'croner';

/** A scheduled function and its cron expression (UTC), as its `config.schedule` gives it. */
export type Schedule = { name: string; cron: string };

/** What one run of a scheduled function answered. */
export type RunResult = { status: number; body: string };

// `config` is read statically on Netlify too, so its `schedule` is always a literal.
const SCHEDULE = /export\s+const\s+config\b[^=]*=\s*\{[^}]*?\bschedule\s*:\s*(['"`])([^'"`]+)\1/;

/** The scheduled functions of a folder (`netlify/functions`), in name order. */
export async function schedulesIn(dir: string): Promise<Schedule[]> {
  const schedules: Schedule[] = [];
  for (const file of (await readdir(dir)).sort()) {
    const match = /^(.+)\.m?[jt]s$/.exec(file);
    if (!match) continue;
    const cron = SCHEDULE.exec(await readFile(join(dir, file), 'utf8'))?.[2];
    if (cron) schedules.push({ name: match[1]!, cron });
  }
  return schedules;
}

/**
 * Runs each function on its schedule until `stop()`. A run still going when the next is due is
 * not started twice (Netlify does not overlap runs either); a run that fails is logged, and the
 * schedule goes on.
 */
export function runSchedules(
  schedules: Schedule[],
  options: { invoke: (name: string, nextRun: Date | null) => Promise<RunResult>; log: (line: string) => void },
): { stop(): void } {
  const jobs = schedules.map(
    ({ name, cron }) =>
      new Cron(cron, { timezone: 'UTC', protect: true, name }, async (job: Cron) => {
        const started = performance.now();
        try {
          const { status, body } = await options.invoke(name, job.nextRun());
          options.log(`schedule: ${name} answered ${status} in ${Math.round(performance.now() - started)} ms ${oneLine(body)}`);
        } catch (error) {
          options.log(`schedule: ${name} failed after ${Math.round(performance.now() - started)} ms: ${(error as Error).message}`);
        }
      }),
  );
  return { stop: () => jobs.forEach((job) => job.stop()) };
}

/** Invokes a scheduled function of a running dev server the way Netlify does: a POST with `{ next_run }`, within its 30 s limit. */
export function invokeOver(baseUrl: string): (name: string, nextRun: Date | null) => Promise<RunResult> {
  return async (name, nextRun) => {
    const response = await fetch(`${baseUrl}/.netlify/functions/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ next_run: nextRun?.toISOString() ?? null }),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, body: await response.text() };
  };
}

const oneLine = (body: string): string => {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
};
