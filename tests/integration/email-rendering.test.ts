// Every email from a real run (the functions, the real Blobs server, the real token adapter, a
// local server that speaks Resend's API), with the longest data the schemas allow, an RTL
// name, the longest message and one without a single space, opened in Chromium at phone and
// desktop widths: nothing runs off the screen, every URL is a link with a short label, every
// link stays short enough with the production address, and no line of either part is longer
// than a message's line may be (998 bytes).
import { type Browser, chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { getSite } from '../../src/lib/content/site.ts';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import type { TemplateName } from '../../src/lib/domain/ports.ts';
import { limits } from '../../src/lib/domain/limits.ts';
import { remindProviders } from '../../src/lib/domain/use-cases/remind-providers.ts';
import { emailSamples } from '../../src/lib/email/samples.ts';
import { createRenderer } from '../../src/lib/email/render.ts';
import { builtInCopy } from '../../src/lib/domain/emails/index.ts';
import { inDarkMode } from '../../src/lib/email/layout.ts';
import { emailPalette } from '../../src/lib/email/palette.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../support/chromium.ts';
import { ORIGIN, postAction, postAnswer, postIntroduction, postReferral, postReferrer, postSignIn } from '../support/handlers.ts';
import type { SentEmail } from '../support/resend-api.ts';
import { localServices, mailTo, signedLinks, tokenIn } from '../support/services.ts';

const services = localServices();
signedLinks();

let n = 0;
/** The longest address the schema takes (254 characters), unique per call. */
const longestAddress = (who: string) => {
  const local = `${who}.${Date.now()}.${++n}`.padEnd(64, 'x');
  const domain = `${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(254 - 64 - 1 - 63 - 1 - 63 - 1 - 4)}.org`;
  return `${local}@${domain}`;
};
/** Names as long as the schema allows: one long word, and an Arabic (right-to-left) one. */
const longName = `Maximiliana ${'Wolfeschlegelsteinhausenbergerdorff'.repeat(3)}`.slice(0, limits.name);
const rtlName = `محمد ${'عبدالرحمنالقحطاني'.repeat(8)}`.slice(0, limits.name);
/** The longest message: prose, line breaks, a 600-character word and a URL a person pasted. */
const longMessage = `Line one of what I need.\nLine two, with a link: https://example.org/${'p'.repeat(200)}\n${'W'.repeat(600)}\n${'Plenty of ordinary words. '.repeat(80)}`.slice(0, limits.message);
/** The longest message with no space at all: 2,000 Arabic letters, 4,000 bytes, for a mail client a single word. */
const unbrokenMessage = 'ع'.repeat(limits.message);
const longContext = `${'Z'.repeat(300)} ${'They need help, truly. '.repeat(20)}`.slice(0, limits.context);

const WIDTHS = [320, 390, 600];
/** "#1d5fa8" as a browser computes it: "rgb(29, 95, 168)". */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
});
afterAll(async () => {
  await browser?.close();
});

const templateOf = (mail: SentEmail): string => mail.body.tags?.find((tag) => tag.name === 'template')?.value ?? '?';

/** Every email a referral's whole life sends, from one run through the functions. */
async function realRun(): Promise<SentEmail[]> {
  const referrer = longestAddress('referrer');
  expect((await postReferrer({ provider: 'jane-okafor', name: longName, email: referrer })).status).toBe(202);
  const linkMail = mailTo(services.api, referrer)[0]!;
  const code = tokenIn(linkMail, 'r');
  const key = tokenIn(linkMail, 'me');

  const referee = longestAddress('referee');
  const posted = await postReferral({ provider: 'jane-okafor', ref: code, name: rtlName, email: referee, phone: '+44 (0) 20-7946-0000 1234 5678', message: longMessage, consent: true, shareFirstName: true });
  expect(posted.status).toBe(201);
  const alert = services.api.sent.find((m) => templateOf(m) === 'provider-alert')!;
  const act = tokenIn(alert, 'act');
  expect((await postAction({ token: act, action: 'contacted' })).status).toBe(200);
  expect((await postAction({ token: act, action: 'hand-on', partner: 'marcus-lee' })).status).toBe(200);
  const ask = services.api.sent.find((m) => templateOf(m) === 'handoff-request')!;
  expect((await postAnswer({ token: tokenIn(ask, 'respond'), answer: 'refuse-handoff' })).status).toBe(200);

  const introduced = await postIntroduction({ key, name: longName, email: longestAddress('introduced'), context: longContext, expected: true });
  expect(introduced.status).toBe(201);

  const waiting = await postReferral({ provider: 'marcus-lee', ref: code, name: rtlName, email: longestAddress('waiting'), message: unbrokenMessage, consent: true });
  expect(waiting.status).toBe(201);
  await remindProviders({ ...createDeps(), clock: { now: () => new Date(Date.now() + 60 * 3_600_000) } });

  expect((await postSignIn({ email: 'sofia@example.com' })).status).toBe(202);
  return [...services.api.sent];
}

