import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EmailContent, TemplateName } from '../../src/lib/domain/ports.ts';
import { foldHtml, layout, wrapText } from '../../src/lib/email/layout.ts';
import { escapeHtml, headerSafe } from '../../src/lib/email/html.ts';
import { emailSamples, templateNames, typedFields } from '../../src/lib/email/samples.ts';
import { formatHours } from '../../src/lib/domain/emails/common.ts';
import { createRenderer } from '../../src/lib/email/render.ts';
import { builtInCopy } from '../../src/lib/domain/emails/index.ts';
import { site } from '../fixtures/domain.ts';

const BASE = 'https://vouch.test';

const samples: Record<TemplateName, EmailContent> = emailSamples;
const templates = templateNames;

/** Templates to a provider greet them by the first word of their name only. */
const toProvider = new Set(['provider-alert', 'delivery-failed', 'referee-withdrew', 'provider-reminder', 'dashboard-sign-in']);

const render = createRenderer(site, BASE, builtInCopy);

/** Tags the layout is allowed to produce; anything else came from data. */
const LAYOUT_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'div', 'p', 'a', 'span', 'i', 'br', 'img', 'hr', 'table', 'tbody', 'tr', 'th', 'td']);

/** HTML or text as a reader sees it: line folds (a newline, an empty comment, a non-breaking space in a phone number) read as one space. */
const flat = (value: string) => value.replace(/<!--\n-->/g, '').replace(/[\s\u00a0]+/g, ' ');

