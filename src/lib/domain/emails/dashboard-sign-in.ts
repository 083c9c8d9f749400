// The single-use link a provider signs in to their dashboard with: sent only to an address their
// content file lists, as the file spells it, never as typed.
import { normaliseEmail } from '../addresses.ts';
import type { MessageDraft, ContentOf, Ids } from '../ports.ts';
import type { ProviderEntry } from '../provider.ts';
import { signInPath, TOKEN_LIFETIME_MS, type Tokens } from '../routes.ts';
import type { Compose } from './blocks.ts';
import { toProvider } from './recipients.ts';
import { message, text } from './copy.ts';
import type { Clock } from '../time.ts';

export const wording = message('To the provider: a link to sign in to their dashboard.', ['providerName', 'minutes'], {
  subject: text('Sign in to your {siteName} dashboard'),
  preheader: text('The link works once, for {minutes} minutes.'),
  intro: text('Here is your link to sign in to the dashboard for {providerName}.'),
  buttonLabel: text('Sign in'),
  note: text("It works once, for {minutes} minutes. If you didn't ask for it, ignore this email: nobody can sign in without it."),
  footer: text('Sent by {siteName} because someone asked to sign in with this address.'),
});

/**
 * The sign-in link `key` (one per provider, address and two minutes), asked for with `address`
 * (normalised): to the one notification address of the provider's that it is, as their content
 * file spells it, never as typed. Signing must be configured (the use case checks it).
 */
export function dashboardSignInEmail(deps: { tokens: Tokens; clock: Clock; ids: Ids }, key: string, provider: ProviderEntry, address: string): MessageDraft<'dashboard-sign-in'> {
  return {
    key,
    ...toProvider(provider, undefined, provider.notify.filter((a) => normaliseEmail(a) === address).slice(0, 1)),
    content: {
      template: 'dashboard-sign-in',
      providerName: provider.name,
      signInPath: signInPath(deps, provider.slug, deps.ids.nonce()) ?? '',
      minutes: TOKEN_LIFETIME_MS['sign-in'] / 60_000,
    },
  };
}

const compose: Compose<ContentOf<'dashboard-sign-in'>, typeof wording> = (content, write) => {
  const say = write.speak({ providerName: content.providerName, minutes: content.minutes });
  return {
    subject: say('subject'),
    preheader: say('preheader'),
    blocks: [
      write.greetProvider(content.providerName),
      { kind: 'p', text: say('intro') },
      { kind: 'button', label: say('buttonLabel'), href: write.url(content.signInPath) },
      { kind: 'p', text: say('note') },
    ],
    footer: [say('footer')],
  };
};

/** The dashboard sign-in link: its wording, builder and composition. */
export const dashboardSignIn = { wording, build: dashboardSignInEmail, compose };
