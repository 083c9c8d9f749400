// Property-based attack on the running functions: thousands of generated hostile bodies per
// endpoint (malformed JSON, wrong types, huge and odd strings, __proto__, extra fields,
// header and HTML injection), against the real Blobs server and a local Resend-like API.
import { getStore } from '@netlify/blobs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import type { Referral, Referrer } from '../../src/lib/domain/referral.ts';
import { type LocalBlobs, startBlobs } from '../../scripts/lib/blobs-server.ts';
import { useResend } from '../support/env.ts';
import { ORIGIN, postReferral, postReferrer } from '../support/handlers.ts';
import { type ResendApi, startResendApi } from '../support/resend-api.ts';

const RUNS = 10_000;
// Time for 10,000 requests, each fully handled (storage, rendering the emails that follow), on a
// 2-core machine: about 150 s here, more under load. A budget for the run, not a measure of speed.
const HOSTILE_BUDGET_MS = 420_000;

let blobs: LocalBlobs;
let api: ResendApi;
beforeAll(async () => {
  blobs = await startBlobs();
  api = await startResendApi();
  useResend(api);
});
afterAll(async () => {
  await api.close();
  await blobs.stop();
});

const injections = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  '<a href="javascript:alert(1)">x</a>',
  'Bob\r\nBcc: victim@example.net',
  'x\nSubject: spam',
  '\u0000\u0007\u001b[31m',
  '\u202Eevil\u202C',
  '__proto__',
  'constructor',
  '{{7*7}}${7*7}<%= 7*7 %>',
  'Zoë 🎉 ज़ो 👨‍👩‍👧',
  'a'.repeat(5000),
];
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...injections) },
  { weight: 3, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 3000, maxLength: 30_000 }) },
);
/** Hostile text that a schema accepts (one line, short): these reach the stores and the emails. */
const acceptedHostile = fc.oneof(
  fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg/onload=alert(1)>", '<a href="javascript:alert(1)">x</a>', '{{7*7}}${7*7}', 'Zoë 🎉 ज़ो', '&amp; &lt;b&gt;', '\u202Eevil'),
  fc.string({ minLength: 1, maxLength: 60 }),
);
const text = fc.oneof({ weight: 3, arbitrary: acceptedHostile }, { weight: 1, arbitrary: hostileString });
const anyValue = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.object({ maxDepth: 1 }) },
);
/** The providers of content/, as the build reads them. */
const content = await loadContent('content');
const slug = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...content.providers.map((p) => p.slug)) }, { weight: 1, arbitrary: hostileString });
const email = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/), fc.constantFrom('example.org', 'example.net')).map(([local, domain]) => `${local}@${domain}`) },
  { weight: 2, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.constantFrom('victim@example.net\r\nBcc: x@example.net', '<x@example.net>', 'a@b', '') },
  { weight: 1, arbitrary: hostileString },
);
/** Mostly well-formed bodies with hostile values, so that many get past validation and send email. */
const referralFields = {
    provider: slug,
    ref: fc.oneof(fc.constant(undefined), fc.stringMatching(/^[A-Za-z0-9_-]{22}$/), hostileString),
    name: text,
    email,
    phone: fc.oneof(fc.constant(undefined), fc.constantFrom('+44 7700 900123', '(020) 7946 0000'), hostileString),
    message: text,
    consent: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: anyValue }),
    shareFirstName: fc.oneof(fc.boolean(), fc.constant(undefined), anyValue),
};
/** Mostly complete records; now and then some fields missing. */
const shaped = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) =>
  fc.oneof({ weight: 4, arbitrary: fc.record(fields) }, { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) }) as fc.Arbitrary<Record<string, unknown>>;
const nearlyValidReferral = shaped(referralFields);
const nearlyValidReferrer = shaped({ provider: slug, name: text, email });
const extraFields = fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'to', 'isAdmin'), fc.string({ maxLength: 12 })), anyValue, {
  maxKeys: 3,
});

type Attack = { body: string; type: string; headers: Record<string, string> };
const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json, text/plain', 'multipart/form-data; boundary=x', '', 'application/jsonx', 'APPLICATION/JSON;charset=evil') },
);
const headers = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.constantFrom({ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: ORIGIN }, { 'content-length': '99999999' }) },
);
const encode = (fields: Record<string, unknown>, type: string) =>
  type.startsWith('application/x-www-form-urlencoded')
    ? new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()
    : JSON.stringify(fields);

const attacks = (shape: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Attack> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.tuple(shape, fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: extraFields }), contentType, headers).map(([fields, extra, type, h]) => ({
      // __proto__ as a JSON key is an own property after JSON.parse: write it into the text.
      body: encode(extra ? { ...fields, ...JSON.parse(JSON.stringify(extra)) } : fields, type).replace('"isAdmin"', '"__proto__"'),
      type,
      headers: h as Record<string, string>,
    })) },
    { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.string({ maxLength: 300 }), fc.json(), fc.constantFrom('{"provider":', '[]', 'null', '{"__proto__":{"x":1}}')), contentType).map(([body, type]): Attack => ({ body, type, headers: {} })) },
  );

