// Every template, rendered from the shared samples (src/lib/email/samples.ts) with the wording
// of the shipped content/emails.yaml: its text part matches a reviewed snapshot, and its HTML
// passes an HTML validator, with plain and with hostile data.
import { HtmlValidate, type Message } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { loadEmailCopy } from '../../src/lib/content/load.ts';
import { emailSamples, hostileSample, templateNames } from '../../src/lib/email/samples.ts';
import { createRenderer } from '../../src/lib/email/render.ts';
import { site } from '../fixtures/domain.ts';

const render = createRenderer(site, 'https://vouch.test', await loadEmailCopy('content/emails.yaml'));

/**
 * The recommended rules, less those that email HTML breaks on purpose:
 * - `no-inline-style`: mail clients drop <style> blocks and external sheets (Gmail strips
 *   them in many views), so every style is inline.
 * - `long-title`: the <title> is the subject line, which may be longer than a web page's title;
 *   mail clients show the subject themselves and never the title.
 * - `no-deprecated-attr`, `attr-case`: React Email's layout tables carry `width`, `align`,
 *   `cellPadding` and `border`, which Outlook for Windows needs (it ignores CSS widths on tables).
 * - `presentation-role-style`: `role="presentation"` on layout tables is the form screen readers
 *   in mail clients know; `role="none"` is newer.
 * - `no-conditional-comment`: the bulletproof button's padding for Outlook for Windows is in
 *   `<!--[if mso]>` comments, which other clients ignore.
 * - `void-style`: React writes void elements self-closed (`<meta/>`), which HTML allows.
 * - `prefer-native-element`: the main landmark is `<div role="main">` because Gmail drops `<main>`.
 */
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'no-inline-style': 'off',
    'long-title': 'off',
    'no-deprecated-attr': 'off',
    'attr-case': 'off',
    'presentation-role-style': 'off',
    'no-conditional-comment': 'off',
    'void-style': 'off',
    'prefer-native-element': ['error', { exclude: ['main'] }],
  },
});

const problems = (html: string): string[] =>
  validator
    .validateStringSync(html)
    .results.flatMap((result) => result.messages)
    .map((message: Message) => `${message.line}:${message.column} ${message.ruleId}: ${message.message}`);

const hostile = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg/onload=alert(1)>", 'Tom &amp; Jerry </p></main>'];

describe('the text part of every template', () => {
  it.each(templateNames)('%s matches its reviewed snapshot', async (template) => {
    await expect(render(emailSamples[template]).text).toMatchFileSnapshot(`__snapshots__/emails/${template}.txt`);
  });
});

describe('the HTML part of every template', () => {
  it.each(templateNames)('%s is valid HTML', (template) => {
    expect(problems(render(emailSamples[template]).html)).toEqual([]);
  });

  for (const value of hostile) {
    it.each(templateNames)(`%s is valid HTML, and holds no markup from its data, when every field is ${JSON.stringify(value)}`, (template) => {
      const html = render(hostileSample(template, value)).html;
      expect(problems(html)).toEqual([]);
      expect(html.replace(/<!--\n-->/g, '').replace(/\s+/g, ' ')).not.toContain(value);
    });
  }

  it('the validator does catch what it is there for', () => {
    expect(problems('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p><div>x</div></p></body></html>')).not.toEqual([]);
  });
});