/** Escaped as React escapes it (an apostrophe as &#x27;). */
const esc = (value: string) => escapeHtml(value).replace(/&#39;/g, '&#x27;');
const tagsIn = (html: string) => new Set([...html.matchAll(/<\/?([a-z][a-z0-9]*)/gi)].map((m) => m[1]!.toLowerCase()));

/** Hostile values and how they must appear in HTML (escaped by hand, not by the code under test). */
const hostile = [
  { raw: '<script>alert(1)</script>', escaped: '&lt;script&gt;alert(1)&lt;/script&gt;' },
  { raw: '"><img src=x onerror=alert(1)>', escaped: '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;' },
  { raw: "'><svg/onload=alert(1)>", escaped: '&#x27;&gt;&lt;svg/onload=alert(1)&gt;' },
  { raw: 'Tom &amp; Jerry', escaped: 'Tom &amp;amp; Jerry' },
  { raw: '\u202E<b>gnp.exe</b>', escaped: '\u202E&lt;b&gt;gnp.exe&lt;/b&gt;' },
];

describe('every template', () => {
  it.each(templates)('%s renders a subject, an HTML part and a real plain-text part', (template) => {
    const email = render(samples[template]);
    expect(email.subject.length).toBeGreaterThan(10);
    expect(email.html).toMatch(/^<!DOCTYPE html>/);
    expect(email.html).toContain('<html dir="ltr" lang="en">');
    expect(flat(email.html)).toContain(`<title>${flat(esc(email.subject))}</title>`);
    expect(email.html.split('\n').every((line) => Buffer.byteLength(line) <= 998)).toBe(true);
    expect(email.text.split('\n').every((line) => line.length <= 78 || /^(> )?https?:\/\/\S+$/.test(line))).toBe(true);
    expect(email.text.length).toBeGreaterThan(50);
    expect(email.text).not.toMatch(/<[a-z/!]/i);
    expect(email.text).not.toMatch(/&[a-z#0-9]+;/i);
    expect(email.text).toMatch(/^Hi [^,]+,\n\n/);
    expect(email.text).toContain('\n--\n');
    expect(email.text.endsWith('\n')).toBe(true);
  });

  it.each(templates)('%s comes from the site sender and is tagged with its template', (template) => {
    const email = render(samples[template]);
    expect(email.from).toBe(site.sender);
    expect(email.tags).toContainEqual({ name: 'template', value: template });
  });

  it.each(templates)('%s links only to the base URL it was given (and a provider\'s own booking page)', (template) => {
    const email = render(samples[template]);
    // The one link elsewhere: a provider's booking page, from their content file (https, checked at build).
    const booking = 'bookingUrl' in samples[template] ? samples[template].bookingUrl : undefined;
    const links = [...email.text.matchAll(/https?:\/\/\S+/g), ...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? m[0]);
    for (const link of links) expect(link.startsWith(`${BASE}/`) || /^(mailto|tel):/.test(link) || (booking !== undefined && link === booking), link).toBe(true);
    expect(email.text + email.html).not.toContain(site.baseUrl);
  });

  it.each(templates)('%s says the same thing in both parts', (template) => {
    const email = render(samples[template]);
    const firstSentence = flat(email.text.split('\n\n')[1]!).split('. ')[0]!;
    expect(flat(email.html)).toContain(esc(firstSentence));
  });
});

describe('hostile data in every field', () => {
  for (const template of templates) {
    for (const field of typedFields(samples[template])) {
      it.each(hostile)(`${template}.${field} = %j is escaped in HTML and kept as typed in text`, ({ raw, escaped }) => {
        const email = render({ ...samples[template], [field]: raw } as EmailContent);
        expect(flat(email.html)).not.toContain(raw);
        // The provider is greeted by the first word of their name only.
        const greeted = toProvider.has(template) && field === 'providerName';
        const shown = greeted ? escaped.split(' ')[0]! : escaped;
        // Paths are in links, where & is escaped once; text shows everything else.
        if (!field.endsWith('Path')) expect(flat(email.html)).toContain(shown);
        expect([...tagsIn(email.html)].filter((tag) => !LAYOUT_TAGS.has(tag))).toEqual([]);
        // Inside a tag, outside quoted values: where an event handler would have to be.
        expect(email.html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son\w+\s*=/i);
        expect(flat(email.text)).toContain(greeted ? raw.split(' ')[0] : flat(raw));
      });
    }
  }

  it.each(hostile)('site name and privacy contact %j are escaped too', ({ raw, escaped }) => {
    const hostileSite = { ...site, siteName: raw, privacyContact: raw };
    for (const template of templates) {
      const html = createRenderer(hostileSite, BASE, builtInCopy)(samples[template]).html;
      expect(flat(html)).not.toContain(raw);
      expect(flat(html)).toContain(escaped);
    }
  });

  it.each(templates)('%s has a single-line subject even when every field holds CR/LF', (template) => {
    const content = Object.fromEntries(
      Object.entries(samples[template]).map(([name, value]) =>
        typedFields(samples[template]).includes(name) ? [name, `Zoë\r\nBcc: victim@example.org\n\u2028X-Evil: 1`] : [name, value],
      ),
    ) as EmailContent;
    const email = render(content);
    expect(email.subject).not.toMatch(/[\r\n\u0000-\u001f\u007f\u2028\u2029]/);
    expect(email.tags!.every((tag) => !/[\r\n]/.test(tag.value))).toBe(true);
  });

  it('keeps Unicode names intact in subject, HTML and text', () => {
    const email = render({ ...samples['provider-alert'], refereeName: 'Zoë 🎉 Núñez', referrerName: 'Ødegård' } as EmailContent);
    expect(email.subject).toBe('New referral: Zoë 🎉 Núñez, recommended by Ødegård');
    expect(email.html).toContain('Zoë 🎉 Núñez');
    expect(email.html).toContain('charset=UTF-8');
    expect(email.text).toContain('Name: Zoë 🎉 Núñez');
  });
});

describe('what each email says', () => {
  it('the personal link email carries the full link in both parts', () => {
    const email = render(samples['referrer-link']);
    const link = `${BASE}/r/AbCdEfGhIjKlMnOpQr_-12`;
    expect(email.subject).toBe('Your personal link to recommend Jane Okafor');
    expect(email.text).toContain(`Your personal link:\n${link}\n`);
    expect(email.html).toContain(`href="${link}"`);
  });

  it('the personal link email leads to the share page, without pressing anyone to use it', () => {
    const email = render(samples['referrer-link']);
    const share = `${BASE}/share/AbCdEfGhIjKlMnOpQr_-12/`;
    expect(email.text).toContain(`Your share page:\n${share}\n`);
    expect(email.html).toContain(`href="${share}"`);
    expect(email.text).toContain('If it helps, your share page has a message ready');
    expect(email.text).toContain('Share it only with people you think it could genuinely help.');
  });

  it('a personal link email queued before share pages existed still reads well, without the share page', () => {
    const { sharePath: _, ...queued } = samples['referrer-link'] as Extract<EmailContent, { template: 'referrer-link' }>;
    const email = render(queued);
    expect(email.text).not.toContain('share page');
    expect(email.text).not.toContain('undefined');
    expect(email.text).toContain(`Your personal link:\n${BASE}/r/AbCdEfGhIjKlMnOpQr_-12\n`);
  });

  it('the thank-you names the referee only if given, and repeats the promised time', () => {
    const named = render(samples['referrer-thanks']);
    expect(named.text).toContain('Zebedee has just got in touch with Jane Okafor through your link.');
    expect(named.text).toContain('within 24 hours');
    const { refereeFirstName: _, ...anonymous } = samples['referrer-thanks'] as Extract<EmailContent, { template: 'referrer-thanks' }>;
    expect(render(anonymous).text).toContain('Someone you recommended has just got in touch');
  });

  it('the confirmation tells the referee who will reply and by when, and how to be erased', () => {
    const email = render(samples['referee-confirmation']);
    expect(email.subject).toBe('Jane Okafor will be in touch within 2 days');
    expect(email.text).toContain("on Alice's suggestion");
    expect(email.text).toContain(`write to ${site.privacyContact}`);
    expect(email.text).toContain(`${BASE}/privacy/`);
  });

  it('the provider alert lists the contact details, quotes the message and gives the reply-by time', () => {
    const email = render(samples['provider-alert']);
    expect(email.subject).toBe('New referral: Zebedee Quill, recommended by Alice Walker');
    // The sample's provider sets no time zone: the site's (Europe/London, on GMT in March) applies.
    expect(email.text).toContain('Email: zeb@example.net\nPhone: +44 7700 900123\nReferred by: Alice Walker\nKind: Recommendation (they got in touch)\nReply by: Wed 6 Mar 2030, 09:30 GMT');
    expect(email.text).toContain('> Line one\n> Line two');
    expect(email.html).toMatch(/<a href="mailto:zeb@example.net"[^>]*>zeb@example.net<\/a>/);
    expect(email.html).toMatch(/<a href="tel:\+447700900123"[^>]*>\+44\u00a07700\u00a0900123<\/a>/);
    expect(email.html).toContain('Line one<br/>');
    expect(email.html).toContain(`href="${BASE}/dashboard/"`);
    const paris = render({ ...samples['provider-alert'], timeZone: 'Europe/Paris', respondBy: '2030-07-06T09:30:00.000Z' } as EmailContent);
    expect(paris.text).toContain('Reply by: Sat 6 Jul 2030, 11:30 CEST');
    const newYork = render({ ...samples['provider-reminder'], timeZone: 'America/New_York' } as EmailContent);
    expect(flat(newYork.text)).toContain('by Wed 6 Mar 2030, 04:30 GMT-5');
  });

  it('the provider alert says so when nobody referred them', () => {
    const { referrerName: _, ...direct } = samples['provider-alert'] as Extract<EmailContent, { template: 'provider-alert' }>;
    const email = render(direct);
    expect(email.subject).toBe('New referral: Zebedee Quill');
    expect(email.text).toContain('Referred by: No one: they found your page directly');
    expect(email.text).not.toContain('We have thanked');
  });
});

describe('the notice of an email never sent to a suppressed address', () => {
  const notice = (suppressed: 'bounced' | 'complained', role: 'referee' | 'provider' = 'referee') =>
    render({ ...samples['delivery-failed'], attempts: 0, reason: 'suppressed', suppressed, role } as EmailContent);

  it('says plainly that the address bounced, that we no longer write to it, and what to do instead', () => {
    const email = notice('bounced');
    expect(email.subject).toBe('We did not send the confirmation to someone who was referred to you');
    expect(flat(email.text)).toContain('for referral ref-0001: an earlier email of ours to that address bounced');
    expect(flat(email.text)).toContain('so we no longer write to it');
    expect(email.text).toContain('reach them another way');
    expect(email.text).not.toMatch(/tried|attempt/i);
  });

  it('says plainly that the person marked our email as spam', () => {
    const email = notice('complained');
    expect(flat(email.html)).toContain('The address marked our email as spam, so we no longer write to it.');
    expect(flat(email.text)).toContain('marked an earlier email of ours as spam, so we no longer write to it');
  });

  it('asks the provider to check their own address when it was theirs', () => {
    expect(notice('bounced', 'provider').text).toContain('check the notification address');
  });
});

describe('formatHours', () => {
  it.each([
    [1, '1 hour'],
    [2, '2 hours'],
    [24, '24 hours'],
    [36, '36 hours'],
    [48, '2 days'],
    [72, '3 days'],
    [60, '60 hours'],
    [336, '14 days'],
  ])('%i hours reads "%s"', (hours, words) => {
    expect(formatHours(hours)).toBe(words);
  });
});

describe('layout', () => {
  const brand = { siteName: 'Site', colour: '#123456', homeUrl: 'https://vouch.test/' };

  it('renders each kind of block as HTML and as plain text', () => {
    const email = layout(
      {
        subject: 'Hello',
        preheader: 'Pre & header',
        blocks: [
          { kind: 'p', text: 'Fish & chips' },
          { kind: 'button', label: 'Open <it>', href: 'https://vouch.test/a?b=1&c=2' },
          { kind: 'link', label: 'More & more', href: 'https://vouch.test/m?x=1&y=2' },
          { kind: 'facts', rows: [['Name', 'Zoë'], ['Email', 'z@example.org', 'mailto:z@example.org']] },
          { kind: 'quote', text: 'one\r\ntwo\nthree' },
          { kind: 'actions', items: [['Met', 'https://vouch.test/act?do=met']] },
        ],
        footer: ['Footer line', { label: 'Privacy', href: 'https://vouch.test/privacy/' }],
        person: 'Jane Okafor',
      },
      brand,
    );
    expect(email.text).toBe(
      'Fish & chips\n\nOpen <it>:\nhttps://vouch.test/a?b=1&c=2\n\nMore & more:\nhttps://vouch.test/m?x=1&y=2\n\nName: Zoë\nEmail: z@example.org\n\n> one\n> two\n> three\n\nMet:\nhttps://vouch.test/act?do=met\n\n--\n\nFooter line\n\nPrivacy:\nhttps://vouch.test/privacy/\n',
    );
    expect(email.html).toContain('Fish &amp; chips');
    expect(email.html).toContain('href="https://vouch.test/a?b=1&amp;c=2"');
    expect(email.html).toMatch(/>Open &lt;it&gt;<\/span>/);
    expect(email.html).toMatch(/<a href="https:\/\/vouch.test\/m\?x=1&amp;y=2"[^>]*>More &amp; more<\/a>/);
    expect(email.html).toMatch(/<a href="mailto:z@example.org"[^>]*>z@example.org<\/a>/);
    expect(email.html).toContain('<th scope="row"');
    expect(flat(email.html)).toContain('Pre &amp; header');
    expect(email.html).toContain('background-color:#123456');
    expect(email.html).toContain('one<br/>');
    // The brand block: the site's name, linking home, and the provider's initials beside their name.
    expect(email.html).toMatch(/<a href="https:\/\/vouch.test\/"[^>]*>Site<\/a>/);
    expect(email.html).toMatch(/>JO<\/p>/);
    expect(email.html).toContain('<!--[if mso]>');
  });

  it('makes the subject a single line', () => {
    expect(layout({ subject: ' A\r\nB\tC ', preheader: '', blocks: [], footer: [] }, brand).subject).toBe('A B C');
  });

  it('wraps text at 78 characters without breaking a word or a link', () => {
    const long = `${'word '.repeat(40)}https://vouch.test/${'x'.repeat(100)} end`;
    const lines = wrapText(long).split('\n');
    expect(lines.every((line) => line.length <= 78 || line.startsWith('https://'))).toBe(true);
    expect(lines.join(' ')).toBe(long.trim());
    expect(wrapText('a '.repeat(60), 78, '> ').split('\n').every((line) => line.startsWith('> ') && line.length <= 78)).toBe(true);
  });

  it('cuts only a word longer than a line of a message may be (998 bytes), and loses nothing', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1000, maxLength: 3000, unit: fc.constantFrom('W', 'é', 'ع', '😀', 'x') }), fc.constantFrom('', '> '), (word, prefix) => {
        const lines = wrapText(`Before ${word} after`, 78, prefix).split('\n');
        expect(lines.every((line) => Buffer.byteLength(line) <= 998 && line.startsWith(prefix))).toBe(true);
        expect(lines.length).toBeGreaterThan(3);
        expect(lines.map((line) => line.slice(prefix.length)).join('')).toBe(`Before${word}after`);
      }),
      { numRuns: 30 },
    );
    // A word that fits in a message's line stays whole on a line of its own.
    expect(wrapText(`a ${'W'.repeat(900)} b`).split('\n')).toEqual(['a', 'W'.repeat(900), 'b']);
  });

  it('folds HTML into lines of at most 998 characters, without a visible change', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.boolean(), (value, spaced) => {
        const text = spaced ? value : value.replace(/\s/g, '');
        const html = layout({ subject: 'S', preheader: 'P', blocks: [{ kind: 'quote', text }, { kind: 'p', text: '&'.repeat(1500) }], footer: [] }, brand).html;
        expect(html.split('\n').every((line) => Buffer.byteLength(line) <= 998)).toBe(true);
        expect(flat(html)).toContain(flat(esc('&'.repeat(1500))));
      }),
      { numRuns: 30 },
    );
    expect(foldHtml(`<p>${'é'.repeat(2000)}</p>`).split('\n').every((line) => Buffer.byteLength(line) <= 998)).toBe(true);
  });
});

describe('escapeHtml and headerSafe', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('never lets markup through, and loses nothing', () => {
    const unescape = (s: string) =>
      s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const escaped = escapeHtml(value);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(unescape(escaped)).toBe(value);
      }),
    );
  });

  it('leaves no line break or control character in a header', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(headerSafe(value)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      }),
    );
    expect(headerSafe('New referral: Zoë\r\nBcc: x@example.org')).toBe('New referral: Zoë Bcc: x@example.org');
    expect(headerSafe('Zoë\u0085Adams\u2028Bcc')).toBe('Zoë Adams Bcc');
  });
});
