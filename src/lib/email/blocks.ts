import { escapeHtml, headerSafe } from './html.ts';

/** The parts an email is made of; each renders to both HTML and plain text. */
export type Block =
  | { kind: 'p'; text: string }
  /** A button; `copyLine` ("Or copy this address: …") shows the address for mail clients that hide links. */
  | { kind: 'button'; label: string; href: string; copyLine: string }
  | { kind: 'link'; label: string; href: string }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'quote'; text: string }
  /** A short list of links, each with a label. */
  | { kind: 'links'; items: [label: string, href: string][] };

/** A line of the footer: plain text, or a link (such as "Stop these notes"). */
export type FooterLine = string | { label: string; href: string };

/** A composed email before layout. */
export type Composed = { subject: string; preheader: string; blocks: Block[]; footer: FooterLine[] };

/** The look of every email. */
export type Brand = { siteName: string; colour: string };

const FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

function blockHtml(block: Block, brand: Brand): string {
  switch (block.kind) {
    case 'p':
      return `<p style="margin:0 0 16px;font-size:16px;line-height:1.5">${escapeHtml(block.text)}</p>`;
    case 'button':
      return `<p style="margin:24px 0"><a href="${escapeHtml(block.href)}" style="display:inline-block;background:${brand.colour};color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(block.label)}</a></p><p style="margin:0 0 16px;font-size:13px;word-break:break-all">${escapeHtml(block.copyLine)}</p>`;
    case 'link':
      return `<p style="margin:0 0 16px;font-size:16px;line-height:1.5"><a href="${escapeHtml(block.href)}" style="color:${brand.colour};font-weight:600">${escapeHtml(block.label)}</a></p>`;
    case 'facts':
      // A data table (labels in row headers), so no role="presentation": that would hide the headers from screen readers.
      return `<table style="border-collapse:collapse;margin:0 0 16px;font-size:15px"><tbody>${block.rows
        .map(
          ([label, value]) =>
            `<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;vertical-align:top">${escapeHtml(label)}</th><td style="padding:4px 0">${escapeHtml(value)}</td></tr>`,
        )
        .join('')}</tbody></table>`;
    case 'links':
      return `<ul style="margin:0 0 16px;padding-left:20px;font-size:15px;line-height:1.8">${block.items
        .map(([label, href]) => `<li><a href="${escapeHtml(href)}" style="color:${brand.colour}">${escapeHtml(label)}</a></li>`)
        .join('')}</ul>`;
    case 'quote':
      return `<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid ${brand.colour};white-space:pre-wrap;font-size:15px">${escapeHtml(block.text)}</blockquote>`;
  }
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'p':
      return block.text;
    case 'button':
    case 'link':
      return `${block.label}:\n${block.href}`;
    case 'facts':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
    case 'links':
      return block.items.map(([label, href]) => `- ${label}: ${href}`).join('\n');
    case 'quote':
      return block.text
        .split(/\r?\n/)
        .map((line) => `> ${line}`)
        .join('\n');
  }
}

const footerHtml = (line: FooterLine): string =>
  typeof line === 'string' ? escapeHtml(line) : `<a href="${escapeHtml(line.href)}" style="color:inherit">${escapeHtml(line.label)}</a>`;

/** Lays out a composed email as a subject, an accessible HTML part and a real plain-text part. */
export function layout(email: Composed, brand: Brand): { subject: string; html: string; text: string } {
  const subject = headerSafe(email.subject);
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;${FONT}">
<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(email.preheader)}</div>
<main style="max-width:560px;margin:0 auto;padding:24px 16px">
<p style="margin:0 0 24px;font-weight:700;color:${brand.colour}">${escapeHtml(brand.siteName)}</p>
${email.blocks.map((block) => blockHtml(block, brand)).join('\n')}
<hr style="border:none;border-top:1px solid #8884;margin:32px 0 16px">
${email.footer.map((line) => `<p style="margin:0 0 8px;font-size:13px;line-height:1.4">${footerHtml(line)}</p>`).join('\n')}
</main>
</body>
</html>
`;
  const footer = email.footer.map((line) => (typeof line === 'string' ? line : `${line.label}: ${line.href}`));
  const text = `${[...email.blocks.map(blockText), '--', ...footer].join('\n\n')}\n`;
  return { subject, html, text };
}
