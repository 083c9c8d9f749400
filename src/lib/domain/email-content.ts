/**
 * What each email says, as data. Use cases build these from records through the
 * redaction rules below; templates render only what is here, so an email cannot
 * carry a field that was never put in.
 */
export type EmailContent =
  | {
      template: 'referrer-link';
      /** Absent when the name typed is not fit to repeat (see `greetingName`). */
      referrerFirstName?: string;
      providerName: string;
      /** Path of the personal link, e.g. "/r/<code>". */
      linkPath: string;
      /** Path of the page to share it from, e.g. "/share/<code>/"; absent in messages queued before share pages existed. */
      sharePath?: string;
    }
  | {
      template: 'referrer-thanks';
      referrerFirstName?: string;
      providerName: string;
      responseHours: number;
      /** Only when the referee allowed it. */
      refereeFirstName?: string;
    }
  | {
      template: 'referee-confirmation';
      refereeFirstName?: string;
      providerName: string;
      responseHours: number;
      /** The referrer's first name, when the referral came through a link. */
      referrerFirstName?: string;
    }
  | {
      template: 'provider-alert';
      providerName: string;
      referralId: string;
      kind: 'recommendation' | 'introduction';
      refereeName: string;
      refereeEmail: string;
      refereePhone?: string;
      message: string;
      /** The referrer's full name, so the provider can thank them too. */
      referrerName?: string;
      responseHours: number;
      /** When the promised response is due, ISO 8601. */
      respondBy: string;
      shareFirstName: boolean;
    }
  | {
      template: 'delivery-failed';
      providerName: string;
      /** Who the undelivered email was for, by role only. */
      role: RecipientRole;
      /** The template of the undelivered email. */
      failedTemplate: string;
      /** The referral it was about, when there is one. */
      referralId?: string;
      attempts: number;
      reason: string;
    };

/** The name of a template. */
export type TemplateName = EmailContent['template'];

/** Who an email goes to, by role; recorded with the message for audits and erasure. */
export type RecipientRole = 'referrer' | 'referee' | 'provider';
