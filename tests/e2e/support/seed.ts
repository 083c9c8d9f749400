// Fixed data for the screenshot tests: a year of 200 referrals to Sofia Marín with the longest
// names the schemas allow, and a referrer of Jane's with a long first name, a fixed code and
// referrals of their own. Written straight into the files of the local Blobs server that
// `npm start` runs (.netlify/blobs-serve), with the keys the product itself uses, so that the
// pages read it as they read anything else. The same ids every run: writing again changes nothing.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DeclineReason } from '../../../src/lib/domain/lifecycle.ts';
import { limits } from '../../../src/lib/domain/limits.ts';
import type { Referral, Referrer, StageChange } from '../../../src/lib/domain/referral.ts';
import { referralKeys, indexKeys } from '../../../src/lib/domain/records/referrals.ts';
import { createTokens } from '../../../src/lib/adapters/tokens.ts';
import type { TokenPurpose } from '../../../src/lib/domain/routes.ts';

const blobsDir = join(process.cwd(), '.netlify', 'blobs-serve', 'entries');

/** A name exactly as long as the forms accept. */
const longest = (base: string) => {
  let name = base;
  while (name.length < limits.name) name = `${name} ${base}`;
  return name.slice(0, limits.name).trim();
};

const refereeNames = [
  longest('María de los Ángeles Castellanos-Villalobos'),
  'Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessenschafewarenwohlgepflegt',
  'Priya Raghunathan',
  'Tom Okoro',
  'Siobhán Ní Mhaoldomhnaigh',
  'Li Wei',
  'Ólafur Ragnar Grímsson',
  'Anne-Sophie van der Berg-Hoogendoorn',
  'Dan Smith',
  'Nguyễn Thị Minh Khai',
];

/** Sofia's referrers: first names only reach the dashboard. */
const sofiasReferrers: Referrer[] = [
  ['Bartholomew-Maximilian Featherstonehaugh', 'sofiaShotReferrer0001a'],
  ['Amara Okonkwo', 'sofiaShotReferrer0002b'],
  ['Chidi Anagonye', 'sofiaShotReferrer0003c'],
  ['Wen Zhou', 'sofiaShotReferrer0004d'],
  ['Siobhán Kelly', 'sofiaShotReferrer0005e'],
  ['Priya Shah', 'sofiaShotReferrer0006f'],
].map(([name, code]) => ({ code: code!, provider: 'sofia-marin', name: name!, email: `${code!.toLowerCase()}@example.com`, createdAt: '2024-12-01T09:00:00.000Z' }));

/** Jane's referrer with a fixed code: their personal link, share page, card and own page. */
export const janesReferrer: Referrer = {
  code: 'janeShotReferrer00001a',
  provider: 'jane-okafor',
  name: 'Maximiliana-Konstantina Wolfeschlegelstein',
  email: 'maximiliana.shot@example.com',
  createdAt: '2025-01-10T09:00:00.000Z',
};

/** A tiny deterministic random source (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hours = (iso: string, h: number) => new Date(Date.parse(iso) + h * 3_600_000).toISOString();

function referral(i: number, rand: () => number): Referral {
  // 200 referrals through 2025, more of them as the year goes on.
  const day = Math.floor(Math.sqrt(rand()) * 364);
  const createdAt = new Date(Date.UTC(2025, 0, 1 + day, 8 + Math.floor(rand() * 10), Math.floor(rand() * 60))).toISOString();
  const id = `${Date.parse(createdAt).toString(36)}-shot${String(i).padStart(3, '0')}`;
  const referrer = rand() < 0.8 ? sofiasReferrers[Math.floor(rand() ** 1.6 * sofiasReferrers.length)] : undefined;
  const roll = rand();
  const history: StageChange[] = [];
  let stage: Referral['stage'] = 'new';
  let contactedAt: string | undefined;
  let reason: DeclineReason | undefined;
  if (roll > 0.08) {
    const after = rand() < 0.15 ? 0.2 + rand() * 0.7 : rand() < 0.8 ? 1 + rand() * 60 : 73 + rand() * 90;
    contactedAt = hours(createdAt, after);
    history.push({ stage: 'contacted', at: contactedAt, by: 'provider' });
    stage = 'contacted';
    if (roll > 0.35) {
      history.push({ stage: 'met', at: hours(createdAt, after + 120), by: 'provider' });
      stage = 'met';
    }
    if (roll > 0.62) {
      history.push({ stage: 'working', at: hours(createdAt, after + 300), by: 'provider' });
      stage = 'working';
    }
    if (roll > 0.2 && roll <= 0.3) {
      reason = (['not-right-fit', 'timing', 'another-route'] as const)[Math.floor(rand() * 3)];
      history.push({ stage: 'declined', at: hours(createdAt, after + 150), by: 'provider' });
      stage = 'declined';
    }
  } else if (roll > 0.05) {
    reason = 'unreachable';
    history.push({ stage: 'declined', at: hours(createdAt, 200), by: 'provider' });
    stage = 'declined';
  }
  const name = refereeNames[i % refereeNames.length]!;
  return {
    id,
    provider: 'sofia-marin',
    kind: rand() < 0.25 ? 'introduction' : 'recommendation',
    ...(referrer ? { referrer: referrer.code } : {}),
    referee: {
      name,
      email: `referee.${i}@example.com`,
      ...(i % 3 === 0 ? { phone: '+44 (0)113 496 0000' } : {}),
      message: 'I have spent twelve years in marketing and would like to move into product management without starting again.',
    },
    consent: { contact: true, shareFirstName: i % 2 === 0 },
    selfReferral: false,
    thankReferrer: Boolean(referrer) && i % 11 !== 0,
    stage,
    ...(reason ? { reason } : {}),
    ...(contactedAt ? { contactedAt } : {}),
    history,
    createdAt,
    updatedAt: history.at(-1)?.at ?? createdAt,
  };
}

/** Sofia's 200 referrals, the same every run. */
export const sofiasReferrals: Referral[] = (() => {
  const rand = random(20250101);
  return Array.from({ length: 200 }, (_, i) => referral(i, rand));
})();

