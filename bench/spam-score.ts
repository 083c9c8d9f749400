// SpamAssassin's score of every email template (`npm run check:spam`; needs Debian's
// spamassassin: `apt-get install -y spamassassin`, about 2 minutes). Each template is rendered
// as the functions render it, with its sample data and with the longest data, wrapped in a
// multipart/alternative message as Resend sends it, and scored with local rules only
// (`spamassassin -t -L`). Exits 1 when any email scores above 0.
import { spawnSync } from 'node:child_process';
import { createRenderer } from '../src/lib/email/render.ts';
import { emailSamples, hostileSample, templateNames } from '../src/lib/email/samples.ts';
import { builtInCopy } from '../src/lib/domain/emails/index.ts';
import { site } from '../tests/fixtures/domain.ts';

const render = createRenderer(site, site.baseUrl, builtInCopy);
const boundary = 'vouch-alternative';

function message(email: ReturnType<typeof render>, n: number): string {
  const headers = [
    `From: ${email.from}`,
    'To: someone@example.org',
    `Subject: ${email.subject}`,
    `Date: ${new Date('2030-03-05T09:30:00Z').toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <vouch-${n}@example.com>`,
    ...Object.entries(email.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const part = (type: string, body: string) => `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`;
  return `${headers.join('\r\n')}\r\n\r\n${part('text/plain', email.text)}\r\n${part('text/html', email.html)}\r\n--${boundary}--\r\n`;
}

const long = 'Maximiliana Wolfeschlegelsteinhausenbergerdorff';
let worst = 0;
let n = 0;
for (const template of templateNames) {
  for (const [variant, content] of [['sample', emailSamples[template]], ['long data', hostileSample(template, long)]] as const) {
    const result = spawnSync('spamassassin', ['-t', '-L'], { input: message(render(content), ++n), encoding: 'utf8' });
    if (result.error || result.status === null) {
      console.error('spamassassin did not run: install it with `apt-get install -y spamassassin`.');
      process.exit(2);
    }
    const score = Number(/^X-Spam-Status: \w+, score=(-?[\d.]+)/m.exec(result.stdout)?.[1] ?? Number.NaN);
    const rules = /^X-Spam-Status: .*?tests=([^\n]*(?:\n\t[^\n]*)*)/m.exec(result.stdout)?.[1]?.replace(/\s+/g, ' ').trim() ?? '';
    worst = Number.isNaN(score) ? Number.POSITIVE_INFINITY : Math.max(worst, score);
    console.log(`${template} (${variant}): ${Number.isNaN(score) ? 'no score' : score.toFixed(1)} ${rules}`);
  }
}
console.log(worst > 0 ? `Highest score ${worst}: above 0.` : 'Every email scores 0.0 or less.');
process.exit(worst > 0 ? 1 : 0);
