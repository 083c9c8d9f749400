import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EmailContent, TemplateName } from '../../src/lib/domain/email-content.ts';
import { layout } from '../../src/lib/email/blocks.ts';
import { escapeHtml, headerSafe } from '../../src/lib/email/html.ts';
import { emailSamples, templateNames, typedFields } from '../../src/lib/email/samples.ts';
import { createRenderer, formatHours } from '../../src/lib/email/templates.ts';
import { builtInCopy } from '../../src/lib/email/wording.ts';
import { site } from '../fixtures/domain.ts';

const BASE = 'https://vouch.test';

const samples: Record<TemplateName, EmailContent> = emailSamples;
const templates = templateNames;

/** Templates to a provider greet them by the first word of their name only. */
const toProvider = new Set(['provider-alert', 'delivery-failed', 'referee-withdrew', 'provider-reminder', 'dashboard-sign-in']);

const render = createRenderer(site, BASE, builtInCopy);

/** Tags the layout is allowed to produce; anything else came from data. */
const LAYOUT_TAGS = new Set(['html', 'head', 'meta', 'title', 'body', 'div', 'main', 'p', 'a', 'hr', 'table', 'tbody', 'tr', 'th', 'td', 'blockquote', 'ul', 'li']);
const tagsIn = (html: string) => new Set([...html.matchAll(/<\/?([a-z][a-z0-9]*)/gi)].map((m) => m[1]!.toLowerCase()));

/** Hostile values and how they must appear in HTML (escaped by hand, not by the code under test). */
const hostile = [
  { raw: '<script>alert(1)</script>', escaped: '&lt;script&gt;alert(1)&lt;/script&gt;' },
  { raw: '"><img src=x onerror=alert(1)>', escaped: '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;' },
  { raw: "'><svg/onload=alert(1)>", escaped: '&#39;&gt;&lt;svg/onload=alert(1)&gt;' },
  { raw: 'Tom &amp; Jerry', escaped: 'Tom &amp;amp; Jerry' },
  { raw: '\u202E<b>gnp.exe</b>', escaped: '\u202E&lt;b&gt;gnp.exe&lt;/b&gt;' },
];

describe('every template', () => {
  it.each(templates)('%s renders a subject, an HTML part and a real plain-text part', (template) => {
    const email = render(samples[template]);
    expect(email.subject.length).toBeGreaterThan(10);
    expect(email.html).toMatch(/^<!DOCTYPE html>/);
    expect(email.html).toContain('<html lang="en">');
    expect(email.html).toContain(`<title>${escapeHtml(email.subject)}</title>`);
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

  it.each(templates)('%s links only to the base URL it was given', (template) => {
    const email = render(samples[template]);
    const links = [...email.text.matchAll(/https?:\/\/\S+/g), ...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? m[0]);
    for (const link of links) expect(link.startsWith(`${BASE}/`)).toBe(true);
    expect(email.text + email.html).not.toContain(site.baseUrl);
  });

  it.each(templates)('%s says the same thing in both parts', (template) => {
    const email = render(samples[template]);
    const firstSentence = email.text.split('\n\n')[1]!.split('. ')[0]!;
    expect(email.html).toContain(escapeHtml(firstSentence));
  });
});

describe('hostile data in every field', () => {
  for (const template of templates) {
    for (const field of typedFields(samples[template])) {
      it.each(hostile)(`${template}.${field} = %j is escaped in HTML and kept as typed in text`, ({ raw, escaped }) => {
        const email = render({ ...samples[template], [field]: raw } as EmailContent);
        expect(email.html).not.toContain(raw);
        // The provider is greeted by the first word of their name only.
        const greeted = toProvider.has(template) && field === 'providerName';
        const shown = greeted ? escaped.split(' ')[0]! : escaped;
        expect(email.html).toContain(shown);
        expect([...tagsIn(email.html)].filter((tag) => !LAYOUT_TAGS.has(tag))).toEqual([]);
        // Inside a tag, outside quoted values: where an event handler would have to be.
        expect(email.html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son\w+\s*=/i);
        expect(email.text).toContain(greeted ? raw.split(' ')[0] : raw);
      });
    }
  }

  it.each(hostile)('site name and privacy contact %j are escaped too', ({ raw, escaped }) => {
    const hostileSite = { ...site, siteName: raw, privacyContact: raw };
    for (const template of templates) {
      const html = createRenderer(hostileSite, BASE, builtInCopy)(samples[template]).html;
      expect(html).not.toContain(raw);
      expect(html).toContain(escaped);
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
    expect(email.html).toContain('<meta charset="utf-8">');
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
    expect(email.text).toContain('Email: zeb@example.net\nPhone: +44 7700 900123\nReferred by: Alice Walker\nKind: Recommendation (they got in touch)\nReply by: Wed, 06 Mar 2030 09:30 UTC');
    expect(email.text).toContain('> Line one\n> Line two');
    expect(email.html).toContain('<td style="padding:4px 0">zeb@example.net</td>');
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
    expect(email.text).toContain('for referral ref-0001: an earlier email of ours to that address bounced');
    expect(email.text).toContain('so we no longer write to it');
    expect(email.text).toContain('reach them another way');
    expect(email.text).not.toMatch(/tried|attempt/i);
  });

  it('says plainly that the person marked our email as spam', () => {
    const email = notice('complained');
    expect(email.html).toContain('The address marked our email as spam, so we no longer write to it.');
    expect(email.text).toContain('marked an earlier email of ours as spam, so we no longer write to it');
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
  it('renders each kind of block as HTML and as plain text', () => {
    const email = layout(
      {
        subject: 'Hello',
        preheader: 'Pre & header',
        blocks: [
          { kind: 'p', text: 'Fish & chips' },
          { kind: 'button', label: 'Open <it>', href: 'https://vouch.test/a?b=1&c=2', copyLine: 'Or copy this address: https://vouch.test/a?b=1&c=2' },
          { kind: 'link', label: 'More & more', href: 'https://vouch.test/m?x=1&y=2' },
          { kind: 'facts', rows: [['Name', 'Zoë'], ['Email', 'z@example.org']] },
          { kind: 'quote', text: 'one\r\ntwo\nthree' },
        ],
        footer: ['Footer line'],
      },
      { siteName: 'Site', colour: '#123456' },
    );
    expect(email.text).toBe(
      'Fish & chips\n\nOpen <it>:\nhttps://vouch.test/a?b=1&c=2\n\nMore & more:\nhttps://vouch.test/m?x=1&y=2\n\nName: Zoë\nEmail: z@example.org\n\n> one\n> two\n> three\n\n--\n\nFooter line\n',
    );
    expect(email.html).toContain('Fish &amp; chips');
    expect(email.html).toContain('href="https://vouch.test/a?b=1&amp;c=2"');
    expect(email.html).toContain('Open &lt;it&gt;</a>');
    expect(email.html).toContain('<a href="https://vouch.test/m?x=1&amp;y=2" style="color:#123456;font-weight:600">More &amp; more</a>');
    expect(email.html).toContain('<th scope="row"');
    expect(email.html).toContain('Pre &amp; header');
    expect(email.html).toContain('background:#123456');
  });

  it('makes the subject a single line', () => {
    expect(layout({ subject: ' A\r\nB\tC ', preheader: '', blocks: [], footer: [] }, { siteName: 'S', colour: '#000000' }).subject).toBe(
      'A B C',
    );
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
