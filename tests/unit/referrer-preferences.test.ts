import { describe, expect, it } from 'vitest';
import { preferencesKey, preferencesOf } from '../../src/lib/domain/records/referrer-preferences.ts';
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
