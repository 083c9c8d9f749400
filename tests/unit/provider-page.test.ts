// What a provider's page and dashboard are made from: the provider fields that present a
// person (validated with messages an author can act on, and shown in the sample providers),
// and the dashboard's charts, computed from its rows alone.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { emailPhotoOf } from '../../src/lib/domain/emails/blocks.ts';
import { Provider } from '../../src/lib/domain/provider.ts';
import { dashboardCharts, type DashboardRow, formatDuration, toCsv } from '../../src/lib/domain/use-cases/provider-dashboard.ts';

const base = {
  name: 'Ada Lovelace',
  profession: 'Analyst',
  headline: 'Notes on engines.',
  helpsBest: 'People with engines.',
  notRightFor: 'People without.',
  services: ['Analysis'],
  location: 'London',
  responseHours: 24,
  notify: ['ada@example.com'],
};
const problems = (extra: Record<string, unknown>) => {
  const parsed = Provider.safeParse({ ...base, ...extra });
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('the provider fields that present a person', () => {
  it('are all optional', () => {
    expect(problems({})).toEqual([]);
  });

  it('accept a full, realistic set', () => {
    expect(
      problems({
        photo: { src: '/photos/ada.jpg', alt: 'Ada at her desk' },
        credentials: ['Chartered Financial Planner (CII)'],
        registration: { body: 'Financial Conduct Authority', number: '912345', url: 'https://register.fca.org.uk/s/' },
        testimonials: [{ quote: 'Clear and kind.', firstName: 'Siobhán', context: 'Client since 2021', consentedOn: '2025-03-14' }],
        steps: [
          { title: 'Tell Ada', text: 'A few lines.' },
          { title: 'A call', text: 'Within a day.' },
          { title: 'A meeting', text: 'Free.' },
        ],
        bookingUrl: 'https://cal.com/ada/intro',
      }),
    ).toEqual([]);
  });

  it.each([
    [{ bookingUrl: 'http://cal.com/ada' }, 'bookingUrl: must be an https:// address'],
    [{ bookingUrl: 'javascript:alert(1)' }, 'bookingUrl: must be an https:// address'],
    [{ registration: { body: 'FCA', number: '<script>' } }, 'registration.number: must be a register number like 123456 (letters, digits, spaces, . / -)'],
    [{ registration: { body: 'FCA', number: '1', url: 'http://fca.org.uk' } }, 'registration.url: must be an https:// address'],
    [{ testimonials: [{ quote: 'Great.', firstName: 'Priya', context: 'Client' }] }, 'testimonials.0.consentedOn: must be the day the client agreed, as YYYY-MM-DD'],
    [{ testimonials: [{ quote: 'Great.', firstName: 'Priya', context: 'Client', consentedOn: '2025-02-30' }] }, 'testimonials.0.consentedOn: must be the day the client agreed, as YYYY-MM-DD'],
    [{ testimonials: [{ quote: 'Great.', firstName: 'Priya Shah of 12 High Street', context: 'Client', consentedOn: '2025-02-03' }] }, 'testimonials.0.firstName: must be a first name or initials (letters, spaces, apostrophes, hyphens, dots; at most 30)'],
    [{ steps: [{ title: 'One', text: 'Only one.' }] }, 'steps: must be exactly three steps, each with a title and a text'],
    [{ photo: { src: '/elsewhere/ada.jpg', alt: 'Ada' } }, 'photo.src: must be a path like /photos/jane.jpg (a file in content/photos/)'],
  ])('refuse %j with a message that names the field', (extra, message) => {
    expect(problems(extra)).toContain(message);
  });

  it('are shown in the sample providers, and every sample photo is a file in content/photos/', async () => {
    const { providers } = await loadContent(join(process.cwd(), 'content'));
    for (const field of ['photo', 'credentials', 'registration', 'testimonials', 'steps', 'bookingUrl'] as const) {
      expect(providers.some((p) => p[field] !== undefined), `a sample provider with ${field}`).toBe(true);
    }
    expect(providers.some((p) => p.photo === undefined), 'a sample provider without a photo (their initials show)').toBe(true);
    for (const p of providers) if (p.photo) expect(existsSync(join(process.cwd(), 'content', p.photo.src))).toBe(true);
  });
});

const row = (overrides: Partial<DashboardRow>): DashboardRow => ({
  id: 'r1',
  kind: 'recommendation',
  origin: 'recommendation',
  stage: 'new',
  refereeName: 'Zeb Quill',
  createdAt: '2030-03-10T00:00:00.000Z',
  respondBy: '2030-03-11T00:00:00.000Z',
  overdue: false,
  ...overrides,
});

describe('the dashboard charts', () => {
  const rows = [
    row({ createdAt: '2030-03-10T00:00:00.000Z', stage: 'working', furthest: 'working', hoursToFirstContact: 2, referrerFirstName: 'Amara', thanked: true }),
    row({ createdAt: '2030-03-02T00:00:00.000Z', kind: 'introduction', stage: 'declined', reason: 'timing', furthest: 'met', hoursToFirstContact: 30, referrerFirstName: 'Amara', thanked: true }),
    row({ createdAt: '2029-12-31T23:59:00.000Z', stage: 'contacted', furthest: 'contacted', hoursToFirstContact: 0.25, referrerFirstName: 'Chidi', thanked: false }),
    row({ createdAt: '2029-05-01T00:00:00.000Z', stage: 'new', overdue: true }),
    row({ createdAt: '2030-03-11T00:00:00.000Z', stage: 'new' }),
    row({ createdAt: '2030-01-05T00:00:00.000Z', stage: 'withdrawn' }),
  ];
  const charts = dashboardCharts(rows, { responseHours: 24 });

  it('count referrals per calendar month by kind, for the twelve months up to the latest, empty months included', () => {
    expect(charts.months.map((m) => m.month)).toEqual(['2029-04', '2029-05', '2029-06', '2029-07', '2029-08', '2029-09', '2029-10', '2029-11', '2029-12', '2030-01', '2030-02', '2030-03']);
    expect(charts.months.at(-1)).toMatchObject({ label: 'Mar 2030', recommendation: 2, introduction: 1 });
    expect(charts.months.find((m) => m.month === '2029-12')).toMatchObject({ recommendation: 1, introduction: 0 });
    expect(charts.months.find((m) => m.month === '2029-05')).toMatchObject({ recommendation: 1 });
  });

  it('count how far referrals got, whatever happened next, and why the closed ones closed', () => {
    expect(charts.funnel.map((s) => [s.step, s.count])).toEqual([['new', 6], ['contacted', 3], ['met', 2], ['working', 1]]);
    expect(charts.closed.filter((c) => c.count > 0)).toEqual([
      { key: 'timing', label: 'Timing', count: 1 },
      { key: 'withdrawn', label: 'They withdrew', count: 1 },
    ]);
  });

  it('set first contact against the promise', () => {
    expect(charts.contact).toEqual({ promiseHours: 24, onTime: 2, late: 1, waiting: 1, overdue: 1, medianHours: 2 });
  });

  it('rank referrers by referrals, with the thank-yous sent', () => {
    expect(charts.referrers).toEqual([
      { firstName: 'Amara', referrals: 2, thanked: 2 },
      { firstName: 'Chidi', referrals: 1, thanked: 0 },
    ]);
  });

  it('are the same for the same rows, in any order', () => {
    expect(dashboardCharts([...rows].reverse(), { responseHours: 24 })).toEqual(charts);
    expect(dashboardCharts([], { responseHours: 24 })).toMatchObject({ months: [], referrers: [], contact: { onTime: 0 } });
  });
});

describe('durations on the dashboard', () => {
  it('read in minutes under an hour, hours under two days, then days', () => {
    expect([0, 0.004, 0.25, 0.99, 1, 5.55, 47.9, 48, 200].map(formatDuration)).toEqual(['1 min', '1 min', '15 min', '59 min', '1 h', '5.6 h', '47.9 h', '2 days', '8 days']);
  });
});

describe('the CSV export', () => {
  it('carries the contact columns a provider needs to reply, empty once erased', () => {
    const lines = toCsv([row({ refereeEmail: 'zeb@example.com', refereePhone: '+44 113 496 0000' }), row({ id: 'r2' })]).split('\r\n');
    expect(lines[0]).toBe('"id","kind","stage","referee","email","phone","referred by","handed on by","received","respond by","hours to first contact"');
    expect(lines[1]).toContain(`"Zeb Quill","zeb@example.com","'+44 113 496 0000"`);
    expect(lines[2]).toContain('"Zeb Quill","",""');
  });
});

describe('emailPhotoOf', () => {
  it('gives emails a JPEG or PNG photo, and nothing for the formats mail clients do not show', () => {
    expect(emailPhotoOf({ photo: { src: '/photos/jane.jpg' } })).toBe('/photos/jane.jpg');
    expect(emailPhotoOf({ photo: { src: '/photos/jane.PNG' } })).toBe('/photos/jane.PNG');
    expect(emailPhotoOf({ photo: { src: '/photos/jane.webp' } })).toBeUndefined();
    expect(emailPhotoOf({ photo: { src: '/photos/jane.avif' } })).toBeUndefined();
    expect(emailPhotoOf({})).toBeUndefined();
  });
});
