import { describe, expect, it } from 'vitest';
import { summarise, toCsv, type DashboardRow } from '../../src/lib/domain/use-cases/provider-dashboard.ts';
import { refusedHandoff } from '../../src/lib/domain/lifecycle.ts';
import { originOf } from '../../src/lib/domain/stages.ts';

describe('the dashboard summary and export', () => {
  const row = (overrides: Partial<DashboardRow>): DashboardRow => ({
    id: 'r1',
    kind: 'recommendation',
    origin: 'recommendation',
    stage: 'new',
    refereeName: 'Zeb Quill',
    createdAt: '2030-01-01T00:00:00.000Z',
    respondBy: '2030-01-02T00:00:00.000Z',
    overdue: false,
    ...overrides,
  });

  it('counts by stage and takes the median time to first contact', () => {
    const summary = summarise([row({ stage: 'contacted', hoursToFirstContact: 2 }), row({ stage: 'met', hoursToFirstContact: 10 }), row({}), row({ stage: 'working', hoursToFirstContact: 4 })]);
    expect(summary.byStage).toMatchObject({ new: 1, contacted: 1, met: 1, working: 1, declined: 0 });
    expect(summary.medianHoursToFirstContact).toBe(4);
    expect(summarise([]).medianHoursToFirstContact).toBeUndefined();
  });

  it('writes RFC 4180 CSV in which nothing a person typed runs as a formula', () => {
    const csv = toCsv([row({ refereeName: '=cmd|"/c calc"!A1', referrerFirstName: '+Amara' }), row({ id: 'r2', refereeName: 'Ann "Nan" Lee' })]);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`"'=cmd|""/c calc""!A1","","","'+Amara"`);
    expect(lines[2]).toContain('"Ann ""Nan"" Lee"');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('where a referral came from', () => {
  const base = { kind: 'recommendation' as const };
  it('is "came directly" only when no referrer, no peer and no provider sent them', () => {
    expect(originOf(base)).toBe('direct');
    expect(originOf({ ...base, referrer: 'AbCdEfGhIjKlMnOpQr_-12' })).toBe('recommendation');
    expect(originOf({ ...base, handedOnFrom: { provider: 'jane-okafor', referral: 'r1' } })).toBe('recommendation');
    expect(originOf({ ...base, fromProvider: 'marcus-lee' })).toBe('recommendation');
    expect(originOf({ kind: 'introduction', referrer: 'AbCdEfGhIjKlMnOpQr_-12' })).toBe('introduction');
  });

  it('reads as words in the export', () => {
    const csv = toCsv([
      { id: 'r1', kind: 'recommendation', origin: 'direct', stage: 'new', refereeName: 'Zeb Quill', createdAt: '2030-01-01T00:00:00.000Z', respondBy: '2030-01-02T00:00:00.000Z', overdue: false },
    ]);
    expect(csv.split('\r\n')[1]).toMatch(/^"r1","Came directly","New: not contacted yet"/);
  });
});

describe('a referral closed by a refused hand-off', () => {
  it('is told apart from one its referee declined, by the step before', () => {
    const at = '2030-01-01T00:00:00.000Z';
    expect(refusedHandoff({ stage: 'withdrawn', history: [{ stage: 'handoff-proposed' }, { stage: 'withdrawn' }] })).toBe(true);
    expect(refusedHandoff({ stage: 'withdrawn', history: [{ stage: 'contacted' }, { stage: 'withdrawn' }] })).toBe(false);
    expect(refusedHandoff({ stage: 'withdrawn', history: [] })).toBe(false);
    expect(refusedHandoff({ stage: 'handed-on', history: [{ stage: 'handoff-proposed' }, { stage: 'handed-on' }] })).toBe(false);
    const csv = toCsv([{ id: 'r1', kind: 'recommendation', origin: 'recommendation', stage: 'withdrawn', refusedHandoff: true, refereeName: 'Zeb Quill', createdAt: at, respondBy: at, overdue: false }]);
    expect(csv.split('\r\n')[1]).toMatch(/^"r1","Recommendation","Closed: they would rather not be handed on"/);
  });
});
