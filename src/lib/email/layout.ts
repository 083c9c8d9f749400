// The layout of every email, rendered by React Email's components (tables that hold in Outlook,
// bulletproof buttons) to static markup, synchronously, beside a plain-text part of its own.
// No JSX: the components are called through createElement, so this file runs under plain Node.
// One package per component, not the @react-email/components barrel: that would load Tailwind,
// Markdown and a code highlighter into every function for nothing.
import { Body } from '@react-email/body';
import { Button } from '@react-email/button';
import { Column } from '@react-email/column';
import { Container } from '@react-email/container';
import { Head } from '@react-email/head';
import { Hr } from '@react-email/hr';
import { Html } from '@react-email/html';
import { Img } from '@react-email/img';
import { Link } from '@react-email/link';
import { Preview } from '@react-email/preview';
import { Row } from '@react-email/row';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import { createElement as h, Fragment, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Block, Composed, FooterLine } from '../domain/emails/blocks.ts';
import { headerSafe } from './html.ts';
import { emailPalette, type Palette } from './palette.ts';

/** The look of every email: the site's name, its brand colour, its logo (an absolute URL) and where its home page is. */
export type Brand = { siteName: string; colour: string; logoUrl?: string; homeUrl: string };

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
/** Long names, addresses and messages with no space break anywhere rather than widen the email. */
const BREAK = { overflowWrap: 'anywhere', wordBreak: 'break-word' } as const;
const TEXT = { margin: '0 0 16px', fontSize: '16px', lineHeight: '24px' } as const;

/** Dark mode for the clients that honour it (Apple Mail, Outlook for macOS and iOS); Gmail and Outlook.com invert on their own. */
const darkCss = ({ dark }: Palette): string =>
  `:root{color-scheme:light dark;supported-color-schemes:light dark}` +
  `@media (prefers-color-scheme:dark){` +
  `.v-canvas{background-color:${dark.canvas}!important;color:${dark.text}!important}` +
  `.v-brand{color:${dark.brand}!important}` +
  `.v-button{background-color:${dark.brand}!important;color:${dark.onBrand}!important}` +
  `.v-mark{background-color:${dark.brand}!important;color:${dark.onBrand}!important}` +
  `.v-muted{color:${dark.muted}!important}` +
  `.v-rule{border-color:${dark.brand}!important}` +
  `.v-line{border-color:${dark.line}!important}}`;

/** The email as a client in dark mode shows it: the dark-mode styles applied whatever the viewer's own setting (for the preview page). */
export const inDarkMode = (html: string): string => html.replace('@media (prefers-color-scheme:dark){', '@media all{');

/** "Jane Okafor" → "JO": the mark that stands for a provider beside their name. */
export const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => [...word][0] ?? '')
    .filter((c) => /\p{L}|\p{N}/u.test(c))
    .slice(0, 2)
    .join('')
    .toLocaleUpperCase('en') || '·';

function button(label: string, href: string, palette: Palette, key?: string): ReactNode {
  return h(
    Section,
    { key, style: { margin: '8px 0' } },
    h(
      Button,
      {
        href,
        className: 'v-button',
        style: { backgroundColor: palette.light.brand, color: palette.light.onBrand, padding: '12px 20px', borderRadius: '6px', fontSize: '16px', fontWeight: 600 },
      },
      label,
    ),
  );
}

function blockHtml(block: Block, palette: Palette, key: number): ReactNode {
  const link = (label: string, href: string) => h(Link, { href, className: 'v-brand', style: { color: palette.light.brand, fontWeight: 600, textDecoration: 'underline' } }, label);
  switch (block.kind) {
    case 'p':
      return h(Text, { key, style: TEXT }, block.text);
    case 'button':
      return h(Section, { key, style: { margin: '24px 0' } }, button(block.label, block.href, palette));
    case 'link':
      return h(Text, { key, style: TEXT }, link(block.label, block.href));
    case 'links':
      return h(Fragment, { key }, ...block.items.map(([label, href], i) => h(Text, { key: i, style: TEXT }, link(label, href))));
    case 'actions':
      return h(Section, { key, style: { margin: '0 0 16px' } }, ...block.items.map(([label, href], i) => button(label, href, palette, String(i))));
    case 'facts':
      // A data table (labels in row headers), so no role="presentation": that would hide the headers from screen readers.
      return h(
        'table',
        { key, style: { borderCollapse: 'collapse', margin: '0 0 16px', fontSize: '15px', lineHeight: '22px', width: '100%' } },
        h(
          'tbody',
          null,
          ...block.rows.map(([label, value, href], i) =>
            h(
              'tr',
              { key: i },
              h('th', { scope: 'row', style: { textAlign: 'left', padding: '4px 12px 4px 0', verticalAlign: 'top', width: '30%' } }, label),
              h('td', { dir: 'auto', style: { padding: '4px 0', verticalAlign: 'top', ...BREAK } }, href ? link(href.startsWith('tel:') ? value.replace(/ /g, '\u00a0') : value, href) : value),
            ),
          ),
        ),
      );
    case 'quote': {
      // Line breaks as <br>: Outlook for Windows ignores white-space, so pre-wrap would run the lines together.
      const lines = block.text.split(/\r?\n/);
      // The rule and the padding on a cell: Outlook for Windows pads only cells.
      return h(
        Section,
        { key, style: { margin: '0 0 16px' } },
        h(
          Row,
          null,
          h(
            Column,
            { className: 'v-rule', style: { borderLeft: `4px solid ${palette.light.brand}`, padding: '4px 0 4px 16px' } },
            h(Text, { dir: 'auto', style: { margin: '0', fontSize: '15px', lineHeight: '22px', ...BREAK } }, ...lines.flatMap((line, i) => (i === 0 ? [line] : [h('br', { key: i }), line]))),
          ),
        ),
      );
    }
  }
}

