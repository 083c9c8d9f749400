import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, readInput } from '../../src/lib/http/read-input.ts';

const URL_ = 'https://vouch.test/api/referrals';
const JSON_TYPE = 'application/json';
const FORM = 'application/x-www-form-urlencoded';

function post(body: BodyInit | null, headers: Record<string, string> = {}, init: RequestInit = {}): Request {
  return new Request(URL_, { method: 'POST', headers, body, ...init });
}
const postJson = (value: unknown, headers: Record<string, string> = {}) =>
  post(typeof value === 'string' ? value : JSON.stringify(value), { 'content-type': JSON_TYPE, ...headers });
const postForm = (body: string, headers: Record<string, string> = {}) => post(body, { 'content-type': FORM, ...headers });

/** A body sent in chunks with no content-length, as a streaming client sends it; records how much was pulled. */
function streamed(totalBytes: number, chunkBytes = 1024) {
  const state = { pulled: 0, cancelled: false };
  const chunk = new TextEncoder().encode('x'.repeat(chunkBytes));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= totalBytes) return controller.close();
      state.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  const request = new Request(URL_, {
    method: 'POST',
    headers: { 'content-type': JSON_TYPE },
    body,
    duplex: 'half',
  } as RequestInit);
  return { request, state };
}

const statusOf = async (req: Request) => {
  const result = await readInput(req);
  return result.ok ? 'ok' : result.problem.status;
};

describe('readInput: JSON', () => {
  it('accepts a JSON object as the fields', async () => {
    const result = await readInput(postJson({ name: 'Zoë 🎉', consent: true }));
    expect(result).toEqual({ ok: true, input: { fields: { name: 'Zoë 🎉', consent: true }, form: false } });
  });

  it.each(['application/json; charset=utf-8', 'Application/JSON', 'application/json;charset=UTF-8'])(
    'accepts the content type %j',
    async (type) => {
      expect(await statusOf(post('{"a":1}', { 'content-type': type }))).toBe('ok');
    },
  );

  it.each([
    ['an array', '[{"name":"Zoë"}]', 'Send the fields as a JSON object.'],
    ['null', 'null', 'Send the fields as a JSON object.'],
    ['a string', '"name"', 'Send the fields as a JSON object.'],
    ['a number', '42', 'Send the fields as a JSON object.'],
    ['invalid JSON', '{"name": "Zoë",}', 'The body is not valid JSON.'],
    ['an empty body', '', 'The body is not valid JSON.'],
  ])('refuses %s with 400', async (_, body, message) => {
    expect(await readInput(postJson(body))).toEqual({ ok: false, problem: { status: 400, code: 'invalid_json', message } });
  });

  it('keeps multi-byte characters that straddle chunk boundaries', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ name: 'Zoë 🎉' }));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const req = new Request(URL_, { method: 'POST', headers: { 'content-type': JSON_TYPE }, body, duplex: 'half' } as RequestInit);
    expect(await readInput(req)).toMatchObject({ ok: true, input: { fields: { name: 'Zoë 🎉' } } });
  });
});

