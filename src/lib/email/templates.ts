import type { EmailContent } from '../domain/email-content.ts';
import type { Render } from '../domain/ports.ts';
import type { SiteSettings } from '../domain/provider.ts';
import { type Composed, layout } from './blocks.ts';

/** "24 hours", "2 days": a promised response time as people say it. */
export function formatHours(hours: number): string {
  if (hours >= 48 && hours % 24 === 0) return `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

type Links = { url: (path: string) => string };

const failedLabels: Record<string, string> = {
  'referrer-link': 'a personal link to a referrer',
  'referrer-thanks': 'the thank-you to a referrer',
  'referee-confirmation': 'the confirmation to someone who was referred to you',
  'provider-alert': 'a referral alert to you',
};

/** All wording of every email, in one place. */
function compose(content: EmailContent, site: SiteSettings, links: Links): Composed {
  const privacy = `How we handle your details: ${links.url('/privacy/')}`;
  switch (content.template) {
    case 'referrer-link': {
      const link = links.url(content.linkPath);
      return {
        subject: `Your personal link to recommend ${content.providerName}`,
        preheader: `Share it with someone ${content.providerName} could help.`,
        blocks: [
          { kind: 'p', text: `Hi ${content.referrerFirstName ?? 'there'},` },
          {
            kind: 'p',
            text: `Here is your personal link for ${content.providerName}. When someone opens it, they'll see that you suggested it, and when they get in touch we'll thank you straight away.`,
          },
          { kind: 'button', label: 'Your personal link', href: link },
          ...(content.sharePath
            ? [
                {
                  kind: 'p' as const,
                  text: `If it helps, your share page has a message ready to send by email, text or WhatsApp (change it as you like), and a QR code to show or print.`,
                },
                { kind: 'link' as const, label: 'Your share page', href: links.url(content.sharePath) },
              ]
            : []),
          {
            kind: 'p',
            text: `Share it only with people you think it could genuinely help. No one is paid for referrals, and nobody will ever ask for your contacts.`,
          },
          {
            kind: 'p',
            text: `What they tell ${content.providerName} stays between them: you'll only hear that they got in touch.`,
          },
        ],
        footer: [
          `You asked for this link on ${site.siteName}. If it wasn't you, ignore this email: nothing else will be sent.`,
          privacy,
        ],
      };
    }
    case 'referrer-thanks': {
      const who = content.refereeFirstName ?? 'Someone you recommended';
      return {
        subject: `Thank you for recommending ${content.providerName}`,
        preheader: `${who} just got in touch with ${content.providerName} through your link.`,
        blocks: [
          { kind: 'p', text: `Hi ${content.referrerFirstName ?? 'there'},` },
          { kind: 'p', text: `${who} has just got in touch with ${content.providerName} through your link. Thank you.` },
          {
            kind: 'p',
            text: `Whatever comes of it, recommendations like yours are how ${content.providerName} meets the people they help best. They have promised to reply within ${formatHours(content.responseHours)}.`,
          },
          {
            kind: 'p',
            text: `Their conversation stays private; we'll only send you a short note if there's news worth sharing.`,
          },
        ],
        footer: [`Sent by ${site.siteName} because someone used your personal link.`, privacy],
      };
    }
    case 'referee-confirmation': {
      const via = content.referrerFirstName ? ` on ${content.referrerFirstName}'s suggestion` : '';
      return {
        subject: `${content.providerName} will be in touch within ${formatHours(content.responseHours)}`,
        preheader: `Thanks for getting in touch. Here's what happens next.`,
        blocks: [
          { kind: 'p', text: `Hi ${content.refereeFirstName ?? 'there'},` },
          { kind: 'p', text: `Thank you for getting in touch with ${content.providerName}${via}.` },
          {
            kind: 'p',
            text: `${content.providerName} will contact you personally within ${formatHours(content.responseHours)}, using the details you gave. There is no obligation: if it isn't the right fit, just say so.`,
          },
          {
            kind: 'p',
            text: content.referrerFirstName
              ? `What you wrote goes only to ${content.providerName}. ${content.referrerFirstName} is told that you got in touch, and your first name only if you allowed it.`
              : `What you wrote goes only to ${content.providerName}.`,
          },
        ],
        footer: [
          `You receive this because you filled in a form on ${site.siteName}. To have your details erased, write to ${site.privacyContact}.`,
          privacy,
        ],
      };
    }
    case 'provider-alert': {
      const respondBy = new Date(content.respondBy).toUTCString().replace(/:\d\d GMT$/, ' UTC');
      return {
        subject: `New referral: ${content.refereeName}${content.referrerName ? `, recommended by ${content.referrerName}` : ''}`,
        preheader: `Please reply within ${formatHours(content.responseHours)}.`,
        blocks: [
          { kind: 'p', text: `Hi ${content.providerName.split(/\s+/)[0]},` },
          {
            kind: 'p',
            text: content.referrerName
              ? `${content.refereeName} would like to hear from you. ${content.referrerName} recommended you.`
              : `${content.refereeName} would like to hear from you.`,
          },
          {
            kind: 'facts',
            rows: [
              ['Name', content.refereeName],
              ['Email', content.refereeEmail],
              ...(content.refereePhone ? ([['Phone', content.refereePhone]] as [string, string][]) : []),
              ['Referred by', content.referrerName ?? 'No one: they found your page directly'],
              ['Reply by', respondBy],
            ],
          },
          { kind: 'quote', text: content.message },
          {
            kind: 'p',
            text: `Reply to this email to answer ${content.refereeName} directly. You promised a reply within ${formatHours(content.responseHours)}; we have told them so.`,
          },
          ...(content.referrerName
            ? [
                {
                  kind: 'p' as const,
                  text: `We have thanked ${content.referrerName} already${content.shareFirstName ? ', with their first name, as they allowed' : ', without saying who got in touch, as they asked'}. Keep their details to yourself.`,
                },
              ]
            : []),
        ],
        footer: [`Referral ${content.referralId} on ${site.siteName}.`],
      };
    }
    case 'delivery-failed': {
      const what = failedLabels[content.failedTemplate] ?? 'an email';
      return {
        subject: `We could not deliver ${what}`,
        preheader: `After ${content.attempts} attempts, ${what} did not go through.`,
        blocks: [
          { kind: 'p', text: `Hi ${content.providerName.split(/\s+/)[0]},` },
          {
            kind: 'p',
            text: `We tried ${content.attempts === 1 ? 'once' : `${content.attempts} times`} to send ${what}${content.referralId ? ` for referral ${content.referralId}` : ''}, and it did not go through (${content.reason.replace(/_/g, ' ')}).`,
          },
          {
            kind: 'p',
            text:
              content.role === 'provider'
                ? 'Please check that your notification address accepts email from us, and look for the referral in your records.'
                : `If you can, let them know personally; we will not try again.`,
          },
        ],
        footer: [`Sent by ${site.siteName} to ${content.providerName}, so that no referral goes unanswered.`],
      };
    }
  }
}

/** The renderer the use cases are given: site settings for sender and brand, a base URL for links. */
export function createRenderer(site: SiteSettings, baseUrl: string): Render {
  const links: Links = { url: (path) => `${baseUrl}${path}` };
  return (content) => ({
    from: site.sender,
    ...layout(compose(content, site, links), { siteName: site.siteName, colour: site.brandColour }),
    tags: [{ name: 'template', value: content.template }],
  });
}
