import type { UseCaseError } from '../errors.ts';
import { referrerStageLabels, type Stage } from '../lifecycle.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referral, Referrer } from '../referral.ts';
import { ok, type Result } from '../result.ts';
import { greetingName } from '../text.ts';
import { inBatches } from '../batches.ts';
import type { Deps } from '../deps.ts';
import { referrerOfKey } from '../records/referrers.ts';
import { loadReferral, referralKeys } from '../records/referrals.ts';
import { sharedFirstName } from '../referral.ts';
import { storageGuarded } from '../use-case.ts';

/** One referral as its referrer sees it: when, what kind, a fixed stage phrase, and a first name only with consent. */
export type ReferrerRow = {
  createdAt: string;
  kind: Referral['kind'];
  stage: Stage;
  status: string;
  refereeFirstName?: string;
  /** The better-placed peer it was handed on to, and how it stands with them. */
  handedOnTo?: { name: string; status: string };
};

/** What a referrer's own page shows. */
export type ReferrerPage = { referrer: Pick<Referrer, 'code'> & { firstName?: string }; provider: ProviderEntry; rows: ReferrerRow[] };

/** The referrals made through a referrer's link, newest first, through the referrer's allowlist of fields. */
export const referrerPage = storageGuarded(async (deps: Deps, key: unknown): Promise<Result<ReferrerPage, UseCaseError>> => {

  const found = await referrerOfKey(deps, key);
  if (!found.ok) return found;
  const { referrer, provider } = found.value;
  const ids = (await deps.store.list('referrals', referralKeys.ofReferrer(referrer.code)))
    .map(referralKeys.idOfReferrerListing)
    .reverse();
  const rows: ReferrerRow[] = [];
  for (const referral of await inBatches(ids, (id) => loadReferral(deps, id))) if (referral) rows.push(await rowFor(deps, referral));
  const firstName = greetingName(referrer.name);
  return ok({ referrer: { code: referrer.code, ...(firstName ? { firstName } : {}) }, provider, rows });
});

async function rowFor(deps: Deps, referral: Referral): Promise<ReferrerRow> {
  const firstName = sharedFirstName(referral);
  let handedOnTo: ReferrerRow['handedOnTo'];
  if (referral.handedOnTo) {
    const partner = deps.directory.get(referral.handedOnTo.provider);
    const onward = await loadReferral(deps, referral.handedOnTo.referral);
    if (partner && onward) handedOnTo = { name: partner.name, status: referrerStageLabels[onward.stage] };
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
