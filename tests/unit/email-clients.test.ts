// Every template checked with caniemail's data (caniemail.com) for the clients people read
// Vouch's emails in: no feature that a client does not support at all, except the deliberate
// enhancements listed below, each with why it is harmless where it is not supported.
import { caniemail } from 'caniemail';
// The checker's own list of client names, which lacks Outlook.com although its data has it (every
// feature has an `outlook.outlook-com` entry): adding the name makes the same checker read it.
import { clientNames, type EmailClientGlobs } from '../../node_modules/caniemail/dist/clients.js';
import { describe, expect, it } from 'vitest';
import { emailSamples, templateNames } from '../../src/lib/email/samples.ts';
import { createRenderer } from '../../src/lib/email/render.ts';
import { builtInCopy } from '../../src/lib/domain/emails/index.ts';
import { site } from '../fixtures/domain.ts';

const CLIENTS = [
  'gmail.desktop-webmail',
  'gmail.ios',
  'gmail.android',
  'gmail.mobile-webmail',
  'outlook.windows',
  'outlook.windows-mail',
  'outlook.macos',
  'outlook.outlook-com',
  'outlook.ios',
  'outlook.android',
  'apple-mail.macos',
  'apple-mail.ios',
  'yahoo.desktop-webmail',
  'yahoo.ios',
  'yahoo.android',
] as const;

const names = clientNames as readonly string[] as string[];
if (!names.includes('outlook.outlook-com')) names.push('outlook.outlook-com');

/** The clients, typed as the checker's globs (its types list the names it knew of). */
const clients = CLIENTS as readonly string[] as EmailClientGlobs[];

/** Features some clients ignore, used on purpose; where ignored, nothing is hidden and the layout holds. */
const ALLOWED: Record<string, string> = {
  '<style> element': 'Holds only the dark-mode colours; without it the email stays in its light colours, which read at 4.5:1.',
  '@media': 'The prefers-color-scheme query of dark mode; without it the light colours stay (Gmail and Outlook.com darken on their own).',
  'display:none': 'Hides the preheader; where it shows (Gmail mobile webmail), it is one line summarising the email at the top.',
  opacity: 'Hides the preheader, with display:none; where it shows, it is a one-line summary.',
  overflow: 'Hides the preheader (overflow:hidden), with display:none; where it shows, it is a one-line summary.',
  'height property': 'max-height:0 hides the preheader, with display:none; where it is ignored, the preheader is a one-line summary.',
  'overflow-wrap': 'Breaks a very long word (a 254-character address) where supported; elsewhere the table cell wraps or the client scrolls it, and nothing is hidden.',
  'word-break': 'Breaks a very long word where supported, with overflow-wrap; elsewhere nothing is hidden.',
  'border-radius': 'Rounds buttons and the initials; Outlook for Windows draws them square.',
  'text-decoration-line': "React Email's Link reset; our text-decoration after it sets the underline where this is ignored.",
  outline: "React Email's image reset (outline:none); an image has no outline to remove where it is ignored.",
  'target attribute': 'React Email opens links in a new tab; clients that ignore it open them as they always do.',
  'role attribute': 'role="presentation" on layout tables, for screen readers; ignored, the tables read as before.',
  '<body> element': 'Some clients drop <body>; the container table inside it carries the canvas and text colours itself.',
};

const render = createRenderer({ ...site, logo: '/logo.png' }, 'https://referrals.example.com', builtInCopy);

/** Client → titles of features it does not support at all. */
function unsupported(html: string): Map<string, Set<string>> {
  const { issues } = caniemail({ clients, html });
  const errors = issues.errors instanceof Map ? issues.errors : new Map(Object.entries(issues.errors ?? {}));
  return new Map([...errors].map(([client, found]) => [client, new Set((found as { title: string }[]).map((issue) => issue.title))]));
}

describe('client support (caniemail)', () => {
  it('checks every listed client, Outlook.com included', () => {
    // A feature Outlook.com lacks (caniemail's data: <bdi> is unsupported there) is reported for it.
    expect([...unsupported('<html><body><bdi>x</bdi></body></html>').keys()]).toContain('outlook.outlook-com');
    expect(caniemail({ clients, html: '<p>x</p>' }).success).toBe(true);
  });

  it.each(templateNames)('%s uses nothing the listed clients drop, beyond the allowed enhancements', (template) => {
    const problems = [...unsupported(render(emailSamples[template]).html)].flatMap(([client, titles]) =>
      [...titles].filter((title) => !Object.hasOwn(ALLOWED, title)).map((title) => `${client}: ${title}`),
    );
    expect(problems).toEqual([]);
  });

  it.each(templateNames)('%s pads only table cells and links, as Outlook for Windows needs (caniemail: padding only on cells)', (template) => {
    const html = render(emailSamples[template]).html.replace(/<!--\n-->/g, '');
    const padded = [...html.matchAll(/<([a-z]+)\b[^>]*\sstyle="([^"]*)"/g)]
      .filter(([, , style]) => /(?:^|;)padding(?:-[a-z]+)?:(?!0(?:px)?(?:;|$))/.test(style ?? ''))
      .map(([, tag]) => tag);
    expect(padded.length).toBeGreaterThan(0);
    expect(padded.filter((tag) => tag !== 'td' && tag !== 'th' && tag !== 'a')).toEqual([]);
  });

  it.each(templateNames)('%s holds its 560-px column in Outlook for Windows, which ignores max-width: a fixed-width table only Outlook reads encloses it', (template) => {
    // Lines joined again: the HTML is folded into short lines after tags.
    const html = render(emailSamples[template]).html.replace(/\n/g, '');
    const open = html.indexOf('<!--[if mso]><table role="presentation" width="560"');
    const close = html.lastIndexOf('<!--[if mso]></td></tr></table><![endif]-->');
    const column = html.search(/<table[^>]*max-width:560px/);
    expect(open).toBeGreaterThan(html.indexOf('<body'));
    expect(open).toBeLessThan(column);
    expect(close).toBeGreaterThan(html.lastIndexOf('</p>'));
    expect(close).toBeLessThan(html.indexOf('</body>'));
    expect(html.match(/<!--\[if mso\]><table role="presentation" width="560"/g)).toHaveLength(1);
    // What Outlook reads, the conditional tables included, nests: as many tables open as close.
    const outlook = html.replace(/<!--\[if mso\]>|<!\[endif\]-->/g, '');
    expect((outlook.match(/<table\b/g) ?? []).length).toBe((outlook.match(/<\/table>/g) ?? []).length);
    expect(html).not.toMatch(/vouch-mso/);
  });

  it('does catch what it is there for: a <main> wrapper, a flex layout and a background image', () => {
    const html = '<!DOCTYPE html><html><body><main style="display:flex;background-image:url(x.png)">x</main></body></html>';
    const titles = new Set([...unsupported(html).values()].flatMap((set) => [...set]));
    expect([...titles].filter((title) => !Object.hasOwn(ALLOWED, title)).length).toBeGreaterThan(0);
  });

  it('keeps no allowance that no template needs any more', () => {
    const used = new Set(templateNames.flatMap((template) => [...unsupported(render(emailSamples[template]).html).values()].flatMap((set) => [...set])));
    expect(Object.keys(ALLOWED).filter((title) => !used.has(title))).toEqual([]);
  });
});
