import { describe, expect, it } from 'vitest';
import { summarise, toCsv, type DashboardRow } from '../../src/lib/domain/use-cases/provider-dashboard.ts';

describe('the dashboard summary and export', () => {
  const row = (overrides: Partial<DashboardRow>): DashboardRow => ({
    id: 'r1',
    kind: 'recommendation',
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