function brandBlock(email: Composed, brand: Brand, palette: Palette): ReactNode {
  const name = h(
    Link,
    { href: brand.homeUrl, className: 'v-brand', style: { color: palette.light.brand, fontSize: '18px', fontWeight: 700, textDecoration: 'none' } },
    brand.siteName,
  );
  const logo = brand.logoUrl ? h(Img, { src: brand.logoUrl, alt: '', width: 32, height: 32, style: { display: 'inline-block', verticalAlign: 'middle', marginRight: '8px' } }) : null;
  const person = email.person
    ? h(Row, {
        key: 'person',
        style: { margin: '16px 0 0' },
        children: [
        h(
          Column,
          { key: 'mark', style: { width: '48px', verticalAlign: 'middle' } },
          // The photo when the provider has one a mail client can show; else their initials. The name beside it says who.
          email.personPhoto
            ? h(Img, { src: email.personPhoto, alt: '', width: 40, height: 40, style: { display: 'block', width: '40px', height: '40px', borderRadius: '20px' } })
            : h(
                Text,
                {
                  className: 'v-mark',
                  style: { margin: '0', width: '40px', lineHeight: '40px', borderRadius: '20px', textAlign: 'center', fontWeight: 700, fontSize: '15px', backgroundColor: palette.light.brand, color: palette.light.onBrand },
                },
                initials(email.person),
              ),
        ),
        h(Column, { key: 'name', style: { verticalAlign: 'middle', ...BREAK } }, h(Text, { dir: 'auto', style: { margin: '0', fontSize: '16px', fontWeight: 600 } }, email.person)),
        ],
      })
    : null;
  return h(Section, { style: { margin: '0 0 24px' }, children: [h(Text, { key: 'brand', style: { margin: '0', lineHeight: '32px' } }, logo, name), person] });
}

const footerHtml = (line: FooterLine, palette: Palette, key: number): ReactNode =>
  h(
    Text,
    { key, className: 'v-muted', style: { margin: '0 0 8px', fontSize: '13px', lineHeight: '19px', color: palette.light.muted } },
    typeof line === 'string' ? line : h(Link, { href: line.href, className: 'v-muted', style: { color: palette.light.muted, textDecoration: 'underline' } }, line.label),
  );

const utf8Length = (value: string): number => Buffer.byteLength(value, 'utf8');

/**
 * Breaks a long line of markup (over `limit` UTF-8 bytes) at a place that renders the same: a
 * space in text, a space between attributes, or else an empty comment between two characters.
 */
function foldLine(line: string, limit: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (utf8Length(rest) > limit) {
    let cut = -1;
    let inTag = false;
    let quote = '';
    let lastComment = -1;
    let bytes = 0;
    let end = 0;
    for (const char of rest) {
      bytes += utf8Length(char);
      if (bytes > limit) break;
      end += char.length;
    }
    for (let i = 0; i < end; i++) {
      const c = rest[i];
      if (inTag) {
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') inTag = false;
        else if (c === ' ') cut = i;
      } else if (c === '<') inTag = true;
      else if (c === ' ') cut = i;
      else if (c === '&' || !/[\uDC00-\uDFFF]/.test(c ?? '')) lastComment = i;
    }
    if (cut > 0) {
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut + 1);
    } else {
      // A run of text with no space (a long address, say): an empty comment splits it without a visible gap.
      const at = lastComment > 0 ? lastComment : Math.max(1, end - 8);
      out.push(`${rest.slice(0, at)}<!--`);
      rest = `-->${rest.slice(at)}`;
    }
  }
  out.push(rest);
  return out;
}

/** Markup on lines of at most 998 characters (RFC 5322), broken where a break changes nothing. */
export function foldHtml(html: string, limit = 900): string {
  return html
    .replace(/(<\/(?:tr|table|p|div|tbody|head|style|title)>|<(?:meta|link|hr|br)[^>]*>|<body[^>]*>|<table[^>]*>)/g, '$1\n')
    .split('\n')
    .flatMap((line) => foldLine(line, limit))
    .join('\n');
}

