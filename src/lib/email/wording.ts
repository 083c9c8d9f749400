// The built-in wording of every email, and the placeholders each string may use. A site changes
// wording in content/emails.yaml (which ships with this same wording); a string missing there
// keeps the text below. Which string an email uses when (a greeting with or without a name, an
// introduction or a recommendation) is decided in ./templates.ts.
import type { z } from 'zod';
import type { TemplateName } from '../domain/email-content.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { builtInText, type CopyOf, copyFileSchema, type MessageWording, message, type Overrides, phrase, text, withOverrides } from './copy.ts';

const sentBySiteToProvider = text('Sent by {siteName} to {providerName}, so that no referral goes unanswered.');

/** Every message and its strings; `common` holds what several emails share. */
export const wording = {
  common: message([], {
    greeting: text('Hi {name},', 'name'),
    greetingNoName: text('Hi there,'),
    privacy: text('How we handle your details'),
    forget: text('Erase my name and address'),
    dashboardLabel: text('Open your dashboard'),
    oneHour: phrase('1 hour'),
    hours: phrase('{hours} hours', 'hours'),
    days: phrase('{days} days', 'days'),
    actions: {
      intro: text('Record how it goes (each link asks you to confirm; the referrer only ever gets a short fixed note):'),
      contacted: text('Contacted'),
      met: text('First meeting held'),
      working: text('Working together'),
      declined: text("Didn't go ahead"),
      'hand-on': text('Hand on to a better-placed peer'),
    },
  }),
  'referrer-link': message(['providerName'], {
    subject: text('Your personal link to recommend {providerName}'),
    preheader: text('Share it with someone {providerName} could help.'),
    intro: text(
      "Here is your personal link for {providerName}. When someone opens it, they'll see that you suggested it, and when they get in touch we'll thank you straight away.",
    ),
    linkLabel: text('Your personal link'),
    sharePage: text(
      'If it helps, your share page has a message ready to send by email, text or WhatsApp (change it as you like), and a QR code to show or print.',
    ),
    sharePageLabel: text('Your share page'),
    onlyIfItHelps: text(
      'Share it only with people you think it could genuinely help. No one is paid for referrals, and nobody will ever ask for your contacts.',
    ),
    private: text("What they tell {providerName} stays between them: you'll only hear that they got in touch."),
    ownPage: text(
      'Your own page shows how the people you referred are getting on (no details, just where things stand), and lets you introduce someone directly if they already expect to hear from {providerName}. Keep this one to yourself:',
    ),
    ownPageLabel: text('Your referrals and introductions'),
    footer: text("You asked for this link on {siteName}. If it wasn't you, ignore this email: nothing else will be sent."),
  }),
  'referrer-thanks': message(['providerName', 'responseTime', 'referee'], {
    subject: text('Thank you for recommending {providerName}'),
    subjectIntroduction: text('Thank you for your introduction to {providerName}'),
    preheader: text('{referee} just got in touch with {providerName} through your link.'),
    preheaderIntroduction: text('{providerName} has your introduction.'),
    news: text('{referee} has just got in touch with {providerName} through your link. Thank you.'),
    newsIntroduction: text('We have told them about your introduction, and {providerName} has their details. Thank you.'),
    refereeUnnamed: phrase('Someone you recommended'),
    refereeUnnamedIntroduction: phrase('The person you introduced'),
    promise: text(
      'Whatever comes of it, recommendations like yours are how {providerName} meets the people they help best. {providerName} has promised to reply within {responseTime}.',
    ),
    promiseIntroduction: text(
      'Whatever comes of it, introductions like yours are how {providerName} meets the people they help best. {providerName} has promised to reply within {responseTime}.',
    ),
    private: text("Their conversation stays private; we'll only send you a short note if there's news worth sharing."),
    footer: text('Sent by {siteName} because someone used your personal link.'),
    footerIntroduction: text('Sent by {siteName} because you introduced someone to {providerName}.'),
    stopLabel: text('Stop emails about your referrals'),
  }),
  'referee-confirmation': message(['providerName', 'responseTime'], {
    subject: text('{providerName} will be in touch within {responseTime}'),
    preheader: text("Thanks for getting in touch. Here's what happens next."),
    thanks: text('Thank you for getting in touch with {providerName}.'),
    thanksOnSuggestion: text("Thank you for getting in touch with {providerName} on {referrerFirstName}'s suggestion.", 'referrerFirstName'),
    thanksHandedOn: text('Thank you for getting in touch with {providerName}, passed on by {handedOnBy} as you agreed.', 'handedOnBy'),
    promise: text(
      "{providerName} will contact you personally within {responseTime}, using the details you gave. There is no obligation: if it isn't the right fit, just say so.",
    ),
    bookingIntro: text('If you would rather pick a time yourself, {providerName} has a booking page.'),
    bookingLabel: text('Book a time with {providerName}'),
    private: text('What you wrote goes only to {providerName}.'),
    privateHandedOn: text(
      '{handedOnBy} read what you wrote and, as you agreed, passed it on to {providerName}; no one else sees it.',
      'handedOnBy',
    ),
    privateOnSuggestion: text(
      'What you wrote goes only to {providerName}. {referrerFirstName} is told that you got in touch, and your first name only if you allowed it.',
      'referrerFirstName',
    ),
    withdrawLabel: text('Changed your mind? Withdraw and have your details erased'),
    footer: text(
      'You receive this because you filled in a form on {siteName}. To have your details erased, use the link above or write to {privacyContact}.',
    ),
    footerHandedOn: text(
      'You receive this because you agreed to be passed on on {siteName}. To have your details erased, use the link above or write to {privacyContact}.',
    ),
  }),
  'provider-alert': message(['refereeName', 'referralId', 'responseTime', 'respondBy'], {
    subject: text('New referral: {refereeName}'),
    subjectRecommended: text('New referral: {refereeName}, recommended by {referrerName}', 'referrerName'),
    subjectIntroduction: text('New introduction: {refereeName}, introduced by {referrerName}', 'referrerName'),
    subjectHandedOn: text('Handed on to you by {handedOnBy}: {refereeName}', 'handedOnBy'),
    preheader: text('Please reply within {responseTime}.'),
    intro: text('{refereeName} would like to hear from you.'),
    introRecommended: text('{refereeName} would like to hear from you. {referrerName} recommended you.', 'referrerName'),
    introIntroduction: text(
      '{referrerName} has introduced {refereeName}, who knows and expects to hear from you. We have told them so, and that they can decline.',
      'referrerName',
    ),
    introHandedOn: text('{handedOnBy} thought you were better placed to help {refereeName}, who agreed to be passed on to you.', 'handedOnBy'),
    referrerUnnamed: phrase('a client'),
    referrerUnnamedAtStart: phrase('A client'),
    facts: {
      name: text('Name'),
      email: text('Email'),
      phone: text('Phone'),
      referredBy: text('Referred by'),
      kind: text('Kind'),
      replyBy: text('Reply by'),
    },
    referredByNobody: text('No one: they found your page directly'),
    kinds: {
      recommendation: text('Recommendation (they got in touch)'),
      introduction: text('Introduction (made by the referrer)'),
      direct: text('Came directly (they found your page)'),
    },
    reply: text('Reply to this email to answer {refereeName} directly. You promised a reply within {responseTime}; we have told them so.'),
    thankedWithFirstName: text(
      "We have thanked {referrerName} already and told them {refereeName}'s first name, as {refereeName} allowed. Please share nothing else about {refereeName} with {referrerName}.",
      'referrerName',
    ),
    thankedWithoutName: text(
      'We have thanked {referrerName} already, without saying who got in touch, as {refereeName} asked. Please keep it that way: share nothing about {refereeName} with {referrerName}.',
      'referrerName',
    ),
    thankedIntroduction: text(
      '{referrerName} made this introduction and has been thanked. {refereeName} has been told who introduced them, and that they can decline. Please share nothing {refereeName} tells you with {referrerName}.',
      'referrerName',
    ),
    footer: text('Referral {referralId} on {siteName}.'),
  }),
  'introduction-notice': message(['referrerName', 'providerName', 'profession', 'responseTime', 'retentionDays'], {
    subject: text('{referrerName} introduced you to {providerName}'),
    preheader: text('{providerName} will be in touch within {responseTime}. You can decline.'),
    intro: text('{referrerName} thought {providerName} ({profession}) could help you, and has introduced you.'),
    promise: text('{providerName} will contact you at this address within {responseTime}. There is no obligation at all.'),
    declineIntro: text("If you'd rather not hear from {providerName}, say so and we will erase your details straight away:"),
    declineLabel: text('Decline this introduction'),
    whereFrom: text(
      'Where your details came from: {referrerName} gave us your name and email address so that {providerName} can contact you about this introduction, and for nothing else. We keep them for at most {retentionDays} days if nothing comes of it. {referrerName} will not see what you and {providerName} discuss. You can object, or have your details erased, at any time with the link above or by writing to {privacyContact}.',
    ),
    whereFromNoLink: text(
      'Where your details came from: {referrerName} gave us your name and email address so that {providerName} can contact you about this introduction, and for nothing else. We keep them for at most {retentionDays} days if nothing comes of it. {referrerName} will not see what you and {providerName} discuss. You can object, or have your details erased, at any time or by writing to {privacyContact}.',
    ),
    footer: text('Sent by {siteName} because {referrerName} introduced you.', 'referrerName'),
    referrerUnnamed: phrase('someone you know'),
    referrerUnnamedAtStart: phrase('Someone you know'),
  }),
  'referrer-milestone': message(['providerName', 'referee'], {
    subject: text('News about your referral to {providerName}'),
    preheader: text('{note}', 'note'),
    notes: {
      contacted: text('{referee} and {providerName} are now in touch.'),
      met: text('{referee} has had a first meeting with {providerName}.'),
      working: text('{referee} and {providerName} are now working together. It started with you: thank you.'),
      declined: text("{referee} and {providerName} won't be working together this time."),
      'handed-on': text('{referee} agreed to be connected with another professional, whom {providerName} thought better placed to help.'),
      withdrawn: text('{referee} has decided not to take it further for now.'),
    },
    reasons: {
      'not-right-fit': text(
        "After talking it through, they agreed {providerName} wasn't the right fit. That is a good outcome when it's true, and your recommendation was still a kind one.",
      ),
      timing: text("The timing wasn't right for them just now. That can change, and your recommendation still counts."),
      'another-route': text('They decided to go another way. Thank you for thinking of {providerName}.'),
      unreachable: text("{providerName} wasn't able to reach them, so this one is closed for now."),
    },
    closing: text('We only ever send short notes like this one; what they discuss stays between them.'),
    closingHandedOn: text('Your recommendation still made the connection, and it stays yours.'),
    closingWithdrawn: text('Thank you for thinking of them all the same.'),
    refereeUnnamed: phrase('The person you referred'),
    footer: text('Sent by {siteName} because someone you referred to {providerName} has news.'),
    stopLabel: text('Stop these notes'),
  }),
  'handoff-request': message(['providerName', 'partnerName', 'partnerProfession', 'partnerHelpsBest'], {
    subject: text('{providerName} suggests {partnerName} for what you need'),
    preheader: text('May we pass your details on? Nothing is shared unless you say yes.'),
    intro: text(
      "Thank you for getting in touch with {providerName}. Having read what you need, they think {partnerName} ({partnerProfession}) is better placed to help you. Who {partnerName} helps best, in their own words: {partnerHelpsBest}",
    ),
    question: text(
      'May we pass your details and your message to {partnerName}? Nothing is shared unless you say yes. If you say no thanks, the referral closes and no one will contact you about it.',
    ),
    partnerPageLabel: text('Read about {partnerName}'),
    yesLabel: text('Yes, put me in touch with {partnerName}'),
    noLabel: text('No thanks'),
    footer: text('Sent by {siteName} for {providerName}.'),
  }),
  'referee-withdrew': message(['providerName', 'referralId', 'receivedOn'], {
    declined: {
      subject: text('An introduction of {receivedOn} was declined'),
      preheader: text('Please do not contact them.'),
      body: text(
        'The person introduced to you on {receivedOn} (referral {referralId}) has declined the introduction, and at their request their details have been erased from {siteName}. Please do not contact them, and delete their details from your own records.',
      ),
    },
    withdrawn: {
      subject: text('A referral of {receivedOn} was withdrawn'),
      preheader: text('Please do not contact them.'),
      body: text(
        'The person who got in touch on {receivedOn} (referral {referralId}) has changed their mind, and at their request their details have been erased from {siteName}. Please do not contact them, and delete their details from your own records.',
      ),
    },
    'refused-handoff': {
      subject: text('{refereeName} would rather not be handed on', 'refereeName'),
      subjectUnnamed: text('A referral of {receivedOn} will not be handed on'),
      preheader: text('The referral is closed.'),
      body: text(
        '{refereeName}, who got in touch on {receivedOn}, would rather not be passed on to your partner. Nothing was shared with your partner, and the referral is closed.',
        'refereeName',
      ),
      bodyUnnamed: text(
        'The person who got in touch on {receivedOn} (referral {referralId}) would rather not be passed on to your partner. Nothing was shared with your partner, and the referral is closed.',
      ),
    },
    footer: text('Sent by {siteName} to {providerName}.'),
  }),
  'provider-reminder': message(['providerName', 'refereeName', 'referralId', 'responseTime', 'respondBy'], {
    subject: text('Reminder: {refereeName} is waiting to hear from you'),
    subjectEscalation: text('Still waiting: {refereeName} was promised a reply within {responseTime}'),
    preheader: text('Promised by {respondBy}; no contact recorded yet.'),
    body: text('{refereeName} (referral {referralId}) was told you would be in touch within {responseTime}, by {respondBy}. No contact has been recorded yet.'),
    nudge: text(
      'If you have already been in touch, record it so we stop reminding you; otherwise, a short reply today keeps the promise made in your name.',
    ),
    nudgeEscalation: text(
      'This is the last reminder, sent to every notification address. If someone has already been in touch, please record it so nobody is chased.',
    ),
    footer: sentBySiteToProvider,
  }),
  'dashboard-sign-in': message(['providerName', 'minutes'], {
    subject: text('Sign in to your {siteName} dashboard'),
    preheader: text('The link works once, for {minutes} minutes.'),
    intro: text('Here is your link to sign in to the dashboard for {providerName}.'),
    buttonLabel: text('Sign in'),
    note: text("It works once, for {minutes} minutes. If you didn't ask for it, ignore this email: nobody can sign in without it."),
    footer: text('Sent by {siteName} because someone asked to sign in with this address.'),
  }),
  'delivery-failed': message(['providerName', 'attempts', 'reason'], {
    subject: text('We could not deliver {what}', 'what'),
    preheader: text('After {attempts} attempts, {what} did not go through.', 'what'),
    tried: text('We tried {tries} to send {what} for referral {referralId}, and it did not go through ({reason}).', 'tries', 'what', 'referralId'),
    triedNoReferral: text('We tried {tries} to send {what}, and it did not go through ({reason}).', 'tries', 'what'),
    triesOnce: phrase('once'),
    triesMany: phrase('{attempts} times', 'attempts'),
    nextStepProvider: text('Please check that your notification address accepts email from us, and look for the referral in your records.'),
    nextStep: text('If you can, let them know personally; we will not try again.'),
    what: {
      'referrer-link': phrase('a personal link to a referrer'),
      'referrer-thanks': phrase('the thank-you to a referrer'),
      'referee-confirmation': phrase('the confirmation to someone who was referred to you'),
      'provider-alert': phrase('a referral alert to you'),
      'introduction-notice': phrase('the introduction notice to someone introduced to you'),
      'referrer-milestone': phrase('a progress note to a referrer'),
      'handoff-request': phrase('the hand-off question to someone who was referred to you'),
      'referee-withdrew': phrase('a notice to you'),
      'provider-reminder': phrase('a reminder to you'),
      'dashboard-sign-in': phrase('a dashboard sign-in link'),
      other: phrase('an email'),
    },
    suppressed: {
      subject: text('We did not send {what}', 'what'),
      subjectLink: text('We did not send {referrerFirstName} the personal link they asked for', 'referrerFirstName'),
      preheader: {
        bounced: text('The address bounced, so we no longer write to it.'),
        complained: text('The address marked our email as spam, so we no longer write to it.'),
      },
      body: text('We did not send {what} for referral {referralId}: {because}, so we no longer write to it.', 'what', 'referralId', 'because'),
      bodyNoReferral: text('We did not send {what}: {because}, so we no longer write to it.', 'what', 'because'),
      bodyLink: text(
        'We did not send the personal link {referrerFirstName} asked for on your page: {because}, so we no longer write to that address.',
        'because',
        'referrerFirstName',
      ),
      because: {
        bounced: phrase('an earlier email of ours to that address bounced (the receiving server refused it as undeliverable)'),
        complained: phrase('the person at that address marked an earlier email of ours as spam'),
      },
      nextStepProvider: text('Please check the notification address in your provider settings, and look for the referral in your records.'),
      nextStep: text('If you can, reach them another way, such as by phone; they have not heard from us.'),
      nextStepLink: text(
        'If you know {referrerFirstName}, you could send them your page yourself, or ask them to request the link again with another address.',
        'referrerFirstName',
      ),
    },
    footer: sentBySiteToProvider,
  }),
  'webhook-problem': message(['providerName', 'endpointHost'], {
    gone: {
      subject: text('Your webhook at {endpointHost} is turned off'),
      preheader: text('It answered 410 Gone, so we stopped sending referral events to it.'),
      body: text(
        'Your webhook endpoint at {endpointHost} answered "410 Gone" (it no longer exists), so {siteName} stopped sending referral events to it. Referral alerts by email carry on as before.',
      ),
      nextStep: text('If it moved, put its new address in your content file; if it was a mistake, turn deliveries back on from your dashboard.'),
    },
    failing: {
      subject: text('Referral events are not reaching {endpointHost}'),
      preheader: text('We gave up on an event after {attempts} attempts.', 'attempts'),
      body: text(
        'We tried {attempts} times to post a referral event to your webhook at {endpointHost}, and gave up ({reason}). Your dashboard lists every delivery and how it went. We send this notice at most once a day.',
        'attempts',
        'reason',
      ),
      nextStep: text('Please check that the endpoint is up and accepts signed posts, then send a test event from your dashboard. Referral alerts by email are not affected.'),
    },
    footer: sentBySiteToProvider,
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

/** The schema of content/emails.yaml. */
export const EmailCopyFile = copyFileSchema(wording);

/** A copy file's content, checked against `EmailCopyFile` and laid over the built-in wording. */
export function parseEmailCopy(data: unknown): Result<EmailCopy, z.ZodError> {
  const parsed = EmailCopyFile.safeParse(data);
  return parsed.success ? ok(withOverrides(builtInCopy, parsed.data as Overrides<EmailCopy> | null)) : err(parsed.error);
}
