import type { UseCaseError } from '../errors.ts';
import { referrerStageLabels, type Stage } from '../lifecycle.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referral, Referrer } from '../referral.ts';
import { ok, type Result } from '../result.ts';
import { greetingName, sharedFirstName } from '../text.ts';
import type { Deps } from '../deps.ts';
import { loadReferral, referralKeys } from '../records/referrals.ts';
import { storageGuarded } from '../use-case.ts';
import { referrerOfKey } from '../records/referrers.ts';

/** One referral as its referrer sees it: when, what kind, a fixed stage phrase, and a first name only with consent. */
export type ReferrerRow = {
  createdAt: string;
  kind: Referral['kind'];
  stage: Stage;
  status: string;
  refereeFirstName?: string;
  /**
   * How it stands with the better-placed peer it was handed on to. Never who they are: their
   * name or trade would hint at what the person needed.
   */
  handedOnTo?: { status: string };
};

/** What a referrer's own page shows. */
export type ReferrerPage = {
  referrer: Pick<Referrer, 'code'> & { firstName?: string };
  provider: ProviderEntry;
  rows: ReferrerRow[];
  /** How many referrals came through their link in all. */
  total: number;
  /** The id to start the next (older) page after, if there is one. */
  older?: string;
};

/** Referrals on one page of a referrer's own page. */
export const REFERRER_PAGE_SIZE = 50;


/**
 * The referrals made through a referrer's link, newest first, through the referrer's allowlist
 * of fields: one page of them, starting after the referral `before`. Lists the referrer's index
 * (keys only) and reads only the referrals it shows.
 */
export const referrerPage = storageGuarded(async (deps: Deps, key: unknown, options: { before?: string; size?: number } = {}): Promise<Result<ReferrerPage, UseCaseError>> => {

  const found = await referrerOfKey(deps, key);
  if (!found.ok) return found;
  const { referrer, provider } = found.value;
  const ids = (await deps.store.list('referrals', referralKeys.ofReferrer(referrer.code)))
    .map(referralKeys.idOfReferrerListing)
    .reverse();
  const size = options.size ?? REFERRER_PAGE_SIZE;
  const start = options.before ? ids.indexOf(options.before) + 1 : 0;
  const shown = start === 0 && options.before ? [] : ids.slice(start, start + size);
  const rows = (await Promise.all((await Promise.all(shown.map((id) => loadReferral(deps, id)))).flatMap((r) => (r ? [rowFor(deps, r)] : []))));
  const older = start + size < ids.length ? shown.at(-1) : undefined;
  const firstName = greetingName(referrer.name);
  return ok({ referrer: { code: referrer.code, ...(firstName ? { firstName } : {}) }, provider, rows, total: ids.length, ...(older ? { older } : {}) });
});

async function rowFor(deps: Deps, referral: Referral): Promise<ReferrerRow> {
  const firstName = sharedFirstName(referral);
  let handedOnTo: ReferrerRow['handedOnTo'];
  if (referral.handedOnTo) {
    const onward = await loadReferral(deps, referral.handedOnTo.referral);
    if (onward) handedOnTo = { status: referrerStageLabels[onward.stage] };
  }
  return {
    createdAt: referral.createdAt,
    kind: referral.kind,
    stage: referral.stage,
    status: referrerStageLabels[referral.stage],
    ...(firstName ? { refereeFirstName: firstName } : {}),
    ...(handedOnTo ? { handedOnTo } : {}),
  };
}
