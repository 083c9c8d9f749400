import { describe, expect, it } from 'vitest';
import type { Referral } from '../../src/lib/domain/referral.ts';
import { referralFixture } from '../fixtures/domain.ts';
import { actionsFrom, advance, checkTransition, contactStages, type LifecycleEvent, type Stage, stages } from '../../src/lib/domain/lifecycle.ts';

const to = (stage: Stage, event: LifecycleEvent) => {
  const result = checkTransition(stage, event);
  return result.ok ? result.value : result.error.message;
};

describe('the referral state machine', () => {
  it('moves forward through contacted, first meeting and working together, skipping steps if need be', () => {
    expect(to('new', { action: 'contacted' })).toBe('contacted');
    expect(to('contacted', { action: 'met' })).toBe('met');
    expect(to('met', { action: 'working' })).toBe('working');
    expect(to('new', { action: 'working' })).toBe('working');
  });

  it('refuses a step already recorded or a step back, saying which', () => {
    expect(to('contacted', { action: 'contacted' })).toBe('"Contacted" is already recorded.');
    expect(to('met', { action: 'contacted' })).toBe('This referral is already at "First meeting held"; it can\'t go back to "Contacted".');
  });

  it('closes for good after working together, a decline, a hand-off or a withdrawal', () => {
    for (const closed of ['working', 'declined', 'handed-on', 'withdrawn'] as const) {
      for (const event of [{ action: 'contacted' }, { action: 'declined', reason: 'timing' }, { action: 'decline' }] as LifecycleEvent[]) {
        expect(to(closed, event)).toMatch(/^This referral is closed/);
      }
    }
  });

  it('lets a referee erase their details at any stage, open or closed, without moving it', () => {
    for (const stage of ['new', 'handoff-proposed', 'working', 'withdrawn', 'handed-on'] as const) expect(to(stage, { action: 'erase' })).toBe(stage);
  });

  it('offers a hand-off from an open stage, and waits for the referee before anything else but a decline', () => {
    expect(to('contacted', { action: 'hand-on', partner: 'marcus-lee' })).toBe('handoff-proposed');
    expect(to('handoff-proposed', { action: 'hand-on', partner: 'marcus-lee' })).toBe('A hand-off is already waiting for their answer.');
    expect(to('handoff-proposed', { action: 'met' })).toMatch(/waiting for their answer/);
    expect(to('handoff-proposed', { action: 'accept-handoff' })).toBe('handed-on');
    expect(to('handoff-proposed', { action: 'refuse-handoff' })).toBe('withdrawn');
    expect(to('handoff-proposed', { action: 'declined', reason: 'unreachable' })).toBe('declined');
    expect(to('new', { action: 'accept-handoff' })).toBe('There is no hand-off waiting for an answer.');
  });

  it('lets the referee withdraw while the referral is open', () => {
    for (const open of ['new', 'contacted', 'met', 'handoff-proposed'] as const) expect(to(open, { action: 'decline' })).toBe('withdrawn');
  });

  it('offers exactly the provider actions the machine accepts', () => {
    for (const stage of stages) {
      for (const action of actionsFrom(stage)) {
        const event = (action === 'declined' ? { action, reason: 'timing' } : action === 'hand-on' ? { action, partner: 'p' } : { action }) as LifecycleEvent;
        expect(checkTransition(stage, event).ok, `${stage} → ${action}`).toBe(true);
      }
    }
    expect(actionsFrom('new')).toEqual(['contacted', 'met', 'working', 'declined', 'hand-on']);
    expect(actionsFrom('working')).toEqual([]);
  });
});

describe('a step of a referral', () => {
  const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 0, minutes));
  const start: Referral = referralFixture(at(0), { stage: 'new', history: [] });

  it('starts without a first contact', () => expect(start.contactedAt).toBeUndefined());

  it('records each stage in the history and times first contact once, at the first stage that means contact', () => {
    const proposed = advance(start, 'handoff-proposed', 'provider', at(1));
    expect(proposed.contactedAt).toBeUndefined();
    const met = advance(proposed, 'met', 'provider', at(2));
    expect(met.contactedAt).toBe(at(2).toISOString());
    const working = advance(met, 'working', 'provider', at(3));
    expect(working.contactedAt).toBe(at(2).toISOString());
    expect(working.history.map((step) => [step.stage, step.by])).toEqual([
      ['handoff-proposed', 'provider'],
      ['met', 'provider'],
      ['working', 'provider'],
    ]);
    expect(working.updatedAt).toBe(at(3).toISOString());
  });

  it('counts as contact exactly the stages the state machine calls contact', () => {
    for (const stage of stages) expect(advance(start, stage, 'provider', at(1)).contactedAt !== undefined, stage).toBe(contactStages.includes(stage));
  });
});
