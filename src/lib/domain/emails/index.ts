// Every email, by template name: each one's file beside this one holds its builder (who gets it,
// what it holds, the redaction rule), its composition (which strings, which blocks) and its
// built-in wording. Here they are collected in one map typed over every template name, so that a
// template without its file does not compile, and with them the copy a site has: the built-in
// wording with content/emails.yaml laid over it. src/lib/email renders what they compose.
import type { EmailContent, TemplateName } from '../ports.ts';
import { err, ok, type Result } from '../result.ts';
import type { z } from 'zod';
import type { Composed, Writer } from './blocks.ts';
import { commonWording, type Setting, writerFor, type EmailTemplate } from './common.ts';
import { builtInText, type CopyOf, copyFileSchema, type MessageWording, type Overrides, withOverrides } from './copy.ts';
import { dashboardSignIn } from './dashboard-sign-in.ts';
import { deliveryFailed } from './delivery-failed.ts';
import { handoffRequest } from './handoff-request.ts';
import { introductionNotice } from './introduction-notice.ts';
import { providerAlert } from './provider-alert.ts';
import { providerReminder } from './provider-reminder.ts';
import { refereeConfirmation } from './referee-confirmation.ts';
import { refereeWithdrew } from './referee-withdrew.ts';
import { referrerLink } from './referrer-link.ts';
import { referrerMilestone } from './referrer-milestone.ts';
import { referrerThanks } from './referrer-thanks.ts';
import { webhookProblem } from './webhook-problem.ts';

/** Every template, by name. */
export const emailTemplates = {
  'referrer-link': referrerLink,
  'referrer-thanks': referrerThanks,
  'referee-confirmation': refereeConfirmation,
  'provider-alert': providerAlert,
  'introduction-notice': introductionNotice,
  'referrer-milestone': referrerMilestone,
  'handoff-request': handoffRequest,
  'referee-withdrew': refereeWithdrew,
  'provider-reminder': providerReminder,
  'dashboard-sign-in': dashboardSignIn,
  'delivery-failed': deliveryFailed,
  'webhook-problem': webhookProblem,
} satisfies { [T in TemplateName]: EmailTemplate<T> };

/** Every message's wording, by name: the templates' and `common`, what several share (in the order `npm run emails:wording` prints them). */
export const wording = {
  common: commonWording,
  ...(Object.fromEntries(Object.entries(emailTemplates).map(([name, template]) => [name, template.wording])) as {
    [T in TemplateName]: (typeof emailTemplates)[T]['wording'];
  }),
} satisfies Record<'common' | TemplateName, MessageWording>;

/** The messages, by name. */
export type Messages = typeof wording;

/** The name of a message: a template, or `common`. */
export type MessageName = keyof Messages;

/** The wording of every email, as a site has it: built in, with content/emails.yaml laid over it. */
export type EmailCopy = CopyOf<{ [M in MessageName]: Messages[M]['words'] }>;

/** The built-in wording of every email. */
export const builtInCopy: EmailCopy = builtInText(wording);

/** The schema of content/emails.yaml: any string of any message, each checked for the placeholders it may use. */
export const EmailCopyFile = copyFileSchema(wording);

/** A copy file's content, checked against `EmailCopyFile` and laid over the built-in wording. */
export function parseEmailCopy(data: unknown): Result<EmailCopy, z.ZodError> {
  const parsed = EmailCopyFile.safeParse(data);
  return parsed.success ? ok(withOverrides(builtInCopy, parsed.data as Overrides<EmailCopy> | null)) : err(parsed.error);
}

/** What composing an email needs: the site's copy of every message, its settings, and where links lead. */
export type Composing = Omit<Setting, 'common'> & { copy: EmailCopy };

/** An email composed by its template, from its content, with the site's wording. */
export function composeEmail(content: EmailContent, { copy, site, url }: Composing): Composed {
  const template = emailTemplates[content.template];
  // Each template composes its own content with a kit of its own wording: the map's type keeps them apart, one cast joins them here.
  const compose = template.compose as (content: EmailContent, write: Writer<MessageWording>) => Composed;
  return compose(content, writerFor<MessageWording>(copy[content.template] as CopyOf<MessageWording['words']>, { common: copy.common, site, url }));
}