/** The newest of Sofia's referrals still waiting for first contact: the one the action page shows. */
export const waitingReferral = sofiasReferrals.filter((r) => r.stage === 'new').sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!;

/** The referrals Jane's fixed referrer made: stages only reach their page. */
const janesReferrals: Referral[] = (['new', 'contacted', 'met', 'working', 'declined'] as const).map((stage, i) => {
  const createdAt = new Date(Date.UTC(2025, 1 + i * 2, 3 + i, 10)).toISOString();
  return {
    id: `${Date.parse(createdAt).toString(36)}-janeshot${i}`,
    provider: 'jane-okafor',
    kind: i === 2 ? 'introduction' : 'recommendation',
    referrer: janesReferrer.code,
    referee: { name: refereeNames[i]!, email: `jane.referee.${i}@example.com`, message: 'Pensions, please.' },
    consent: { contact: true, shareFirstName: i % 2 === 1 },
    selfReferral: false,
    thankReferrer: true,
    stage,
    ...(stage === 'declined' ? { reason: 'timing' as const } : {}),
    history: [],
    createdAt,
    updatedAt: createdAt,
  };
});

/** The Blobs server's folder for this site's stores (created by the first write any test makes). */
async function siteDir(): Promise<string> {
  const sites = existsSync(blobsDir) ? await readdir(blobsDir) : [];
  for (const site of sites) if (existsSync(join(blobsDir, site, 'site:vouch-referrers'))) return join(blobsDir, site);
  throw new Error(`No Blobs store under ${blobsDir}: ask for a personal link first, so that the server creates it.`);
}

async function put(dir: string, store: string, key: string, value: unknown) {
  const file = join(dir, `site:vouch-${store}`, ...key.split('/'));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(value));
}

/** Writes the fixed data; call once the Blobs server has stored something. */
export async function seedScreenshotData(): Promise<void> {
  const dir = await siteDir();
  for (const referrer of [...sofiasReferrers, janesReferrer]) await put(dir, 'referrers', `code/${referrer.code}`, referrer);
  for (const r of sofiasReferrals) {
    await put(dir, 'referrals', referralKeys.record(r.id), r);
    // Listed as sites from before the dashboard's summary list them: the first view builds the summary.
    await put(dir, 'referrals', `${indexKeys.legacy(r.provider)}${r.id}`, {});
  }
  for (const r of janesReferrals) {
    await put(dir, 'referrals', referralKeys.record(r.id), r);
    await put(dir, 'referrals', referralKeys.byReferrer(janesReferrer.code, Date.parse(r.createdAt), r.id), {});
  }
}

/** A signed token as `npm start` signs them (its secret is in .vouch/secret). */
export async function signedToken(purpose: TokenPurpose, subject: string): Promise<string> {
  const secret = (await readFile('.vouch/secret', 'utf8')).trim();
  return createTokens(secret).sign({ purpose, subject, expiresAt: Date.now() + 3_600_000 })!;
}
