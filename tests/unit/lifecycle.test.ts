import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import { createIds, systemClock } from '../../src/lib/adapters/ids.ts';
import { actionsFrom, checkTransition, type LifecycleEvent, type Stage, stages } from '../../src/lib/domain/lifecycle.ts';
import { openToken } from '../../src/lib/domain/tokens.ts';
import { summarise, toCsv, type DashboardRow } from '../../src/lib/domain/use-cases/provider-dashboard.ts';
import { referrerPage } from '../../src/lib/domain/use-cases/referrer-page.ts';
import { directoryOf, fixedIds, provider, site, TEST_SECRET } from '../fixtures/domain.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { createRecordingMailer } from '../support/recording-mailer.ts';

const to = (stage: Stage, event: LifecycleEvent) => {
  const result = checkTransition(stage, event);
  return result.ok ? result.value : result.error.message;
};

describe('the referral state machine', () => {
  it('moves forward through contacted, first meeting and working together, skipping steps if need be', () => {
    expect(to('new', { action: 'contacted' })).toBe('contacted');
    expect(to('contacted', { action: 'met' })).toBe('met');
    expect(to('met', { action: 'working' })).toBe('working');
    expect(to('new', { action: 'working' })).toBe('working');
  });

  it('refuses a step already recorded or a step back, saying which', () => {
    expect(to('contacted', { action: 'contacted' })).toBe('"Contacted" is already recorded.');
    expect(to('met', { action: 'contacted' })).toBe('This referral is already at "First meeting held"; it can\'t go back to "Contacted".');
  });

  it('closes for good after working together, a decline, a hand-off or a withdrawal', () => {
    for (const closed of ['working', 'declined', 'handed-on', 'withdrawn'] as const) {
      for (const event of [{ action: 'contacted' }, { action: 'declined', reason: 'timing' }, { action: 'decline' }] as LifecycleEvent[]) {
        expect(to(closed, event)).toMatch(/^This referral is closed/);
      }
    }
  });

  it('lets a referee erase their details at any stage, open or closed, without moving it', () => {
    for (const stage of ['new', 'handoff-proposed', 'working', 'withdrawn', 'handed-on'] as const) expect(to(stage, { action: 'erase' })).toBe(stage);
  });

  it('offers a hand-off from an open stage, and waits for the referee before anything else but a decline', () => {
    expect(to('contacted', { action: 'hand-on', partner: 'marcus-lee' })).toBe('handoff-proposed');
    expect(to('handoff-proposed', { action: 'hand-on', partner: 'marcus-lee' })).toBe('A hand-off is already waiting for their answer.');
    expect(to('handoff-proposed', { action: 'met' })).toMatch(/waiting for their answer/);
    expect(to('handoff-proposed', { action: 'accept-handoff' })).toBe('handed-on');
    expect(to('handoff-proposed', { action: 'refuse-handoff' })).toBe('withdrawn');
    expect(to('handoff-proposed', { action: 'declined', reason: 'unreachable' })).toBe('declined');
    expect(to('new', { action: 'accept-handoff' })).toBe('There is no hand-off waiting for an answer.');
  });

  it('lets the referee withdraw while the referral is open', () => {
    for (const open of ['new', 'contacted', 'met', 'handoff-proposed'] as const) expect(to(open, { action: 'decline' })).toBe('withdrawn');
  });

  it('offers exactly the provider actions the machine accepts', () => {
    for (const stage of stages) {
      for (const action of actionsFrom(stage)) {
        const event = (action === 'declined' ? { action, reason: 'timing' } : action === 'hand-on' ? { action, partner: 'p' } : { action }) as LifecycleEvent;
        expect(checkTransition(stage, event).ok, `${stage} → ${action}`).toBe(true);
      }
    }
    expect(actionsFrom('new')).toEqual(['contacted', 'met', 'working', 'declined', 'hand-on']);
    expect(actionsFrom('working')).toEqual([]);
  });
});

