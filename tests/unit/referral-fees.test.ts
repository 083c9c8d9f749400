// Reciprocity, not bribes: provider text that offers a reward for referring is refused unless an
// arrangement is disclosed, and a disclosure is shown as one, never as an offer.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError, loadContent } from '../../src/lib/content/load.ts';
import { Provider, rewardOffer } from '../../src/lib/domain/provider.ts';

describe('what reads as a reward for referring', () => {
  it.each([
    'Refer a friend and get a £50 voucher when they sign!',
    'Every referral earns you a £25 Amazon gift card.',
    'Get paid for every client you send my way.',
    'Introduce a friend and receive 10% off your next invoice.',
    'A discount for referring friends: 15% off.',
    '£100 cash for each friend you refer who becomes a client.',
    'Cashback on your fees for every referral.',
    'Earn rewards when you refer colleagues.',
    'Referral bonus: $200 per signed client.',
    'We offer a reward for each referral that books a meeting.',
  ])('%s', (text) => {
    expect(rewardOffer(text)).toBeDefined();
  });

  it.each([
    '£50 initial consultation, then a fixed fee agreed in writing.',
    'No one is paid for referrals.',
    'Most of my clients came to me because a friend suggested it.',
    'I help people referred by their GP, and I charge $90 an hour.',
    'Fees from £450 for a full financial plan.',
    'If I am not the right person, I will refer you to someone who is.',
    'Pensions, ISAs and retirement income for people over 50.',
    'A free first meeting of 30 minutes.',
  ])('not: %s', (text) => {
    expect(rewardOffer(text)).toBeUndefined();
  });
});

describe('referralFees', () => {
  const base = { name: 'A', profession: 'B', headline: 'C', helpsBest: 'D', notRightFor: 'E', services: ['F'], location: 'G', responseHours: 24, notify: ['a@example.com'] };

  it('is none by default, or a disclosed arrangement; free text is refused with what to write', () => {
    expect(Provider.parse(base).referralFees).toBe('none');
    expect(Provider.parse({ ...base, referralFees: { disclosed: 'I pay X 10% of my first fee.' } }).referralFees).toEqual({ disclosed: 'I pay X 10% of my first fee.' });
    const refused = Provider.safeParse({ ...base, referralFees: 'Refer a friend and get a £50 voucher when they sign!' });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]!.message).toMatch(/^must be none, or a disclosed arrangement written as disclosed: "…"/);
  });
});

describe('npm run content, on a provider that offers a reward', () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** A copy of the valid fixture with Ada's file changed by `edit`; the problems it raises. */
  async function problemsWith(edit: (text: string) => string): Promise<string[]> {
    root = await mkdtemp(join(tmpdir(), 'vouch-fees-'));
    await cp(join(process.cwd(), 'tests', 'fixtures', 'content', 'valid'), root, { recursive: true });
    const file = join(root, 'providers', 'ada-lovelace.md');
    await writeFile(file, edit(await readFile(file, 'utf8')));
    const error = await loadContent(root).then(
      () => null,
      (e: unknown) => e,
    );
    return error instanceof ContentError ? error.problems : [];
  }

  it('fails, naming the file and the field, when a field offers a reward and nothing is disclosed', async () => {
    const problems = await problemsWith((text) => text.replace(/^headline: .*$/m, 'headline: Refer a friend and get a £50 voucher when they sign!'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/ada-lovelace\.md: headline: offers a reward for referring \("[^"]*voucher[^"]*"\)\. .*referralFees: \{ disclosed:/);
  });

  it('fails on the page text below the frontmatter too', async () => {
    const problems = await problemsWith((text) => `${text}\nGet paid for every friend you send me.\n`);
    expect(problems.join('\n')).toMatch(/ada-lovelace\.md: \(the page text below the frontmatter\): offers a reward for referring \("Get paid"\)/);
  });

  it('passes once the arrangement is disclosed, and refuses a disclosure written as an offer', async () => {
    const disclosed = (fees: string) => (text: string) =>
      text.replace(/^headline: .*$/m, 'headline: Pensions for people who refer their friends and get 10% off.').replace(/^---\n/, `---\nreferralFees:\n  disclosed: ${fees}\n`);
    expect(await problemsWith(disclosed('"Clients who introduce a friend get 10% off their next annual fee."'))).toEqual([]);
    const offer = await problemsWith(disclosed('"Refer a friend and get 10% off!"'));
    expect(offer.join('\n')).toMatch(/ada-lovelace\.md: referralFees\.disclosed: reads as an offer/);
  });
});
