import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, loadContent } from '../../src/lib/content/load.ts';
import { Provider, SiteSettings } from '../../src/lib/domain/provider.ts';
import { builtInCopy } from '../../src/lib/domain/emails/index.ts';
import { site } from '../fixtures/domain.ts';

const FIXTURES = join('tests', 'fixtures', 'content');
const fixture = (name: string) => join(process.cwd(), FIXTURES, name);
const shown = (name: string, ...rest: string[]) => join(FIXTURES, name, ...rest);

/** The ContentError a folder raises. */
async function problemsOf(name: string): Promise<ContentError> {
  const error = await loadContent(fixture(name)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContentError);
  return error as ContentError;
}

describe('loadContent with valid content', () => {
  it('loads site settings and providers, with slugs from file names and defaults filled in', async () => {
    const { site, providers } = await loadContent(fixture('valid'));
    expect(site).toEqual({
      siteName: 'Fixture Referrals',
      description: 'A small site for tests.',
      baseUrl: 'https://fixture.example.com',
      sender: 'Fixture Referrals <hello@fixture.example.com>',
      brandColour: '#1f6feb',
      privacyContact: 'privacy@fixture.example.com',
      retention: { unprogressedDays: 180, allDays: 730 },
      introductionsPerDay: 3,
      timeZone: 'UTC',
    });
    expect(providers.map((p) => p.slug)).toEqual(['ada-lovelace', 'grace-hopper']);
    const [ada, grace] = providers;
    expect(ada).toMatchObject({
      name: 'Ada Lovelace',
      responseHours: 24,
      notify: ['ada@fixture.example.com'],
      partners: ['grace-hopper'],
      services: ['Analysis', 'Notes on programs'],
    });
    expect(grace).toMatchObject({ partners: [], referralFees: 'none' });
  });

  it('gives every email its built-in wording when there is no emails.yaml', async () => {
    expect((await loadContent(fixture('valid'))).emails).toEqual(builtInCopy);
  });

  it('loads the real content/ folder: at least three providers of different professions, partners that exist', async () => {
    const { site, providers } = await loadContent(join(process.cwd(), 'content'));
    expect(site.siteName.length).toBeGreaterThan(0);
    expect(providers.length).toBeGreaterThanOrEqual(3);
    expect(new Set(providers.map((p) => p.profession)).size).toBeGreaterThanOrEqual(3);
    const slugs = new Set(providers.map((p) => p.slug));
    for (const provider of providers) for (const partner of provider.partners) expect(slugs).toContain(partner);
  });
});

describe('time zones', () => {
  it('take an IANA name for a provider and the site, default the site to UTC, and name a wrong one plainly', () => {
    expect(SiteSettings.parse({ ...site, timeZone: 'America/New_York' }).timeZone).toBe('America/New_York');
    const { timeZone: _, ...without } = site;
    expect(SiteSettings.parse(without).timeZone).toBe('UTC');
    for (const zone of ['Mars/Olympus_Mons', 'GMT+25', '', 'Europe/London; DROP']) {
      const result = SiteSettings.safeParse({ ...site, timeZone: zone });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.message).toMatch(/must be an IANA time zone such as "Europe\/London"/);
    }
    expect(Provider.shape.timeZone.safeParse('Pacific/Chatham').success).toBe(true);
    expect(Provider.shape.timeZone.safeParse('Atlantis/Lost').success).toBe(false);
  });
});

describe('retention settings', () => {
  it('keep what a site sets, fill in a missing half, and refuse a total period shorter than the unprogressed one', () => {
    expect(SiteSettings.parse({ ...site, retention: { unprogressedDays: 90, allDays: 365 } }).retention).toEqual({ unprogressedDays: 90, allDays: 365 });
    expect(SiteSettings.parse({ ...site, retention: { unprogressedDays: 30 } }).retention).toEqual({ unprogressedDays: 30, allDays: 730 });
    const short = SiteSettings.safeParse({ ...site, retention: { unprogressedDays: 400, allDays: 365 } });
    expect(short.success).toBe(false);
    expect(short.error!.issues[0]).toMatchObject({ path: ['retention', 'allDays'], message: 'allDays must be at least unprogressedDays' });
  });
});

