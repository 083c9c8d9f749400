// The names a referral is described by: its stages and the reasons it did not go ahead (what the
// state machine, lifecycle.ts, which owns every rule about them, moves between), and how it came
// about. They import nothing, so that the records that count referrals by stage, and the emails
// that name where a referral came from, stay near the bottom of the domain.

/**
 * Where a referral stands (milestones, and the hand-off to a better-placed peer). The first four are progress, in
 * order; `handoff-proposed` waits for the referee's consent to be passed on; the last
 * three are closed.
 */
export const stages = ['new', 'contacted', 'met', 'working', 'handoff-proposed', 'declined', 'handed-on', 'withdrawn'] as const;
export type Stage = (typeof stages)[number];

/** Why a referral did not go ahead: categories only, never free text about the referee. */
export const declineReasons = ['not-right-fit', 'timing', 'another-route', 'unreachable'] as const;
export type DeclineReason = (typeof declineReasons)[number];

/** The stages of progress, in order: the dashboard's funnel and the only way a referral moves forward. */
export const progress = ['new', 'contacted', 'met', 'working'] as const;
export type Progress = (typeof progress)[number];

/** Stages that mean the provider has been in touch: for "time to first contact", and kept for the longer retention period. */
export const contactStages: readonly Stage[] = ['contacted', 'met', 'working'];

/** How a referral came about: a recommendation (the referee writes, from the referrer's link) or an introduction (the referrer writes about the referee). */
export type ReferralKind = 'recommendation' | 'introduction';

/**
 * Where a referral came from, as people are told: a recommendation, an introduction, or `direct`
 * when the person came straight to the provider's page (no referrer's link, no peer handed them
 * on). Stored referrals keep their kind; this is derived from it, so every record reads the same.
 */
export type ReferralOrigin = ReferralKind | 'direct';

export const originOf = (referral: { kind: ReferralKind; referrer?: string | undefined; handedOnFrom?: object | undefined; fromProvider?: string | undefined }): ReferralOrigin =>
  referral.kind === 'recommendation' && !referral.referrer && !referral.handedOnFrom && !referral.fromProvider ? 'direct' : referral.kind;

/** Each origin in a word or two, for tables and exports. */
export const originLabels: Record<ReferralOrigin, string> = { recommendation: 'Recommendation', introduction: 'Introduction', direct: 'Came directly' };
