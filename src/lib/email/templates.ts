import type { EmailContent, Unsubscribe } from '../domain/email-content.ts';
import type { Render } from '../domain/ports.ts';
import type { SiteSettings } from '../domain/provider.ts';
import type { SuppressionReason } from '../domain/suppression.ts';
import { type Block, type Composed, type FooterLine, layout } from './blocks.ts';
import { headerSafe } from './html.ts';

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
  'introduction-notice': 'the introduction notice to someone introduced to you',
  'referrer-milestone': 'a progress note to a referrer',
  'handoff-request': 'the hand-off question to someone who was referred to you',
  'referee-withdrew': 'a notice to you',
  'provider-reminder': 'a reminder to you',
  'dashboard-sign-in': 'a dashboard sign-in link',
};

/** The one-click milestone links in a provider's email: each opens a page that asks to confirm. */
function actionBlocks(actionsPath: string | undefined, links: Links): Block[] {
  if (!actionsPath) return [];
  const at = (action: string) => links.url(`${actionsPath}?do=${action}`);
  return [
    { kind: 'p', text: 'Record how it goes (each link asks you to confirm; the referrer only ever gets a short fixed note):' },
    {
      kind: 'links',
      items: [
        ['Contacted', at('contacted')],
        ['First meeting held', at('met')],
        ['Working together', at('working')],
        ["Didn't go ahead", at('declined')],
        ['Hand on to a better-placed peer', at('hand-on')],
      ],
    },
  ];
}

/** The footer link to a referrer's unsubscribe page, which asks what to stop (a GET never changes anything). */
const stopLink = (unsubscribe: Unsubscribe | undefined, label: string, links: Links): FooterLine[] =>
  unsubscribe ? [{ label, href: links.url(unsubscribe.pagePath) }] : [];

/**
 * One-click unsubscribe (RFC 8058): mail clients show an "Unsubscribe" button that POSTs
 * `List-Unsubscribe=One-Click` to the URL, with no page in between.
 */
