import { describe, expect, it } from 'vitest';
import type { DeclineReason } from '../../src/lib/domain/lifecycle.ts';
import type { OutboxMessage } from '../../src/lib/domain/ports.ts';
import type { Referral, Referrer } from '../../src/lib/domain/referral.ts';
import { referrerNote } from '../../src/lib/domain/referrer-note.ts';
import { messagesFor } from '../../src/lib/domain/referral-intake.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { createRenderer } from '../../src/lib/email/render.ts';
import { builtInCopy } from '../../src/lib/domain/emails/index.ts';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import { provider as aProvider, directoryOf, referralFixture, site, TEST_SECRET } from '../fixtures/domain.ts';

const now = new Date('2030-03-04T09:30:00.000Z');

const provider = aProvider({ responseHours: 48, notify: ['jane@example.com', 'office@example.com'] });

const referrer: Referrer = {
  code: 'AbCdEfGhIjKlMnOpQr_-12',
  provider: 'jane-okafor',
  name: 'Alice Walkerton',
  email: 'alice.walkerton@example.org',
  createdAt: '2030-01-01T00:00:00.000Z',
};

/** A referee whose every detail is distinctive, so that a leak of any of them shows. */
const referee = {
  name: 'Zebedee Quillfeather',
  email: 'zeb.private@example.net',
  phone: '+44 7700 900123',
  message: 'I inherited 240,000 pounds and my divorce is not final yet.',
};

function referral(overrides: Partial<Referral> = {}): Referral {
  return referralFixture(now, { referrer: referrer.code, referee, ...overrides });
}

const byRole = (messages: OutboxMessage[], role: OutboxMessage['role']) => messages.filter((m) => m.role === role);

const render = createRenderer(site, 'https://referrals.example.com', builtInCopy);

/** What messagesFor needs besides the records: a clock at `time`, tokens and the directory. */
const at = (time: Date) => ({ clock: { now: () => time }, tokens: createTokens(TEST_SECRET), directory: directoryOf(provider), retention: site.retention });

/** Everything the referrer could ever see of a thank-you: the record and the rendered email. */
function whatTheReferrerSees(message: OutboxMessage): string {
  const email = render(message.content);
  return JSON.stringify({ content: message.content, email, replyTo: message.replyTo ?? null });
}

describe('messagesFor: the thank-you to the referrer', () => {
  for (const shareFirstName of [false, true]) {
    it(`never carries the referee's email, phone, last name or message (shareFirstName: ${shareFirstName})`, () => {
      const messages = messagesFor(at(now), referral({ consent: { contact: true, shareFirstName } }), provider, referrer);
      const [thanks] = byRole(messages, 'referrer');
      expect(thanks).toBeDefined();
      const seen = whatTheReferrerSees(thanks!);
      expect(seen).not.toContain(referee.email);
      expect(seen).not.toContain('zeb.private');
      expect(seen).not.toContain(referee.phone);
      expect(seen).not.toContain('900123');
      expect(seen).not.toContain('Quillfeather');
      expect(seen).not.toContain('240,000');
      expect(seen).not.toContain('divorce');
      expect(thanks!.replyTo).toBeUndefined();
    });
  }

  it("names the referee by first name only when they allowed it", () => {
    const [allowed] = byRole(
      messagesFor(at(now), referral({ consent: { contact: true, shareFirstName: true } }), provider, referrer),
      'referrer',
    );
    expect(allowed!.content).toMatchObject({ template: 'referrer-thanks', refereeFirstName: 'Zebedee' });
    expect(render(allowed!.content).text).toContain('Zebedee has just got in touch with Jane Okafor');

    const [withheld] = byRole(messagesFor(at(now), referral(), provider, referrer), 'referrer');
    expect(withheld!.content).not.toHaveProperty('refereeFirstName');
    expect(whatTheReferrerSees(withheld!)).not.toContain('Zebedee');
    expect(render(withheld!.content).text).toContain('Someone you recommended has just got in touch');
  });

  it('goes to the referrer, thanks them by first name, and repeats the promised response time', () => {
    const [thanks] = byRole(messagesFor(at(now), referral(), provider, referrer), 'referrer');
    expect(thanks).toMatchObject({
      to: [referrer.email],
      content: { template: 'referrer-thanks', referrerFirstName: 'Alice', providerName: 'Jane Okafor', responseHours: 48 },
    });
  });

  it('is not sent when the referral earns none (a self-referral, or past the daily cap of the link)', () => {
    const messages = messagesFor(at(now), referral({ selfReferral: true, thankReferrer: false }), provider, referrer);
    expect(byRole(messages, 'referrer')).toEqual([]);
    expect(messages.map((m) => m.role).sort()).toEqual(['provider', 'referee']);
  });

  it('is not sent when nobody referred them', () => {
    const { referrer: _, ...direct } = referral();
    const messages = messagesFor(at(now), direct, provider, null);
    expect(byRole(messages, 'referrer')).toEqual([]);
    expect(messages).toHaveLength(2);
  });
});