describe('introductions per day', () => {
  it('default to 3, keep what a site sets, and refuse zero or a fraction', () => {
    const { introductionsPerDay: _unset, ...bare } = site;
    expect(SiteSettings.parse(bare).introductionsPerDay).toBe(3);
    expect(SiteSettings.parse({ ...site, introductionsPerDay: 5 }).introductionsPerDay).toBe(5);
    expect(SiteSettings.safeParse({ ...site, introductionsPerDay: 0 }).success).toBe(false);
    expect(SiteSettings.safeParse({ ...site, introductionsPerDay: 1.5 }).success).toBe(false);
  });
});

describe('loadContent with broken content', () => {
  it('names the file and the field when a provider has no responseHours', async () => {
    const error = await problemsOf('missing-response-hours');
    expect(error.problems).toEqual([
      expect.stringMatching(new RegExp(`^${escape(shown('missing-response-hours', 'providers', 'ada-lovelace.md'))}: responseHours: .*number`)),
    ]);
    expect(error.message).toContain(`${shown('missing-response-hours', 'providers', 'ada-lovelace.md')}: responseHours:`);
  });

  it('names the file and the field when a value has the wrong type', async () => {
    const error = await problemsOf('wrong-type');
    expect(error.problems).toEqual([
      expect.stringMatching(new RegExp(`^${escape(shown('wrong-type', 'providers', 'ada-lovelace.md'))}: responseHours: .*number`)),
    ]);
  });

  it('names an unknown field', async () => {
    const error = await problemsOf('unknown-field');
    expect(error.problems).toEqual([`${shown('unknown-field', 'providers', 'ada-lovelace.md')}: favouriteColour: is not a known field`]);
  });

  it('names a partner that does not exist', async () => {
    const error = await problemsOf('unknown-partner');
    expect(error.problems).toEqual([
      `${shown('unknown-partner', 'providers', 'ada-lovelace.md')}: partners.0: no provider "charles-babbage" in ${shown('unknown-partner', 'providers')}`,
    ]);
  });

  it('names the file whose frontmatter is not valid YAML', async () => {
    const error = await problemsOf('bad-yaml');
    expect(error.problems).toEqual([
      expect.stringMatching(new RegExp(`^${escape(shown('bad-yaml', 'providers', 'grace-hopper.md'))}: frontmatter is not valid YAML: .+`)),
    ]);
  });

  it('names a file whose name is not a slug', async () => {
    const error = await problemsOf('bad-file-name');
    expect(error.problems).toEqual([
      `${shown('bad-file-name', 'providers', 'Grace_Hopper.md')}: the file name must be a slug like jane-doe.md`,
    ]);
  });

  it('names emails.yaml and the string when a placeholder has a typo', async () => {
    const error = await problemsOf('bad-email-copy');
    expect(error.problems).toEqual([
      `${shown('bad-email-copy', 'emails.yaml')}: referrer-link.subject: {providerNmae} is not a placeholder this text can use; it can use {siteName}, {privacyContact}, {providerName}`,
    ]);
  });

  it('names site.json and the colour field when the brand colour is not #rrggbb', async () => {
    const error = await problemsOf('bad-colour');
    expect(error.problems).toEqual([`${shown('bad-colour', 'site.json')}: brandColour: must be a colour like #1f6feb`]);
  });

  it('shows paths relative to the project, never absolute ones', async () => {
    for (const name of ['missing-response-hours', 'wrong-type', 'unknown-field', 'unknown-partner', 'bad-yaml', 'bad-file-name', 'bad-colour', 'bad-email-copy']) {
      const error = await problemsOf(name);
      expect(error.name).toBe('ContentError');
      expect(error.message).not.toContain(process.cwd());
      expect(error.message).toMatch(/^Content has 1 problem:\n {2}- tests\//);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
