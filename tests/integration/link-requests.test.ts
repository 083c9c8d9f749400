// A personal link is emailed at most once a day per address and provider, however many
// requests arrive at once and however the address is written.
import { describe, expect, it } from 'vitest';
import { postReferrer } from '../support/handlers.ts';
import { address, localServices, recipients, signedLinks } from '../support/services.ts';

const services = localServices();
signedLinks();

/** The address with each letter's case flipped at random, a different way per request. */
const mixedCase = (email: string, seed: number) =>
  [...email].map((c, i) => ((seed >> i % 16) & 1 ? c.toUpperCase() : c.toLowerCase())).join('');

describe('link requests at once', () => {
  it('send exactly one email for 50 requests for one address in mixed case', async () => {
    const email = address('Referrer.Mixed');
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postReferrer({ provider: 'jane-okafor', name: 'Amara Obi', email: i === 0 ? email.toUpperCase() : mixedCase(email, i * 7919) })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 50 }, () => 202));
    const sent = services.api.sent.filter((m) => recipients(m).some((to) => to.toLowerCase() === email.toLowerCase()));
    expect(sent).toHaveLength(1);
    expect(services.api.sent).toHaveLength(1);
  });

  it('still send one link per provider for the same address', async () => {
    const email = address('two-providers');
    await Promise.all(
      ['jane-okafor', 'marcus-lee'].flatMap((provider) => Array.from({ length: 25 }, (_, i) => postReferrer({ provider, name: 'Amara Obi', email: mixedCase(email, i) }))),
    );
    expect(services.api.sent.map((m) => m.body.subject).sort()).toEqual(['Your personal link to recommend Jane Okafor', 'Your personal link to recommend Marcus Lee']);
  });
});
