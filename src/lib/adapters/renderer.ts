// The email renderer with the site's wording: React Email, react-dom's server renderer and the
// schema of every email's wording. A function loads this module on its first email, which goes
// after its answer, rather than with the function (see `createDeps`).
import type { Render } from '../domain/ports.ts';
import type { SiteSettings } from '../domain/provider.ts';
import { getEmailCopy } from '../content/emails.ts';
import { createRenderer } from '../email/render.ts';

const renderers = new Map<string, Render>();

/** The renderer for a site and a base URL of links, made once per instance. */
export function rendererFor(site: SiteSettings, baseUrl: string): Render {
  let render = renderers.get(baseUrl);
  if (!render) {
    render = createRenderer(site, baseUrl, getEmailCopy());
    renderers.set(baseUrl, render);
  }
  return render;
}