describe('readInput: what it refuses before reading', () => {
  it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('refuses %s with 405', async (method) => {
    const req = new Request(URL_, { method, ...(method === 'GET' ? {} : { body: '{}' }), headers: { 'content-type': JSON_TYPE } });
    expect(await readInput(req)).toEqual({ ok: false, problem: { status: 405, code: 'method_not_allowed', message: 'Use POST.' } });
  });

  it.each([
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['multipart', 'multipart/form-data; boundary=----x'],
    ['no content type', undefined],
    ['JSON look-alikes', 'application/json-patch+json'],
  ])('refuses %s with 415', async (_, type) => {
    const req = post('{"name":"Zoë"}', type ? { 'content-type': type } : {});
    // Without an explicit type, a string body is sent as text/plain.
    const result = await readInput(req);
    expect(result).toMatchObject({ ok: false, problem: { status: 415, code: 'unsupported_media_type' } });
  });

  it('refuses a real multipart form with 415', async () => {
    const data = new FormData();
    data.set('name', 'Zoë');
    expect(await statusOf(new Request(URL_, { method: 'POST', body: data }))).toBe(415);
  });

  it.each([
    ['an Origin of another site', { origin: 'https://evil.example' }],
    ['an Origin on another port', { origin: 'https://vouch.test:8443' }],
    ['an Origin over plain http', { origin: 'http://vouch.test' }],
    ['an opaque Origin', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site: cross-site with a same Origin', { 'sec-fetch-site': 'cross-site', origin: 'https://vouch.test' }],
  ])('refuses a post with %s with 403', async (_, headers) => {
    expect(await readInput(postForm('name=Zo%C3%AB', headers))).toEqual({
      ok: false,
      problem: { status: 403, code: 'cross_site', message: 'Posts from other sites are not accepted.' },
    });
  });

  it.each([
    ['a same Origin', { origin: 'https://vouch.test' }],
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin', origin: 'https://vouch.test' }],
    ['Sec-Fetch-Site: none (typed by the user)', { 'sec-fetch-site': 'none' }],
    ['no Origin (a server-side client)', {}],
  ])('accepts a post with %s', async (_, headers) => {
    expect(await statusOf(postForm('name=Zo%C3%AB', headers))).toBe('ok');
  });
});

describe('readInput: size limit', () => {
  const bigJson = JSON.stringify({ message: 'x'.repeat(MAX_BODY_BYTES) });

  it('accepts a body of exactly the limit', async () => {
    const body = JSON.stringify({ m: 'x'.repeat(MAX_BODY_BYTES - 8) });
    expect(new TextEncoder().encode(body).byteLength).toBe(MAX_BODY_BYTES);
    expect(await statusOf(postJson(body))).toBe('ok');
  });

  it('refuses a body over the limit with an honest content-length with 413', async () => {
    const req = postJson(bigJson, { 'content-length': String(Buffer.byteLength(bigJson)) });
    expect(req.headers.get('content-length')).toBe(String(Buffer.byteLength(bigJson)));
    expect(await readInput(req)).toEqual({
      ok: false,
      problem: { status: 413, code: 'too_large', message: `The body is over ${MAX_BODY_BYTES / 1024} KB.` },
    });
  });

  it('refuses a body one byte over the limit', async () => {
    const body = JSON.stringify({ m: 'x'.repeat(MAX_BODY_BYTES - 7) });
    expect(await statusOf(postJson(body))).toBe(413);
  });

  it('refuses a body whose multi-byte characters take it over the limit in bytes', async () => {
    const body = JSON.stringify({ m: 'é'.repeat(MAX_BODY_BYTES / 2) });
    expect(body.length).toBeLessThan(MAX_BODY_BYTES + 10);
    expect(await statusOf(postJson(body))).toBe(413);
  });

  it('refuses a streamed body with no content-length with 413, and stops reading it', async () => {
    const { request, state } = streamed(10 * MAX_BODY_BYTES);
    expect(request.headers.get('content-length')).toBeNull();
    expect(await statusOf(request)).toBe(413);
    expect(state.pulled).toBeLessThan(10 * MAX_BODY_BYTES);
    expect(state.cancelled).toBe(true);
  });

  it('accepts a small streamed body', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"name":'));
        controller.enqueue(new TextEncoder().encode('"Zoë"}'));
        controller.close();
      },
    });
    const req = new Request(URL_, { method: 'POST', headers: { 'content-type': JSON_TYPE }, body, duplex: 'half' } as RequestInit);
    expect(await readInput(req)).toMatchObject({ ok: true, input: { fields: { name: 'Zoë' } } });
  });
});

describe('readInput: HTML forms', () => {
  const checkboxes = ['consent', 'shareFirstName'] as const;

  it('reads fields and marks the input as coming from a form', async () => {
    const result = await readInput(postForm('name=Zo%C3%AB+Adams&email=zoe%40example.org'));
    expect(result).toEqual({ ok: true, input: { fields: { name: 'Zoë Adams', email: 'zoe@example.org' }, form: true } });
  });

  it('turns listed checkboxes into booleans: ticked is true, absent is false', async () => {
    const result = await readInput(postForm('name=Zo%C3%AB&consent=on'), { checkboxes });
    expect(result).toMatchObject({ ok: true, input: { fields: { name: 'Zoë', consent: true, shareFirstName: false } } });
    const unticked = await readInput(postForm('name=Zo%C3%AB'), { checkboxes });
    expect(unticked).toMatchObject({ ok: true, input: { fields: { consent: false, shareFirstName: false } } });
  });

  it('leaves fields that are not listed as checkboxes as text', async () => {
    const result = await readInput(postForm('consent=on'));
    expect(result).toMatchObject({ ok: true, input: { fields: { consent: 'on' } } });
  });

  it('drops empty and blank fields, so that optional fields can be left empty', async () => {
    const result = await readInput(postForm('name=Zo%C3%AB&phone=&message=+++'));
    expect(result).toEqual({ ok: true, input: { fields: { name: 'Zoë' }, form: true } });
  });

  it('takes the first of two fields with the same name', async () => {
    const result = await readInput(postForm('email=zoe%40example.org&email=attacker%40example.org'));
    expect(result).toMatchObject({ ok: true, input: { fields: { email: 'zoe@example.org' } } });
  });

  it('does not let a field named __proto__ touch any prototype', async () => {
    const result = await readInput(postForm('__proto__=polluted&constructor=x&name=Zo%C3%AB&__proto__%5Bpolluted%5D=yes'), {
      checkboxes,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { fields } = result.input;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.keys(fields)).toContain('__proto__');
    expect(fields.name).toBe('Zoë');
    expect(fields.consent).toBe(false);
  });
});
