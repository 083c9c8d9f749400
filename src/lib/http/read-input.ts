/** Bodies larger than this are refused with 413: the longest valid referral is under 3 KB. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Why a request was refused before its fields were looked at. */
export type RequestProblem = { status: 400 | 403 | 405 | 413 | 415; code: string; message: string };

/** A request body as plain fields, and whether it came from an HTML form. */
export type Input = { fields: Record<string, unknown>; form: boolean };

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/**
 * Reads a POST body as JSON or as a form, within a size limit, refusing cross-site posts.
 * Form checkboxes become booleans (present means true); empty optional fields are dropped.
 */
export async function readInput(
  req: Request,
  options: { checkboxes?: readonly string[] } = {},
): Promise<{ ok: true; input: Input } | { ok: false; problem: RequestProblem }> {
  if (req.method !== 'POST') return refuse(405, 'method_not_allowed', 'Use POST.');
  const crossSite = crossSiteProblem(req);
  if (crossSite) return { ok: false, problem: crossSite };

  const mediaType = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== JSON_TYPE && mediaType !== FORM) {
    return refuse(415, 'unsupported_media_type', `Send ${JSON_TYPE} or ${FORM}.`);
  }
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return tooLarge();
  const bytes = await readBody(req, MAX_BODY_BYTES);
  if (bytes === null) return tooLarge();
  const body = new TextDecoder().decode(bytes);

  if (mediaType === JSON_TYPE) {
    let fields: unknown;
    try {
      fields = JSON.parse(body);
    } catch {
      return refuse(400, 'invalid_json', 'The body is not valid JSON.');
    }
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      return refuse(400, 'invalid_json', 'Send the fields as a JSON object.');
    }
    return { ok: true, input: { fields: fields as Record<string, unknown>, form: false } };
  }

  const fields: Record<string, unknown> = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    if (name in fields) continue;
    if (value.trim() !== '') fields[name] = value;
  }
  for (const name of options.checkboxes ?? []) fields[name] = name in fields;
  return { ok: true, input: { fields: { ...fields }, form: true } };
}

/** A post from another site (a forged form or a script elsewhere) is refused. */
function crossSiteProblem(req: Request): RequestProblem | null {
  const fetchSite = req.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    return { status: 403, code: 'cross_site', message: 'Posts from other sites are not accepted.' };
  }
  const origin = req.headers.get('origin');
  if (origin && origin !== new URL(req.url).origin) {
    return { status: 403, code: 'cross_site', message: 'Posts from other sites are not accepted.' };
  }
  return null;
}

/** A request body's bytes, or null as soon as it grows past `limit` (the rest is not read). */
export async function readBody(req: Request, limit: number): Promise<Buffer | null> {
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const refuse = (status: RequestProblem['status'], code: string, message: string) =>
  ({ ok: false, problem: { status, code, message } }) as const;
const tooLarge = () => refuse(413, 'too_large', `The body is over ${MAX_BODY_BYTES / 1024} KB.`);
