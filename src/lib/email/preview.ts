// The preview page's view of an email (/dev/emails/): the email exactly as the renderer sends
// it, plus what a reviewer needs beside it: its preheader (the line inboxes show after the
// subject, which the sent email carries only inside its HTML) and its HTML as a client in dark
// mode shows it.
import type { EmailContent, Render } from '../domain/ports.ts';
import { composeEmail, type EmailCopy } from '../domain/emails/index.ts';
import type { SiteSettings } from '../domain/provider.ts';
import { inDarkMode } from './layout.ts';
import { createRenderer } from './render.ts';

/** An email as the preview page shows it. */
export type Preview = ReturnType<Render> & { preheader: string; darkHtml: string };

/** The previewer: the renderer, wrapped. */
export function createPreviewer(site: SiteSettings, baseUrl: string, copy: EmailCopy): (content: EmailContent) => Preview {
  const render = createRenderer(site, baseUrl, copy);
  const url = (path: string) => `${baseUrl}${path}`;
  return (content) => {
    const email = render(content);
    return { ...email, preheader: composeEmail(content, { copy, site, url }).preheader, darkHtml: inDarkMode(email.html) };
  };
}
