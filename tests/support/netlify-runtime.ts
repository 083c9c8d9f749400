// Runs a function through Netlify's own functions runtime (@netlify/serverless-functions-api,
// the bootstrap that wraps every modern function on Netlify and in the local emulation), in
// this process: a Request in, the Response it sends to the browser out, headers included.
import { Writable } from 'node:stream';

type Handler = (req: Request, context: never) => Response | Promise<Response>;
type Metadata = { statusCode: number; multiValueHeaders?: Record<string, string[]>; headers?: Record<string, string> };
type LambdaHandler = (event: unknown, stream: Writable, context: unknown) => Promise<void>;

/** The runtime's Lambda entry point, with the two AWS globals it expects played by a collector. */
async function lambdaFor(handler: Handler): Promise<LambdaHandler> {
  const globals = globalThis as { awslambda?: unknown };
  globals.awslambda ??= {
    streamifyResponse: (fn: LambdaHandler) => fn,
    HttpResponseStream: {
      from(stream: Writable & { metadata?: Metadata }, metadata: Metadata) {
        stream.metadata = metadata;
        return stream;
      },
    },
  };
  const runtime = (await import('@netlify/serverless-functions-api')) as unknown as { getLambdaHandler(fn: unknown): LambdaHandler };
  return runtime.getLambdaHandler({ default: handler });
}

/** Sends one request through the runtime to `handler` and answers what the browser would get. */
export async function throughRuntime(handler: Handler, request: Request): Promise<Response> {
  const lambda = await lambdaFor(handler);
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  }) as Writable & { metadata?: Metadata };
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  const body = request.body ? Buffer.from(await request.arrayBuffer()).toString('base64') : undefined;
  await lambda(
    {
      rawUrl: request.url,
      httpMethod: request.method,
      headers: Object.fromEntries(request.headers),
      ...(body ? { body, isBase64Encoded: true } : {}),
      flags: {},
    },
    stream,
    { awsRequestId: 'test', getRemainingTimeInMillis: () => 30_000 },
  );
  await finished;
  const { statusCode, multiValueHeaders = {}, headers = {} } = stream.metadata!;
  const answer = new Headers(headers);
  for (const [name, values] of Object.entries(multiValueHeaders)) for (const value of values) answer.append(name, value);
  return new Response(statusCode === 204 || statusCode === 304 ? null : Buffer.concat(chunks), { status: statusCode, headers: answer });
}
