// The names of a referral's stages and of the reasons it did not go ahead: what the state machine
// (lifecycle.ts, which owns every rule about them) moves between. They import nothing, so that
// the records that count referrals by stage stay near the bottom of the domain.

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