describe('messagesFor: the confirmation to the referee', () => {
  it('goes to the referee, says who will reply and by when, and shows at most the referrer\'s first name', () => {
    const [confirmation] = byRole(messagesFor(at(now), referral(), provider, referrer), 'referee');
    expect(confirmation).toMatchObject({
      to: [referee.email],
      // "Reply to that email", as the thanks page says, reaches the provider's first notification address.
      replyTo: 'jane@example.com',
      content: {
        template: 'referee-confirmation',
        refereeFirstName: 'Zebedee',
        providerName: 'Jane Okafor',
        responseHours: 48,
        referrerFirstName: 'Alice',
      },
    });
    const seen = JSON.stringify({ content: confirmation!.content, email: render(confirmation!.content) });
    expect(seen).not.toContain(referrer.email);
    expect(seen).not.toContain('Walkerton');
    expect(seen).not.toContain(referrer.code);
  });

  it('does not mention a referrer when there is none', () => {
    const [confirmation] = byRole(messagesFor(at(now), referral(), provider, null), 'referee');
    expect(confirmation!.content).not.toHaveProperty('referrerFirstName');
  });
});

describe('messagesFor: the alert to the provider', () => {
  it('shows the reply-by time in the provider\'s own time zone when they set one', () => {
    const [alert] = byRole(messagesFor(at(now), referral(), { ...provider, timeZone: 'Asia/Tokyo' }, referrer), 'provider');
    expect(alert!.content).toMatchObject({ timeZone: 'Asia/Tokyo' });
    expect(render(alert!.content).text).toContain('Reply by: Wed 6 Mar 2030, 18:30 GMT+9');
    const [plain] = byRole(messagesFor(at(now), referral(), provider, referrer), 'provider');
    expect(plain!.content).not.toHaveProperty('timeZone');
  });

  it("goes to the provider's notify addresses and replies reach the referee", () => {
    const [alert] = byRole(messagesFor(at(now), referral(), provider, referrer), 'provider');
    expect(alert!.to).toEqual(['jane@example.com', 'office@example.com']);
    expect(alert!.replyTo).toBe(referee.email);
  });

  it('carries everything needed to reply, and when the reply is due', () => {
    const [alert] = byRole(messagesFor(at(now), referral(), provider, referrer), 'provider');
    expect(alert!.content).toEqual({
      template: 'provider-alert',
      providerName: 'Jane Okafor',
      referralId: '0lxyz00001a2b3c4d5e6f7a8b9c0',
      kind: 'recommendation',
      refereeName: referee.name,
      refereeEmail: referee.email,
      refereePhone: referee.phone,
      message: referee.message,
      referrerName: 'Alice Walkerton',
      responseHours: 48,
      respondBy: '2030-03-06T09:30:00.000Z',
      shareFirstName: false,
      actionsPath: expect.stringMatching(/^\/act\/[\w-]{40,100}\/$/),
    });
  });

  it('never carries the referrer\'s address', () => {
    const [alert] = byRole(messagesFor(at(now), referral(), provider, referrer), 'provider');
    expect(JSON.stringify({ ...alert, email: render(alert!.content) })).not.toContain(referrer.email);
  });

  it('omits the phone and the referrer when there are none', () => {
    const { referrer: _, ...direct } = referral({ referee: { name: 'Bo', email: 'bo@example.net', message: 'Hi' } });
    const [alert] = byRole(messagesFor(at(now), direct, provider, null), 'provider');
    expect(alert!.content).not.toHaveProperty('refereePhone');
    expect(alert!.content).not.toHaveProperty('referrerName');
  });
});