const unsubscribeHeaders = (unsubscribe: Unsubscribe, links: Links): Record<string, string> => ({
  'List-Unsubscribe': `<${headerSafe(links.url(unsubscribe.oneClickPath))}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

/** All wording of every email, in one place. */
function compose(content: EmailContent, site: SiteSettings, links: Links): Composed {
  const privacy = `How we handle your details: ${links.url('/privacy/')}`;
  const forget = (path: string | undefined) => (path ? [`To have your name and address erased from ${site.siteName}: ${links.url(path)}`] : []);
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
          ...(content.pagePath
            ? [
                {
                  kind: 'p' as const,
                  text: `Your own page shows how the people you referred are getting on (no details, just where things stand), and lets you introduce someone directly if they already expect to hear from ${content.providerName}. Keep this one to yourself:`,
                },
                { kind: 'link' as const, label: 'Your referrals and introductions', href: links.url(content.pagePath) },
              ]
            : []),
        ],
        footer: [
          `You asked for this link on ${site.siteName}. If it wasn't you, ignore this email: nothing else will be sent.`,
          ...forget(content.forgetPath),
          privacy,
        ],
      };
    }
    case 'referrer-thanks': {
      const who = content.refereeFirstName ?? (content.introduction ? 'The person you introduced' : 'Someone you recommended');
      const happened = content.introduction
        ? `We have told them about your introduction, and ${content.providerName} has their details.`
        : `${who} has just got in touch with ${content.providerName} through your link.`;
      return {
        subject: content.introduction ? `Thank you for your introduction to ${content.providerName}` : `Thank you for recommending ${content.providerName}`,
        preheader: content.introduction ? `${content.providerName} has your introduction.` : `${who} just got in touch with ${content.providerName} through your link.`,
        blocks: [
          { kind: 'p', text: `Hi ${content.referrerFirstName ?? 'there'},` },
          { kind: 'p', text: `${happened} Thank you.` },
          {
            kind: 'p',
            text: `Whatever comes of it, recommendations like yours are how ${content.providerName} meets the people they help best. They have promised to reply within ${formatHours(content.responseHours)}.`,
          },
          {
            kind: 'p',
            text: `Their conversation stays private; we'll only send you a short note if there's news worth sharing.`,
          },
        ],
        footer: [`Sent by ${site.siteName} because someone used your personal link.`, ...forget(content.forgetPath), privacy, ...stopLink(content.unsubscribe, 'Stop emails about your referrals', links)],
      };
    }
    case 'referee-confirmation': {
      const via = content.handedOnBy
        ? `, passed on by ${content.handedOnBy} as you agreed`
        : content.referrerFirstName
          ? ` on ${content.referrerFirstName}'s suggestion`
          : '';
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
          ...(content.respondPath
            ? [
                {
                  kind: 'links' as const,
                  items: [['Changed your mind? Withdraw and have your details erased', links.url(content.respondPath)]] as [string, string][],
                },
              ]
            : []),
        ],
        footer: [
          `You receive this because you ${content.handedOnBy ? 'agreed to be passed on' : 'filled in a form'} on ${site.siteName}. To have your details erased, use the link above or write to ${site.privacyContact}.`,
          privacy,
        ],
      };
    }
    case 'provider-alert': {
      const respondBy = new Date(content.respondBy).toUTCString().replace(/:\d\d GMT$/, ' UTC');
      return {
        subject: content.handedOnBy
          ? `Handed on to you by ${content.handedOnBy}: ${content.refereeName}`
          : content.kind === 'introduction'
            ? `New introduction: ${content.refereeName}, introduced by ${content.referrerName ?? 'a client'}`
            : `New referral: ${content.refereeName}${content.referrerName ? `, recommended by ${content.referrerName}` : ''}`,
        preheader: `Please reply within ${formatHours(content.responseHours)}.`,
        blocks: [
          { kind: 'p', text: `Hi ${content.providerName.split(/\s+/)[0]},` },
          {
            kind: 'p',
            text: content.handedOnBy
              ? `${content.handedOnBy} thought you were better placed to help ${content.refereeName}, who agreed to be passed on to you.`
              : content.kind === 'introduction'
                ? `${content.referrerName ?? 'A client'} has introduced ${content.refereeName}, who knows and expects to hear from you. We have told them so, and that they can decline.`
                : content.referrerName
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
              ['Kind', content.kind === 'introduction' ? 'Introduction (made by the referrer)' : 'Recommendation (they got in touch)'],
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
          ...actionBlocks(content.actionsPath, links),
        ],
        footer: [`Referral ${content.referralId} on ${site.siteName}.`],
      };
    }
    case 'introduction-notice': {
      const decline = content.respondPath ? links.url(content.respondPath) : undefined;
      return {
        subject: `${content.referrerName} introduced you to ${content.providerName}`,
        preheader: `${content.providerName} will be in touch within ${formatHours(content.responseHours)}. You can decline.`,
        blocks: [
          { kind: 'p', text: `Hi ${content.refereeFirstName ?? 'there'},` },
          {
            kind: 'p',
            text: `${content.referrerName} thought ${content.providerName} (${content.profession}) could help you, and has introduced you. This is what they wrote:`,
          },
          { kind: 'quote', text: content.context },
          {
            kind: 'p',
            text: `${content.providerName} will contact you at this address within ${formatHours(content.responseHours)}. There is no obligation at all.`,
          },
          ...(decline
            ? [
                { kind: 'p' as const, text: `If you'd rather not hear from ${content.providerName}, say so and we will erase your details straight away:` },
                { kind: 'links' as const, items: [['Decline this introduction', decline]] as [string, string][] },
              ]
            : []),
          {
            kind: 'p',
            text: `Where your details came from: ${content.referrerName} gave us your name and email address so that ${content.providerName} can contact you about this introduction, and for nothing else. We keep them for at most ${content.retentionDays} days if nothing comes of it. ${content.referrerName} will not see what you and ${content.providerName} discuss. You can object, or have your details erased, at any time${decline ? ' with the link above' : ''} or by writing to ${site.privacyContact}.`,
          },
        ],
        footer: [`Sent by ${site.siteName} because ${content.referrerName} introduced you.`, privacy],
      };
    }
    case 'referrer-milestone': {
      const who = content.refereeFirstName ?? 'The person you referred';
      const provider = content.providerName;
      const news: Record<typeof content.stage, string> = {
        contacted: `${who} and ${provider} are now in touch.`,
        met: `${who} has had a first meeting with ${provider}.`,
        working: `${who} and ${provider} are now working together. It started with you: thank you.`,
        declined: `${who} and ${provider} won't be working together this time.`,
        'handed-on': `${provider} thought someone else was better placed to help, and, with their agreement, connected them with ${content.partnerName ?? 'a trusted colleague'}.`,
        withdrawn: `${who} has decided not to take it further for now.`,
      };
      const why: Record<NonNullable<typeof content.reason>, string> = {
        'not-right-fit': `After talking it through, they agreed ${provider} wasn't the right fit. That is a good outcome when it's true, and your recommendation was still a kind one.`,
        timing: `The timing wasn't right for them just now. That can change, and your recommendation still counts.`,
        'another-route': `They decided to go another way. Thank you for thinking of ${provider}.`,
        unreachable: `${provider} wasn't able to reach them, so this one is closed for now.`,
      };
      const closing =
        content.stage === 'declined' && content.reason
          ? why[content.reason]
          : content.stage === 'handed-on'
            ? 'Your recommendation still made the connection, and it stays yours.'
            : content.stage === 'withdrawn'
              ? 'Thank you for thinking of them all the same.'
              : 'We only ever send short notes like this one; what they discuss stays between them.';
      return {
        subject: `News about your referral to ${provider}`,
        preheader: news[content.stage],
        blocks: [
          { kind: 'p', text: `Hi ${content.referrerFirstName ?? 'there'},` },
          { kind: 'p', text: news[content.stage] },
          { kind: 'p', text: closing },
        ],
        footer: [`Sent by ${site.siteName} because someone you referred to ${provider} has news.`, ...forget(content.forgetPath), privacy, ...stopLink(content.unsubscribe, 'Stop these notes', links)],
      };
    }
    case 'handoff-request': {
      const respond = links.url(content.respondPath);
      return {
        subject: `${content.providerName} suggests ${content.partnerName} for what you need`,
        preheader: `May we pass your details on? Nothing is shared unless you say yes.`,
        blocks: [
          { kind: 'p', text: `Hi ${content.refereeFirstName ?? 'there'},` },
          {
            kind: 'p',
            text: `Thank you for getting in touch with ${content.providerName}. Having read what you need, they think ${content.partnerName} (${content.partnerProfession}) is better placed to help you. In ${content.partnerName}'s words, they help best: ${content.partnerHelpsBest}`,
          },
          {
            kind: 'p',
            text: `May we pass your details and your message to ${content.partnerName}? Nothing is shared unless you say yes, and you can also say no thanks.`,
          },
          { kind: 'button', label: 'Answer', href: respond },
        ],
        footer: [`Sent by ${site.siteName} for ${content.providerName}.`, privacy],
      };
    }
    case 'referee-withdrew':
      return {
        subject:
          content.why === 'declined' ? `An introduction was declined (referral ${content.referralId})` : `They would rather not be handed on (referral ${content.referralId})`,
        preheader: content.why === 'declined' ? 'Please do not contact them.' : 'The referral is closed.',
        blocks: [
          { kind: 'p', text: `Hi ${content.providerName.split(/\s+/)[0]},` },
          {
            kind: 'p',
            text:
              content.why === 'declined'
                ? `The person in referral ${content.referralId} has declined, and at their request their details have been erased from ${site.siteName}. Please do not contact them, and delete the details from your own records.`
                : `The person in referral ${content.referralId} would rather not be passed on to your partner. Nothing was shared with your partner, and the referral is closed.`,
          },
        ],
        footer: [`Sent by ${site.siteName} to ${content.providerName}.`],
      };
    case 'provider-reminder': {
      const respondBy = new Date(content.respondBy).toUTCString().replace(/:\d\d GMT$/, ' UTC');
      return {
        subject: content.escalation
          ? `Still waiting: ${content.refereeName} was promised a reply within ${formatHours(content.responseHours)}`
          : `Reminder: ${content.refereeName} is waiting to hear from you`,
        preheader: `Promised by ${respondBy}; no contact recorded yet.`,
        blocks: [
          { kind: 'p', text: `Hi ${content.providerName.split(/\s+/)[0]},` },
          {
            kind: 'p',
            text: `${content.refereeName} (referral ${content.referralId}) was told you would be in touch within ${formatHours(content.responseHours)}, by ${respondBy}. No contact has been recorded yet.`,
          },
          {
            kind: 'p',
            text: content.escalation
              ? 'This is the last reminder, sent to every notification address. If someone has already been in touch, please record it so nobody is chased.'
              : 'If you have already been in touch, record it so we stop reminding you; otherwise, a short reply today keeps the promise made in your name.',
          },
          ...actionBlocks(content.actionsPath, links),
        ],
        footer: [`Sent by ${site.siteName} to ${content.providerName}, so that no referral goes unanswered.`],
      };
    }
    case 'dashboard-sign-in':
      return {
        subject: `Sign in to your ${site.siteName} dashboard`,
        preheader: `The link works once, for ${content.minutes} minutes.`,
        blocks: [
          { kind: 'p', text: `Hi ${content.providerName.split(/\s+/)[0]},` },
          { kind: 'p', text: `Here is your link to sign in to the dashboard for ${content.providerName}.` },
          { kind: 'button', label: 'Sign in', href: links.url(content.signInPath) },
          { kind: 'p', text: `It works once, for ${content.minutes} minutes. If you didn't ask for it, ignore this email: nobody can sign in without it.` },
        ],
        footer: [`Sent by ${site.siteName} because someone asked to sign in with this address.`],
      };
    case 'delivery-failed': {
      const what = failedLabels[content.failedTemplate] ?? 'an email';
      if (content.suppressed) return suppressedNotice(content, content.suppressed, what, site);
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

const suppressedBecause: Record<SuppressionReason, string> = {
  bounced: 'an earlier email of ours to that address bounced (the receiving server refused it as undeliverable)',
  complained: 'the person at that address marked an earlier email of ours as spam',
};

/** The notice for an email never sent because its address bounced or complained before: why, and what to do instead. */
function suppressedNotice(
  content: Extract<EmailContent, { template: 'delivery-failed' }>,
  reason: SuppressionReason,
  what: string,
  site: SiteSettings,
): Composed {
  return {
    subject: `We did not send ${what}`,
    preheader: `The address ${reason === 'bounced' ? 'bounced' : 'marked our email as spam'}, so we no longer write to it.`,
    blocks: [
      { kind: 'p', text: `Hi ${content.providerName.split(/\s+/)[0]},` },
      {
        kind: 'p',
        text: `We did not send ${what}${content.referralId ? ` for referral ${content.referralId}` : ''}: ${suppressedBecause[reason]}, so we no longer write to it.`,
      },
      {
        kind: 'p',
        text:
          content.role === 'provider'
            ? 'Please check the notification address in your provider settings, and look for the referral in your records.'
            : 'If you can, reach them another way, such as by phone; they have not heard from us.',
      },
    ],
    footer: [`Sent by ${site.siteName} to ${content.providerName}, so that no referral goes unanswered.`],
  };
}

/** The renderer the use cases are given: site settings for sender and brand, a base URL for links. */
export function createRenderer(site: SiteSettings, baseUrl: string): Render {
  const render = createPreviewer(site, baseUrl);
  return (content) => {
    const { preheader: _, ...email } = render(content);
    return email;
  };
}

/** Renders an email as the renderer does, plus its preheader (the line inboxes show after the subject): for the preview page. */
export function createPreviewer(site: SiteSettings, baseUrl: string): (content: EmailContent) => ReturnType<Render> & { preheader: string } {
  const links: Links = { url: (path) => `${baseUrl}${path}` };
  return (content) => {
    const composed = compose(content, site, links);
    const unsubscribe = 'unsubscribe' in content ? content.unsubscribe : undefined;
    return {
      from: site.sender,
      ...layout(composed, { siteName: site.siteName, colour: site.brandColour }),
      tags: [{ name: 'template', value: content.template }],
      ...(unsubscribe ? { headers: unsubscribeHeaders(unsubscribe, links) } : {}),
      preheader: composed.preheader,
    };
  };
}
