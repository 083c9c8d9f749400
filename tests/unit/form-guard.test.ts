import { describe, expect, it } from 'vitest';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import { guardForm, STAMP_FIELD, stampFor, stampTime, TRAP_FIELD } from '../../src/lib/http/form-guard.ts';
import { formStamp, handleFormPost, summaryOf, TOO_FAST_MESSAGE } from '../../src/lib/http/form-page.ts';
import { z } from 'zod';
import { ok } from '../../src/lib/domain/result.ts';

const schema = z.strictObject({ name: z.string().min(1, 'Please tell us your name.'), email: z.email('Enter an email address like name@example.com.') });

const secret = 'a-secret-of-at-least-thirty-two-characters';
const shown = new Date('2030-05-01T10:00:00.000Z');
const later = (seconds: number) => new Date(shown.getTime() + seconds * 1000);
const options = (now: Date) => ({ now, secret, minSeconds: 3 });

describe('guardForm', () => {
  const fields = { name: 'Bob', [STAMP_FIELD]: stampFor(shown, secret), [TRAP_FIELD]: '' };

  it('lets a person through after the minimum time, without the guard fields', () => {
    expect(guardForm(fields, options(later(4)))).toEqual({ verdict: 'person', fields: { name: 'Bob' } });
  });

  it('asks a post faster than a person to send again', () => {
    expect(guardForm(fields, options(later(1)))).toEqual({ verdict: 'too_fast', fields: { name: 'Bob' } });
  });

  it('treats a filled trap as a bot', () => {
    expect(guardForm({ ...fields, [TRAP_FIELD]: 'https://spam.example' }, options(later(60)))).toEqual({ verdict: 'bot' });
  });

  it('does not accept a missing, forged or tampered stamp', () => {
    const real = stampFor(shown, secret);
    // One character changed anywhere (the time included) breaks the signature.
    const tampered = [...real].map((char, at) => `${real.slice(0, at)}${char === 'A' ? 'B' : 'A'}${real.slice(at + 1)}`);
    const link = createTokens(secret).sign({ purpose: 'act', subject: 'form', expiresAt: shown.getTime() + 86_400_000 });
    for (const stamp of [undefined, '', 'x.y', stampFor(shown, 'another-secret-of-thirty-two-chars!!'), link, ...tampered]) {
      expect(guardForm({ name: 'Bob', [STAMP_FIELD]: stamp }, options(later(60))).verdict).toBe('too_fast');
    }
  });

  it('asks for a fresh stamp once a genuine one is more than a day old, or from the future', () => {
    expect(guardForm(fields, options(later(24 * 60 * 60 + 1))).verdict).toBe('stale');
    expect(guardForm(fields, options(later(30 * 24 * 60 * 60))).verdict).toBe('stale');
    expect(guardForm(fields, options(later(-120))).verdict).toBe('stale');
  });

  it('lets one genuine stamp be posted again and again within the day', () => {
    for (const seconds of [4, 60, 3600, 23 * 3600, 24 * 60 * 60]) {
      expect(guardForm(fields, options(later(seconds)))).toEqual({ verdict: 'person', fields: { name: 'Bob' } });
    }
  });

  it('reads the time back from a genuine stamp only', () => {
    expect(stampTime(stampFor(shown, secret), secret)).toBe(shown.getTime());
    expect(stampTime(stampFor(shown, secret), `${secret}x`)).toBeNull();
    expect(stampTime(42, secret)).toBeNull();
  });
});

describe('handleFormPost', () => {
  const env = { VOUCH_SECRET: secret, FORM_MIN_SECONDS: 3 };
  const post = (fields: Record<string, string>) =>
    new Request('https://vouch.test/refer/jane-okafor/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://vouch.test' },
      body: new URLSearchParams(fields).toString(),
    });

  it('runs the use case without the guard fields for a person', async () => {
    const seen: Record<string, unknown>[] = [];
    const stamp = formStamp(env, shown);
    const outcome = await handleFormPost(post({ name: 'Bob', [STAMP_FIELD]: stamp, [TRAP_FIELD]: '' }), async (fields) => {
      seen.push(fields);
      return ok('done');
    }, { env, now: later(10), schema });
    expect(outcome).toEqual({ ok: true, value: 'done', form: true });
    expect(seen).toEqual([{ name: 'Bob' }]);
  });

  it('answers a bot as ignored, and a hurried person with a 422 that keeps what they typed and their stamp', async () => {
    let runs = 0;
    const run = async () => {
      runs += 1;
      return ok('done');
    };
    const stamp = formStamp(env, shown);
    const bot = await handleFormPost(post({ name: 'Bot', [STAMP_FIELD]: stamp, [TRAP_FIELD]: 'x' }), run, { env, now: later(10), schema });
    expect(bot).toMatchObject({ ok: false, code: 'ignored' });
    const hurried = await handleFormPost(post({ name: 'Bob', email: 'bob@', [STAMP_FIELD]: stamp }), run, { env, now: later(1), schema });
    expect(hurried).toMatchObject({ ok: false, status: 422, code: 'too_fast', values: { name: 'Bob', email: 'bob@', [STAMP_FIELD]: stamp } });
    expect(runs).toBe(0);
    // No word of thanks: nothing was sent. The mistakes of the fields are shown at once, not after the second press.
    const { message, fieldErrors } = hurried as Extract<typeof hurried, { ok: false }>;
    expect(message).toBe(TOO_FAST_MESSAGE);
    expect(message).toMatch(/^Nothing was sent yet\b.*press Send again\.$/);
    expect(message).not.toMatch(/thank/i);
    expect(fieldErrors).toEqual({ email: ['Enter an email address like name@example.com.'] });
    expect(summaryOf(hurried as Extract<typeof hurried, { ok: false }>)).toBe(TOO_FAST_MESSAGE);
    // Shown again with the same stamp, the form passes a moment later.
    expect(formStamp(env, later(1), hurried.ok ? undefined : hurried.values)).toBe(stamp);
    expect(formStamp(env, later(1), { [STAMP_FIELD]: 'forged.stamp' })).not.toBe('forged.stamp');
  });

  it('answers a day-old stamp with a 422 that keeps what they typed, and shows the form again with a fresh stamp', async () => {
    let runs = 0;
    const run = async () => {
      runs += 1;
      return ok('done');
    };
    const stamp = formStamp(env, shown);
    const tomorrow = later(24 * 60 * 60 + 60);
    const stale = await handleFormPost(post({ name: 'Bob', [STAMP_FIELD]: stamp }), run, { env, now: tomorrow, schema });
    expect(stale).toMatchObject({ ok: false, status: 422, code: 'stale_form', values: { name: 'Bob' } });
    expect(runs).toBe(0);
    const fresh = formStamp(env, tomorrow, stale.ok ? undefined : { ...stale.values, [STAMP_FIELD]: stamp });
    expect(fresh).not.toBe(stamp);
    expect(stampTime(fresh, secret)).toBe(tomorrow.getTime());
    // Sent again with the fresh stamp a few seconds later, it goes through.
    const again = await handleFormPost(post({ name: 'Bob', [STAMP_FIELD]: fresh }), run, { env, now: later(24 * 60 * 60 + 70), schema });
    expect(again).toEqual({ ok: true, value: 'done', form: true });
    expect(runs).toBe(1);
  });
});