/** The longest line a message may have, in bytes, without its line break (RFC 5322). */
const MAX_LINE_BYTES = 998;

/** A line cut into lines of at most `MAX_LINE_BYTES`, each starting with `prefix`: only a single word that long (a pasted run of characters) is ever cut. */
function withinLimit(line: string, prefix: string): string[] {
  if (utf8Length(prefix + line) <= MAX_LINE_BYTES) return [prefix + line];
  const lines: string[] = [];
  let piece = '';
  for (const char of line) {
    if (utf8Length(prefix + piece + char) > MAX_LINE_BYTES) {
      lines.push(prefix + piece);
      piece = '';
    }
    piece += char;
  }
  return [...lines, prefix + piece];
}

/**
 * Wraps text at `width` characters on spaces; a word longer than that (a URL, an address) stands
 * on a line of its own, whole, unless it is longer than a line of a message may be (998 bytes).
 */
export function wrapText(text: string, width = 78, prefix = ''): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.split(/ +/)) {
        if (line && (prefix + line + ' ' + word).length > width) {
          lines.push(...withinLimit(line, prefix));
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      lines.push(...withinLimit(line, prefix));
      return lines.join('\n');
    })
    .join('\n');
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'p':
      return wrapText(block.text);
    case 'button':
    case 'link':
      return `${wrapText(`${block.label}:`)}\n${block.href}`;
    case 'facts':
      return block.rows.map(([label, value]) => wrapText(`${label}: ${value}`)).join('\n');
    case 'links':
    case 'actions':
      return block.items.map(([label, href]) => `${wrapText(`${label}:`)}\n${href}`).join('\n\n');
    case 'quote':
      return wrapText(block.text.replace(/\r\n?/g, '\n'), 78, '> ');
  }
}

const footerText = (line: FooterLine): string => (typeof line === 'string' ? wrapText(line) : `${wrapText(`${line.label}:`)}\n${line.href}`);

/** The email's column, in CSS pixels: narrower screens get their full width. */
const WIDTH = 560;

/** Stand-ins, replaced after rendering, for the conditional comments only Outlook for Windows reads (React writes no comments). */
const MSO_OPEN = 'vouch-mso-open';
const MSO_CLOSE = 'vouch-mso-close';

/** Lays out a composed email as a subject, an HTML part rendered by React Email, and a real plain-text part. */
export function layout(email: Composed, brand: Brand): { subject: string; html: string; text: string } {
  const subject = headerSafe(email.subject);
  const palette = emailPalette(brand.colour);
  const tree = h(
    Html,
    { lang: 'en', dir: 'ltr' },
    h(
      Head,
      null,
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('meta', { name: 'color-scheme', content: 'light dark' }),
      h('meta', { name: 'supported-color-schemes', content: 'light dark' }),
      h('title', null, subject),
      h('style', null, darkCss(palette)),
    ),
    h(Preview, null, email.preheader),
    // React Email's Body copies its style to a cell inside <body> that no class reaches: the canvas
    // colour goes on the body (by class, in dark mode) and on the container, never on that cell,
    // or it would stay white around the email in a client's dark mode.
    h(
      Body,
      { className: 'v-canvas', style: { margin: '0', padding: '0', fontFamily: FONT } },
      // Outlook for Windows ignores max-width: a table of fixed width that only it reads holds the column there.
      h(MSO_OPEN),
      h(
        Container,
        { className: 'v-canvas', style: { maxWidth: `${WIDTH}px`, width: '100%', backgroundColor: palette.light.canvas, color: palette.light.text, ...BREAK } },
        // The padding on a cell, not on the container's table: Outlook for Windows pads only cells.
        h(
          Row,
          null,
          h(
            Column,
            { style: { padding: '24px 16px' } },
            // A main landmark for screen readers, as a role: Gmail drops the <main> element itself.
            h(
              'div',
              { role: 'main' },
              brandBlock(email, brand, palette),
              ...email.blocks.map((block, i) => blockHtml(block, palette, i)),
              h(Hr, { className: 'v-line', style: { borderColor: palette.light.line, margin: '24px 0 16px' } }),
              ...email.footer.map((line, i) => footerHtml(line, palette, i)),
            ),
          ),
        ),
      ),
      h(MSO_CLOSE),
    ),
  );
  // React 19 adds <link rel="preload"> for images, which mail clients drop or refuse.
  const markup = renderToStaticMarkup(tree)
    .replace(/<link rel="preload"[^>]*>/g, '')
    .replace(`<${MSO_OPEN}></${MSO_OPEN}>`, `<!--[if mso]><table role="presentation" width="${WIDTH}" align="center" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->`)
    .replace(`<${MSO_CLOSE}></${MSO_CLOSE}>`, '<!--[if mso]></td></tr></table><![endif]-->');
  const html = foldHtml(`<!DOCTYPE html>\n${markup}\n`);
  const footer = email.footer.map(footerText);
  const text = `${[...email.blocks.map(blockText), '--', ...footer].join('\n\n')}\n`;
  return { subject, html, text };
}