describe('signed tokens', () => {
  const tokens = createTokens(TEST_SECRET);
  const clock = { now: () => new Date('2030-01-01T00:00:00Z') };
  const deps = { tokens, clock };
  const claims = { purpose: 'act' as const, subject: 'jane-okafor/r1', expiresAt: Date.parse('2030-02-01T00:00:00Z') };

  it('open for their own purpose until they expire', () => {
    const token = tokens.sign(claims)!;
    expect(openToken(deps, token, 'act')).toEqual({ ok: true, value: claims });
    expect(openToken({ tokens, clock: { now: () => new Date('2030-02-01T00:00:00Z') } }, token, 'act')).toEqual({ ok: false, error: { code: 'expired' } });
    expect(openToken(deps, token, 'respond')).toEqual({ ok: false, error: { code: 'not_found' } });
  });

  it('do not open when forged, altered, signed with another secret, malformed, or when no secret is set', () => {
    const token = tokens.sign(claims)!;
    const bytes = Buffer.from(token, 'base64url');
    const flipped = (at: number) => {
      const copy = Buffer.from(bytes);
      copy[at]! ^= 0x01;
      return copy.toString('base64url');
    };
    for (const bad of [
      flipped(0), // the purpose
      flipped(3), // the expiry
      flipped(10), // the subject
      flipped(bytes.length - 1), // the signature
      createTokens('another-secret-another-secret-000').sign(claims)!,
      token.slice(0, -1),
      `${token}.extra`,
      `${token}!!`,
      `${token}=`,
      ` ${token}`,
      `${token}\n`,
      '',
      'x'.repeat(700),
    ]) {
      expect(openToken(deps, bad, 'act')).toEqual({ ok: false, error: { code: 'not_found' } });
    }
    const unsigned = createTokens(undefined);
    expect(unsigned.configured).toBe(false);
    expect(unsigned.sign(claims)).toBeNull();
    expect(unsigned.verify(token)).toBeNull();
  });

  it('open only when spelled canonically: junk after the signature, or spare trailing bits, is refused', () => {
    const token = tokens.sign(claims)!;
    // The last character carries spare bits: another letter with the same meaningful bits decodes to the same bytes.
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const spare = token.length % 4 === 2 ? 15 : token.length % 4 === 3 ? 3 : 0;
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    if (spare > 0) {
      const variant = `${token.slice(0, -1)}${sibling}`;
      expect(Buffer.from(variant, 'base64url').equals(Buffer.from(token, 'base64url'))).toBe(true);
      expect(openToken(deps, variant, 'act')).toEqual({ ok: false, error: { code: 'not_found' } });
    }
    for (const junk of ['!!', '~', '%20', '==', '*']) expect(openToken(deps, `${token}${junk}`, 'act')).toEqual({ ok: false, error: { code: 'not_found' } });
  });

  it('keep opening tokens of the earlier JSON form, canonically spelled only', () => {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const key = createHmac('sha256', TEST_SECRET).update('vouch tokens v1').digest();
    const signature = createHmac('sha256', key).update(body).digest('base64url');
    expect(openToken(deps, `${body}.${signature}`, 'act')).toEqual({ ok: true, value: claims });
    for (const bad of [`${body}.${signature}!!`, `${body}.${signature}=`, `${body}!.${signature}`, `${body}.${signature.slice(0, -1)}`]) {
      expect(openToken(deps, bad, 'act')).toEqual({ ok: false, error: { code: 'not_found' } });
    }
  });

  it('are short: a real action link and a sign-in link stay within 120 characters with a production address', () => {
    const ids = createIds(systemClock);
    const base = 'https://referrals.example.com';
    const now = Date.now();
    const act = tokens.sign({ purpose: 'act', subject: `jane-okafor/${ids.referralId()}`, expiresAt: now + 180 * 86_400_000 })!;
    const signIn = tokens.sign({ purpose: 'sign-in', subject: 'jane-okafor', expiresAt: now + 1_200_000, nonce: ids.nonce() })!;
    const me = tokens.sign({ purpose: 'referrer', subject: ids.referrerCode(), expiresAt: now + 180 * 86_400_000 })!;
    for (const url of [`${base}/act/${act}/?do=hand-on`, `${base}/dashboard/sign-in/${signIn}/`, `${base}/me/${me}/`]) expect(url.length).toBeLessThanOrEqual(120);
    expect(tokens.verify(signIn)?.nonce).toBeDefined();
  });

  it('round-trip every shape of subject, nonce and purpose', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('act', 'respond', 'referrer', 'sign-in', 'session', 'unsubscribe', 'erase-referrer'),
        fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('jane-okafor', `jane-okafor/${createIds(systemClock).referralId()}`, createIds(systemClock).referrerCode())),
        fc.option(fc.oneof(fc.string({ maxLength: 30 }), fc.constant(createIds(systemClock).nonce())), { nil: undefined }),
        fc.integer({ min: 0, max: 2 ** 47 }),
        (purpose, subject, nonce, expiresAt) => {
          const claims = { purpose, subject, expiresAt, ...(nonce === undefined ? {} : { nonce }) };
          expect(tokens.verify(tokens.sign(claims)!)).toEqual(claims);
        },
      ),
    );
  });
});

