import { describe, expect, it } from 'vitest';
import { preferencesKey, preferencesOf } from '../../src/lib/domain/records/referrer-preferences.ts';
import { referrerKeys, referrerOf } from '../../src/lib/domain/records/referrers.ts';
import { loadReferral, referralKeys } from '../../src/lib/domain/records/referrals.ts';
import { asMessage } from '../../src/lib/domain/records/outbox.ts';
import { asSessions } from '../../src/lib/domain/records/sessions.ts';
import { asSuppression } from '../../src/lib/domain/suppression.ts';
import { createMemoryStore } from '../support/memory-store.ts';

const CODE = 'AbCdEfGhIjKlMnOpQr_-12';

/** What `preferencesOf` answers for a record stored as `stored` (nothing stored: undefined). */
async function read(stored: unknown) {
  const store = createMemoryStore();
  if (stored !== undefined) await store.put('referrers', preferencesKey(CODE), stored);
  return preferencesOf({ store }, CODE);
}

describe("a referrer's stored preferences, as read back", () => {
  it('are all on when nothing was ever stopped', async () => {
    expect(await read(undefined)).toEqual({ notes: true, thanks: true });
  });

  it('keep what was stopped, and when', async () => {
    expect(await read({ notes: false, thanks: false, at: '2030-01-01T00:00:00.000Z' })).toEqual({ notes: false, thanks: false, at: '2030-01-01T00:00:00.000Z' });
    expect(await read({ notes: false, thanks: true, at: '2030-01-01T00:00:00.000Z' })).toEqual({ notes: false, thanks: true, at: '2030-01-01T00:00:00.000Z' });
  });

  it('read an older record without thanks (notes only were ever stopped) as thanks on', async () => {
    expect(await read({ notes: false })).toEqual({ notes: false, thanks: true });
  });

  it('stop nothing on anything but an explicit false, and drop an unreadable time', async () => {
    expect(await read({ notes: 'no', thanks: 0, at: 42 })).toEqual({ notes: true, thanks: true });
    expect(await read('garbage')).toEqual({ notes: true, thanks: true });
    expect(await read(null)).toEqual({ notes: true, thanks: true });
  });
});

describe("a referrer's record, as read back", () => {
  const referrer = { code: CODE, provider: 'jane-okafor', name: 'Ana María Sørensen-Okonkwo', email: 'ana+refs@example.com', createdAt: '2030-01-01T00:00:00.000Z' };
  const read = async (stored: unknown) => {
    const store = createMemoryStore();
    if (stored !== undefined) await store.put('referrers', referrerKeys.record(CODE), stored);
    return referrerOf({ store }, CODE);
  };

  it('is the referrer stored under their code', async () => {
    expect(await read(referrer)).toEqual(referrer);
  });

  it('is no one when nothing is stored, or when what is stored does not read as a referrer', async () => {
    expect(await read(undefined)).toBeNull();
    expect(await read({ ...referrer, email: 42 })).toBeNull();
    expect(await read({ code: CODE })).toBeNull();
    expect(await read('garbage')).toBeNull();
  });
});

describe('a referral, as read back', () => {
  const stored = {
    id: '0mwtk2f9a1-abcdefgh',
    provider: 'jane-okafor',
    kind: 'recommendation',
    referrer: CODE,
    referee: { name: 'Sam Lee', email: 'sam@example.com', message: 'Help, please.' },
    consent: { contact: true, shareFirstName: true },
    selfReferral: false,
    thankReferrer: true,
    stage: 'contacted',
    contactedAt: '2030-01-02T00:00:00.000Z',
    history: [{ stage: 'contacted', at: '2030-01-02T00:00:00.000Z', by: 'provider' }],
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-02T00:00:00.000Z',
  };
  const readBack = async (record: unknown) => {
    const store = createMemoryStore();
    await store.put('referrals', referralKeys.record(stored.id), record);
    return loadReferral({ store }, stored.id);
  };

  it('is the referral stored, with fields it does not know kept for whoever writes it back', async () => {
    expect(await readBack(stored)).toEqual(stored);
    expect(await readBack({ ...stored, addedLater: { x: 1 } })).toEqual({ ...stored, addedLater: { x: 1 } });
  });

  it('reads one stored before stages (a status, no stage nor history) as new, with no history', async () => {
    const { stage: _stage, history: _history, contactedAt: _contactedAt, ...older } = stored;
    expect(await readBack({ ...older, status: 'sent' })).toEqual({ ...older, stage: 'new', history: [] });
  });

  it('is no referral when what is stored does not read as one', async () => {
    const broken = [
      'text',
      { ...stored, referee: undefined },
      { ...stored, stage: 'archived' },
      { ...stored, consent: { contact: false, shareFirstName: true } },
      { ...stored, history: [{ stage: 'met' }] },
    ];
    for (const record of broken) expect(await readBack(record), JSON.stringify(record)).toBeNull();
  });
});

describe('an outbox message, as read back', () => {
  const message = {
    key: '0mwtk2f9a1-abcdefgh-referee-confirmation',
    provider: 'jane-okafor',
    referral: '0mwtk2f9a1-abcdefgh',
    role: 'referee',
    to: ['sam@example.com'],
    content: { template: 'referee-confirmation', anything: { the: 'builder wrote' } },
    status: 'pending',
    attempts: 0,
    createdAt: '2030-01-01T00:00:00.000Z',
    nextAttemptAt: '2030-01-01T00:00:00.000Z',
  };

  it('is the message stored, its content as written', () => {
    expect(asMessage(message)).toEqual(message);
  });

  it('is no message when the envelope the outbox acts on does not read', () => {
    for (const record of [null, 'x', { ...message, status: 'queued' }, { ...message, attempts: -1 }, { ...message, to: 'sam@example.com' }, { ...message, content: {} }]) {
      expect(asMessage(record), JSON.stringify(record)).toBeNull();
    }
  });
});

describe('a suppression, as read back', () => {
  it('is nothing when nothing is stored, and the record when one is', () => {
    expect(asSuppression(null)).toBeNull();
    const record = { reason: 'bounced', bounceType: 'Permanent', at: '2030-01-01T00:00:00.000Z', emailId: 'e1' };
    expect(asSuppression(record)).toEqual(record);
  });

  it('still suppresses, as a complaint, when what is stored does not read as one', () => {
    for (const record of ['x', 42, {}, { reason: 'nope', at: 1 }]) expect(asSuppression(record)?.reason, JSON.stringify(record)).toBe('complained');
  });
});

describe("a provider's sessions record, as read back", () => {
  it('limits nothing when nothing is stored, and keeps the time stored', () => {
    expect(asSessions(null)).toBeNull();
    expect(asSessions({ notBefore: 1_900_000_000_000 })).toEqual({ notBefore: 1_900_000_000_000 });
  });

  it('ends every session when what is stored does not read, rather than take one on trust', () => {
    for (const record of ['x', {}, { notBefore: '2030' }]) expect(asSessions(record)?.notBefore, JSON.stringify(record)).toBe(Number.POSITIVE_INFINITY);
  });
});