/** The providers' own booking pages, the one kind of link in an email that is not the site's. */
const bookingPages = new Set((await loadContent('content')).providers.flatMap((provider) => (provider.bookingUrl ? [provider.bookingUrl] : [])));

describe('every email of a real run', () => {
  it('has no horizontal overflow at 320, 390 and 600 px, links every URL under a short label, and keeps every link within 120 characters', async () => {
    const sent = await realRun();
    // The notice of an undelivered email carries no typed text; it is rendered as the outbox renders it.
    const failed = createRenderer(getSite(), ORIGIN, builtInCopy)({ ...emailSamples['delivery-failed'], providerName: longName, referralId: 'x'.repeat(29) });
    // So is the notice of a webhook in trouble, with the longest host a content file's endpoint can have.
    const hook = createRenderer(getSite(), ORIGIN, builtInCopy)({ ...emailSamples['webhook-problem'], providerName: longName, endpointHost: `${'h'.repeat(63)}.${'o'.repeat(63)}.${'s'.repeat(63)}.${'t'.repeat(57)}.example` });
    const emails = [
      ...sent.map((mail) => ({ template: templateOf(mail), html: mail.body.html!, text: mail.body.text! })),
      { template: 'delivery-failed', ...failed },
      { template: 'webhook-problem', ...hook },
    ];
    const templates = new Set(emails.map((e) => e.template));
    expect([...templates].sort()).toEqual(Object.keys(emailSamples).sort() as TemplateName[]);

    const production = getSite().baseUrl;
    const palette = emailPalette(getSite().brandColour);
    const page = await browser.newPage();
    for (const email of emails) {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 700 });
        await page.setContent(email.html, { waitUntil: 'load' });
        const layout = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          widest: Math.max(...[...document.body.querySelectorAll('*')].map((el) => el.getBoundingClientRect().right)),
        }));
        expect(layout.scrollWidth, `${email.template} at ${width} px`).toBeLessThanOrEqual(width);
        expect(layout.widest, `${email.template} at ${width} px`).toBeLessThanOrEqual(width);
      }
      // In either scheme, nothing behind or around the text keeps the other scheme's colour: every
      // background is the scheme's canvas or its brand colour (a button, the provider's initials).
      for (const [scheme, html] of [['light', email.html], ['dark', inDarkMode(email.html)]] as const) {
        await page.setViewportSize({ width: 600, height: 700 });
        await page.setContent(html, { waitUntil: 'load' });
        const backgrounds = await page.evaluate(() => [
          ...new Set([document.documentElement, ...document.querySelectorAll('*')].map((el) => getComputedStyle(el).backgroundColor)),
        ]);
        const { canvas, brand } = palette[scheme];
        for (const colour of backgrounds.filter((c) => c !== 'rgba(0, 0, 0, 0)')) expect([rgb(canvas), rgb(brand)], `${email.template} in ${scheme} mode`).toContain(colour);
      }
      const links = await page.evaluate(() => [...document.querySelectorAll('a')].map((a) => ({ href: a.getAttribute('href') ?? '', label: a.textContent ?? '' })));
      for (const { href, label } of links) {
        expect(label.trim().length, `a label in ${email.template}`).toBeGreaterThan(0);
        if (href.startsWith('mailto:') || href.startsWith('tel:')) continue;
        // A provider's booking page is theirs (https, from their content file): its length is theirs too.
        if (bookingPages.has(href)) {
          expect(label, `${email.template}: a URL as a label`).not.toMatch(/https?:\/\//);
          continue;
        }
        expect(href.startsWith(`${ORIGIN}/`), href).toBe(true);
        expect(label, `${email.template}: a URL as a label`).not.toMatch(/https?:\/\//);
        expect(label.length, `${email.template}: "${label}"`).toBeLessThanOrEqual(60);
        expect(href.replace(ORIGIN, production).length, `${email.template}: ${href}`).toBeLessThanOrEqual(120);
      }
      // What a reader sees: no bare URL of ours anywhere in the text (a URL the referee pasted into their message is theirs, and quoted).
      const visible = await page.evaluate(() => document.body.innerText);
      expect(visible, email.template).not.toContain(`${ORIGIN}/`);
      for (const line of email.html.split('\n')) expect(Buffer.byteLength(line), email.template).toBeLessThanOrEqual(998);
      for (const line of email.text.split('\n')) {
        expect(line.length <= 78 || /^(> )?\S+$/.test(line), `${email.template}: ${line}`).toBe(true);
        expect(Buffer.byteLength(line), `${email.template}: a line of its text part`).toBeLessThanOrEqual(998);
      }
    }
    await page.close();
  }, 120_000);
});
