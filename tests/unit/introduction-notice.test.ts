// The notice to a person introduced repeats nothing a stranger could have typed: no URL, no
// word of the introducer's `context`, and the introducer's name only as a first name that
// looks like a name (otherwise a neutral phrase). The context goes to the provider alone.
//
// What failed before the fix (main at f9932c7): the notice quoted the whole context under
// "This is what they wrote:", and put the introducer's name as typed (up to 100 characters:
// a URL and a sales pitch) in the subject, the body and the footer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import type { Referrer } from '../../src/lib/domain/referral.ts';
import { greetingName } from '../../src/lib/domain/text.ts';
import { issueToken } from '../../src/lib/domain/routes.ts';
import { introduceReferee } from '../../src/lib/domain/use-cases/introduce-referee.ts';
import { createRenderer } from '../../src/lib/email/render.ts';
import { builtInCopy } from '../../src/lib/domain/emails/index.ts';
import { directoryOf, fixedIds, provider, site, TEST_SECRET } from '../fixtures/domain.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { createRecordingMailer } from '../support/recording-mailer.ts';
import { noWebhooks } from '../support/no-webhooks.ts';
import { isolated } from '../../src/lib/domain/emails/copy.ts';

const BASE = 'https://referrals.example.com';
const CODE = 'AbCdEfGhIjKlMnOpQr_-12';
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A line as the forms let it through: no control characters, trimmed, 1 to `max` characters. */
const line = (max: number) =>
  fc
    .string({ unit: 'grapheme', maxLength: max })
    .map((s) => s.replace(CONTROL, ' ').trim())
    .filter((s) => s.length > 0 && s.length <= max);

const hostileWord = fc.oneof(
  fc.webUrl(),
  fc.domain(),
  fc.constantFrom('www.cheap-loans.example', 'http://evil.example/x?y=1', 'evil.example', 'javascript:alert(1)', '<b>BUY</b>', '@everyone'),
);

/** A name whose first word may or may not look like a name, followed by a marker and something hostile. */
const hostileName = fc
  .tuple(fc.oneof(fc.constantFrom('Ana', 'José', "O'Neil", 'Zoë-Jane', 'Bob'), hostileWord, line(20)), fc.nat({ max: 9999 }), hostileWord)
  .map(([first, n, tail]) => `${first.split(/\s+/)[0]} NAMEMARK${n} ${tail}`.slice(0, 100));

const hostileContext = fc
  .tuple(line(250), fc.nat({ max: 9999 }), hostileWord, line(250))
  .map(([before, n, word, after]) => `${before} CTXMARK${n} ${word} ${after}`.slice(0, 600));

async function noticeFor(referrerName: string, context: string) {
  const store = createMemoryStore();
  const mailer = createRecordingMailer();
  const now = new Date('2030-03-04T09:30:00.000Z');
  let n = 0;
  const deps = {
    store,
    mailer,
    webhooks: noWebhooks,
    render: createRenderer(site, BASE, builtInCopy),
    clock: { now: () => now },
    ids: fixedIds({ referralId: () => `0lxyz0000${++n}a2b3c4d5e6f7a8b9c0`, digest: (v: string) => `d-${v}` }),
    tokens: createTokens(TEST_SECRET),
    directory: directoryOf(provider()),
    retention: site.retention,
  };
  const referrer: Referrer = { code: CODE, provider: 'jane-okafor', name: referrerName, email: 'alice@example.org', createdAt: now.toISOString() };
  await store.put('referrers', `code/${CODE}`, referrer);
  const key = issueToken(deps, 'referrer', CODE)!;
  const outcome = await introduceReferee(deps, { key, name: 'Ines Varga', email: 'ines@example.net', context, expected: true });
  expect(outcome.ok).toBe(true);
  const notice = mailer.calls.find((call) => call.email.to.includes('ines@example.net'))!;
  const alert = mailer.calls.find((call) => call.email.to.includes('jane@example.com'))!;
  return { notice: notice.email, alert: alert.email };
}

describe('the introduction notice', () => {
  it('carries no URL but the site’s own, no word of the context, and the introducer only by a first name that looks like one', async () => {
    await fc.assert(
      fc.asyncProperty(hostileName, hostileContext, async (name, context) => {
        const { notice, alert } = await noticeFor(name, context);
        const everything = [notice.subject, notice.text, notice.html, JSON.stringify(notice.headers ?? {})].join('\n');
        expect(everything).not.toMatch(/CTXMARK|NAMEMARK/);
        expect(everything).not.toContain(context);
        for (const url of everything.match(/(?:https?:|javascript:)\/*[^\s"'<>)]+|www\.[^\s"'<>)]+/gi) ?? []) {
          expect(url.startsWith(`${BASE}/`) || url === 'http://www.w3.org/1999/xhtml', url).toBe(true);
        }
        const first = greetingName(name);
        if (first) expect(notice.subject).toBe(`${isolated(first)} introduced you to Jane Okafor`);
        else expect(notice.subject).toBe('Someone you know introduced you to Jane Okafor');
        // The provider, who knows whom they deal with, gets the context.
        expect(alert.text).toContain(`CTXMARK`);
      }),
      { numRuns: 150 },
    );
  });
});
