import { describe, expect, it } from 'vitest';
import { preferencesKey, preferencesOf } from '../../src/lib/domain/records/referrer-preferences.ts';
import { referrerKeys, referrerOf } from '../../src/lib/domain/records/referrers.ts';
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
