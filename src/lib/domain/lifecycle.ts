import { z } from 'zod';
import { err, ok, type Result } from './result.ts';
import { contactStages, type DeclineReason, declineReasons, progress, type Stage } from './stages.ts';
import { Slug } from './text.ts';

export { contactStages, type DeclineReason, declineReasons, type Stage, stages } from './stages.ts';

/** The provider's words for each stage, on the dashboard and the action pages. */
export const stageLabels: Record<Stage, string> = {
  new: 'New: not contacted yet',
  contacted: 'Contacted',
  met: 'First meeting held',
  working: 'Working together',
  'handoff-proposed': 'Hand-off offered, waiting for their consent',
  declined: "Didn't go ahead",
  'handed-on': 'Handed on to a better-placed peer',
  withdrawn: 'They withdrew',
};

/** The label of a referral closed because its referee would rather not be handed on (its stage is `withdrawn`). */
export const REFUSED_HANDOFF_LABEL = 'Closed: they would rather not be handed on';

/** Whether a withdrawn referral closed because its referee refused a hand-off: the step before was the offer. */
export const refusedHandoff = (referral: { stage: Stage; history: readonly { stage: Stage }[] }): boolean =>
  referral.stage === 'withdrawn' && referral.history.at(-2)?.stage === 'handoff-proposed';

/** The reason categories as a provider picks them. */
export const reasonLabels: Record<DeclineReason, string> = {
  'not-right-fit': 'Not the right fit',
  timing: 'Timing',
  'another-route': 'They chose another route',
  unreachable: "Couldn't reach them",
};

/**
 * What a referrer may see of a stage: a short fixed phrase. A pending hand-off reads as
 * "in touch": whether the referee accepts it is theirs to say.
 */
export const referrerStageLabels: Record<Stage, string> = {
  new: 'Waiting for first contact',
  contacted: 'In touch',
  met: 'Had a first meeting',
  working: 'Working together',
  'handoff-proposed': 'In touch',
  declined: "Didn't go ahead",
  'handed-on': 'Connected with someone better placed',
  withdrawn: "Didn't go ahead",
};

/** What a provider can record, as the action links and dashboard post it. */
export const ProviderAction = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('contacted') }),
    z.strictObject({ action: z.literal('met') }),
    z.strictObject({ action: z.literal('working') }),
    z.strictObject({
      action: z.literal('declined'),
      /** Why it did not go ahead, by category. */
      reason: z.enum(declineReasons, { error: 'Please choose why it did not go ahead.' }),
    }),
    z.strictObject({
      action: z.literal('hand-on'),
      /** The partner (a slug from the provider's `partners`) better placed to help. */
      partner: Slug,
    }),
  ],
  { error: 'Choose one of the actions offered.' },
);
export type ProviderAction = z.infer<typeof ProviderAction>;

/**
 * What a referee can answer: decline an introduction (or withdraw), accept or refuse a hand-off,
 * or, once the referral is closed, have their details erased without changing anything else.
 */
export const RefereeAnswer = z.enum(['decline', 'accept-handoff', 'refuse-handoff', 'erase'], {
  error: 'Choose one of the answers offered.',
});
export type RefereeAnswer = z.infer<typeof RefereeAnswer>;

/** A referee's answer as posted: the signed token from their email, and the answer. */
export const RefereeAnswerInput = z.strictObject({
  token: z.string({ error: 'This link is not valid.' }).max(600),
  answer: RefereeAnswer,
});

/** Any event that moves a referral. */
export type LifecycleEvent = ProviderAction | { action: RefereeAnswer };

const open: readonly Stage[] = ['new', 'contacted', 'met'];
const closed: readonly Stage[] = ['working', 'declined', 'handed-on', 'withdrawn'];

/** Whether a referral at `stage` is closed: nothing more can be recorded, only erasure asked for. */
export const isClosed = (stage: Stage): boolean => closed.includes(stage);

/** The provider actions that make sense from a stage, for the buttons a page offers. */
export function actionsFrom(stage: Stage): ProviderAction['action'][] {
  if (stage === 'handoff-proposed') return ['declined'];
  if (!open.includes(stage)) return [];
  const later = progress.slice(progress.indexOf(stage as (typeof progress)[number]) + 1) as ('contacted' | 'met' | 'working')[];
  return [...later, 'declined', 'hand-on'];
}

/** Whether an event may move a referral from `stage`; the refusal is a sentence for the person who tried. */
export function checkTransition(stage: Stage, event: LifecycleEvent): Result<Stage, { code: 'invalid_transition'; message: string }> {
  const refuse = (message: string) => err({ code: 'invalid_transition' as const, message });
  // Erasure is a right, not a step: it is open at every stage and moves nothing.
  if (event.action === 'erase') return ok(stage);
  if (isClosed(stage)) {
    return refuse(`This referral is closed (${stageLabels[stage].toLowerCase()}); nothing more can be recorded.`);
  }
  switch (event.action) {
    case 'contacted':
    case 'met':
    case 'working': {
      if (stage === 'handoff-proposed') return refuse('A hand-off is waiting for their answer; record progress once they have replied.');
      const from = progress.indexOf(stage as (typeof progress)[number]);
      const to = progress.indexOf(event.action);
      if (to === from) return refuse(`"${stageLabels[event.action]}" is already recorded.`);
      if (to < from) return refuse(`This referral is already at "${stageLabels[stage]}"; it can't go back to "${stageLabels[event.action]}".`);
      return ok(event.action);
    }
    case 'declined':
      return ok('declined');
    case 'hand-on':
      if (stage === 'handoff-proposed') return refuse('A hand-off is already waiting for their answer.');
      return ok('handoff-proposed');
    case 'decline':
      return ok('withdrawn');
    case 'accept-handoff':
    case 'refuse-handoff':
      if (stage !== 'handoff-proposed') return refuse('There is no hand-off waiting for an answer.');
      return ok(event.action === 'accept-handoff' ? 'handed-on' : 'withdrawn');
  }
}


/** What a step changes on a referral: its stage, its history, and when first contact was made. */
type Staged = { stage: Stage; history: { stage: Stage; at: string; by: 'provider' | 'referee' }[]; contactedAt?: string; updatedAt: string };

/** The referral after a step: its new stage, recorded in its history, with first contact timed. */
export function advance<R extends Staged>(referral: R, stage: Stage, by: 'provider' | 'referee', now: Date, changes: Partial<R> = {}): R {
  const at = now.toISOString();
  const contacted = !referral.contactedAt && contactStages.includes(stage);
  return {
    ...referral,
    ...changes,
    stage,
    ...(contacted ? { contactedAt: at } : {}),
    history: [...referral.history, { stage, at, by }],
    updatedAt: at,
  };
}