describe('messagesFor: outbox records', () => {
  it('gives each message a stable, distinct key derived from the referral id', () => {
    const first = messagesFor(at(now), referral(), provider, referrer).map((m) => m.key);
    const again = messagesFor(at(new Date(now.getTime() + 60_000)), referral(), provider, referrer).map((m) => m.key);
    expect(first).toEqual([
      '0lxyz00001a2b3c4d5e6f7a8b9c0-referee-confirmation',
      '0lxyz00001a2b3c4d5e6f7a8b9c0-provider-alert',
      '0lxyz00001a2b3c4d5e6f7a8b9c0-referrer-thanks',
    ]);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(3);
    const other = messagesFor(at(now), referral({ id: 'another-id' }), provider, referrer).map((m) => m.key);
    expect(other.some((key) => first.includes(key))).toBe(false);
  });

  it('records every message as pending, not yet attempted, created now', () => {
    for (const message of messagesFor(at(now), referral(), provider, referrer)) {
      expect(message).toMatchObject({ status: 'pending', attempts: 0, createdAt: now.toISOString() });
      expect(message).not.toHaveProperty('sentAt');
    }
  });
});

describe('referrerNote: milestone notes to the referrer', () => {
  const store = createMemoryStore();
  const deps = { store, clock: { now: () => now }, tokens: createTokens(TEST_SECRET) };
  const notes: [Parameters<typeof referrerNote>[3], DeclineReason | undefined][] = [
    ['contacted', undefined],
    ['met', undefined],
    ['working', undefined],
    ['declined', 'not-right-fit'],
    ['declined', 'timing'],
    ['declined', 'another-route'],
    ['declined', 'unreachable'],
    ['handed-on', undefined],
    ['withdrawn', undefined],
  ];

  for (const shareFirstName of [false, true]) {
    it.each(notes)(`%s %s: a fixed phrase, never the referee's details (shareFirstName: ${shareFirstName})`, async (stage, reason) => {
      await store.put('referrers', `code/${referrer.code}`, referrer);
      const note = await referrerNote(deps, referral({ consent: { contact: true, shareFirstName } }), provider, stage, reason);
      expect(note!.to).toEqual([referrer.email]);
      expect(note!.key).toBe(`0lxyz00001a2b3c4d5e6f7a8b9c0-note-${stage}`);
      const seen = whatTheReferrerSees(note!);
      for (const secret of [referee.email, referee.phone, 'Quillfeather', referee.message, '240,000']) expect(seen).not.toContain(secret);
      expect(seen.includes('Zebedee')).toBe(shareFirstName);
      expect((note!.content as { forgetPath?: string }).forgetPath).toMatch(/^\/forget\/[\w-]{40,100}\/$/);
    });
  }

  it('is not sent for a self-referral or a referral without a referrer', async () => {
    expect(await referrerNote(deps, referral({ selfReferral: true }), provider, 'contacted')).toBeNull();
    const { referrer: _, ...direct } = referral();
    expect(await referrerNote(deps, direct, provider, 'contacted')).toBeNull();
  });
});