describe('the dashboard summary and export', () => {
  const row = (overrides: Partial<DashboardRow>): DashboardRow => ({
    id: 'r1',
    kind: 'recommendation',
    stage: 'new',
    refereeName: 'Zeb Quill',
    createdAt: '2030-01-01T00:00:00.000Z',
    respondBy: '2030-01-02T00:00:00.000Z',
    overdue: false,
    ...overrides,
  });

  it('counts by stage and takes the median time to first contact', () => {
    const summary = summarise([row({ stage: 'contacted', hoursToFirstContact: 2 }), row({ stage: 'met', hoursToFirstContact: 10 }), row({}), row({ stage: 'working', hoursToFirstContact: 4 })]);
    expect(summary.byStage).toMatchObject({ new: 1, contacted: 1, met: 1, working: 1, declined: 0 });
    expect(summary.medianHoursToFirstContact).toBe(4);
    expect(summarise([]).medianHoursToFirstContact).toBeUndefined();
  });

  it('writes RFC 4180 CSV in which nothing a person typed runs as a formula', () => {
    const csv = toCsv([row({ refereeName: '=cmd|"/c calc"!A1', referrerFirstName: '+Amara' }), row({ id: 'r2', refereeName: 'Ann "Nan" Lee' })]);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`"'=cmd|""/c calc""!A1","","","'+Amara"`);
    expect(lines[2]).toContain('"Ann ""Nan"" Lee"');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe("the referrer's page", () => {
  it('lists the referrals made through a link whose code holds dashes, by stage, with a first name only where allowed', async () => {
    const store = createMemoryStore();
    const clock = { now: () => new Date('2030-01-10T00:00:00Z') };
    const jane = provider();
    const deps = { store, clock, tokens: createTokens(TEST_SECRET), directory: directoryOf(jane), retention: site.retention, ids: fixedIds(), mailer: createRecordingMailer(), render: () => ({ from: 'f', subject: 's', text: 't', html: 'h' }) };
    const code = 'Ab-cd-EfGhIjKlMnOpQr_1';
    await store.put('referrers', `code/${code}`, { code, provider: jane.slug, name: 'Amara Obi', email: 'amara@example.org', createdAt: '2030-01-01T00:00:00Z' });
    const referral = (id: string, shareFirstName: boolean, stage: Stage) => ({
      id, provider: jane.slug, kind: 'recommendation', referrer: code, referee: { name: 'Priya Shah', email: 'priya@example.net', message: 'Secret' },
      consent: { contact: true, shareFirstName }, selfReferral: false, thankReferrer: true, stage, history: [], createdAt: '2030-01-02T00:00:00Z', updatedAt: '2030-01-02T00:00:00Z',
    });
    await store.put('referrals', 'id/0000000001aaaaaaaaaa', referral('0000000001aaaaaaaaaa', true, 'met'));
    await store.put('referrals', 'id/0000000002bbbbbbbbbb', referral('0000000002bbbbbbbbbb', false, 'declined'));
    await store.put('referrals', `referrer/${code}/1-0000000001aaaaaaaaaa`, {});
    await store.put('referrals', `referrer/${code}/2-0000000002bbbbbbbbbb`, {});
    const page = await referrerPage(deps, createTokens(TEST_SECRET).sign({ purpose: 'referrer', subject: code, expiresAt: Date.parse('2030-02-01T00:00:00Z') }));
    expect(page.ok && page.value.rows).toEqual([
      { createdAt: '2030-01-02T00:00:00Z', kind: 'recommendation', stage: 'declined', status: "Didn't go ahead" },
      { createdAt: '2030-01-02T00:00:00Z', kind: 'recommendation', stage: 'met', status: 'Had a first meeting', refereeFirstName: 'Priya' },
    ]);
    expect(JSON.stringify(page)).not.toMatch(/Shah|priya@|Secret|amara@/);
  });
});