/** Tags and attributes the email layout writes itself; anything else in an email came from data. */
const LAYOUT_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'div', 'p', 'a', 'span', 'i', 'br', 'hr', 'table', 'tbody', 'tr', 'th', 'td', 'img']);
function assertNoInjectedMarkup(html: string): void {
  for (const [element, tag] of html.matchAll(/<\/?([a-z][a-z0-9-]*)[^>]*>/gi)) {
    expect(LAYOUT_TAGS.has(tag!.toLowerCase()), `tag <${tag}>`).toBe(true);
    expect(element, 'an attribute written by data').not.toMatch(/\son[a-z]+\s*=|javascript:/i);
    // The layout's one image is the provider's photo, from the site's own /photos/.
    if (tag!.toLowerCase() === 'img') expect(element, 'an image not the site\'s own').toMatch(new RegExp(`^<img[^>]*\\ssrc="${ORIGIN}/photos/[\\w.-]+"`));
  }
}

async function run(label: string, post: (body: string, init: { type: string; headers: Record<string, string> }) => Promise<Response>, shape: fc.Arbitrary<Record<string, unknown>>) {
  const statuses = new Map<number, number>();
  const sentBefore = api.sent.length;

  await fc.assert(
    fc.asyncProperty(attacks(shape), async (attack) => {
      const res = await post(attack.body, { type: attack.type, headers: attack.headers });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${label}: ${res.status}`).toBeLessThan(500);
      const text = await res.text();
      expect(text).not.toMatch(/\bat \S+:\d+:\d+|Error:|ECONN|Blobs/);
    }),
    { numRuns: RUNS },
  );
  return { statuses: Object.fromEntries(statuses), emails: api.sent.slice(sentBefore) };
}

describe('hostile payloads', () => {
  it(`POST /api/referrers: ${RUNS} attacks, no 5xx, links only to the address that asked, no markup`, async () => {
    const { statuses, emails } = await run('referrers', (body, init) => postReferrer(body, init), nearlyValidReferrer);
    console.log('referrers statuses', statuses, 'emails', emails.length);
    expect(statuses[202]).toBeGreaterThan(100);
    const referrers = getStore({ name: 'vouch-referrers', consistency: 'strong' });
    const known = new Set<string>();
    for (const { key } of (await referrers.list({ prefix: 'code/' })).blobs) {
      known.add(((await referrers.get(key, { type: 'json' })) as Referrer).email);
    }
    for (const mail of emails) {
      expect(mail.body.to).toHaveLength(1);
      expect(known.has(mail.body.to[0]!)).toBe(true);
      expect(mail.body.subject).not.toMatch(/[\r\n]/);
      assertNoInjectedMarkup(mail.body.html!);
    }
  }, HOSTILE_BUDGET_MS);

  it(`POST /api/referrals: ${RUNS} attacks, no 5xx, email only to providers, known referrers and stored referees, no markup`, async () => {
    const { statuses, emails } = await run('referrals', (body, init) => postReferral(body, init), nearlyValidReferral);
    console.log('referrals statuses', statuses, 'emails', emails.length);
    expect(statuses[201]).toBeGreaterThan(100);
    const providers = new Set(content.providers.flatMap((p) => p.notify));
    const referrerStore = getStore({ name: 'vouch-referrers', consistency: 'strong' });
    const referrers = new Set<string>();
    for (const { key } of (await referrerStore.list({ prefix: 'code/' })).blobs) {
      referrers.add(((await referrerStore.get(key, { type: 'json' })) as Referrer).email);
    }
    const referralStore = getStore({ name: 'vouch-referrals', consistency: 'strong' });
    const referees = new Set<string>();
    for (const { key } of (await referralStore.list({ prefix: 'id/' })).blobs) {
      referees.add(((await referralStore.get(key, { type: 'json' })) as Referral).referee.email);
    }
    for (const mail of emails) {
      const role = mail.idempotencyKey!.split('-').slice(1).join('-');
      for (const to of mail.body.to as string[]) {
        if (role === 'provider-alert') expect(providers.has(to)).toBe(true);
        else if (role === 'referrer-thanks') expect(referrers.has(to)).toBe(true);
        else {
          expect(role).toBe('referee-confirmation');
          expect(referees.has(to)).toBe(true);
        }
      }
      expect(mail.body.subject).not.toMatch(/[\r\n]/);
      assertNoInjectedMarkup(mail.body.html!);
    }
  }, HOSTILE_BUDGET_MS);
});
