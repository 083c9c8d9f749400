// A provider's webhook, as content gives it: refused at build time (`npm run content`, the
// build), with a message naming the file and the field, when it could send people's details in
// the clear, to a machine inside the network, to a URL holding credentials, to another port, or
// when a secret was pasted where the name of its environment variable belongs. The message never
// repeats what was pasted.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentError, loadContent } from '../../src/lib/content/load.ts';

const PASTED = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** Each hostile setting: its file's name, the frontmatter lines of its webhook, and what its message must say. */
const hostile: [string, string, RegExp][] = [
  ['plain-http', 'url: http://hooks.zapier.com/hooks/catch/1/abc/', /webhook\.url: must be an https:\/\/ address, not http/],
  ['private-ip', 'url: https://10.0.0.12/hook', /webhook\.url: 10\.0\.0\.12 is a private address: events go to public addresses only/],
  ['metadata-ip', 'url: https://169.254.169.254/latest/meta-data/', /webhook\.url: 169\.254\.169\.254 is a link-local address/],
  ['loopback-ip', 'url: https://127.0.0.1/hook', /webhook\.url: 127\.0\.0\.1 is a loopback address/],
  ['obfuscated-loopback', 'url: https://0x7f.1/hook', /webhook\.url: 127\.0\.0\.1 is a loopback address/],
  ['ipv6-ula', 'url: https://[fd00::5]/hook', /webhook\.url: \[fd00::5\] is a unique local \(IPv6 ULA\) address/],
  ['ipv4-mapped', 'url: https://[::ffff:10.0.0.1]/hook', /webhook\.url: \[::ffff:a00:1\] is an IPv4-mapped address/],
  ['localhost', 'url: https://localhost/hook', /webhook\.url: localhost names a machine on a local network/],
  ['internal-name', 'url: https://crm.corp.internal/hook', /webhook\.url: crm\.corp\.internal names a machine on a local network/],
  ['credentials', 'url: https://jane:hunter2@hooks.example.com/hook', /webhook\.url: must not hold a user name or password/],
  ['odd-port', 'url: https://hooks.example.com:8443/hook', /webhook\.url: must not name a port \(:8443\)/],
  ['not-a-url', 'url: hooks.zapier.com/hooks/catch/1', /webhook\.url: must be a full https:\/\/ address/],
];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vouch-webhook-content-'));
  await cp(join(process.cwd(), 'tests', 'fixtures', 'content', 'valid'), root, { recursive: true });
  const provider = (name: string, webhook: string) =>
    ['---', `name: ${name}`, 'profession: Tester', 'headline: Tests endpoints.', 'helpsBest: Anyone.', 'notRightFor: No one.', 'services:', '  - Testing', 'location: Remote', 'responseHours: 24', 'notify:', '  - tester@fixture.example.com', 'webhook:', ...webhook.split('\n').map((line) => `  ${line}`), '---', '', 'Body.', ''].join('\n');
  for (const [file, url] of hostile) await writeFile(join(root, 'providers', `${file}.md`), provider(file, `${url}\nsecretVariable: WEBHOOK_SECRET_TESTER`));
  await writeFile(join(root, 'providers', 'pasted-secret.md'), provider('Pasted', `url: https://hooks.example.com/hook\nsecretVariable: ${PASTED}`));
  await writeFile(join(root, 'providers', 'bad-variable.md'), provider('Bad', 'url: https://hooks.example.com/hook\nsecretVariable: RESEND_API_KEY'));
  await writeFile(join(root, 'providers', 'good.md'), provider('Good', 'url: https://hooks.zapier.com/hooks/catch/123456/abcdef/?source=vouch\nsecretVariable: WEBHOOK_SECRET_GOOD_ONE'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const problems = async () => {
  const error = await loadContent(root).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ContentError);
  return (error as ContentError).problems;
};

describe("a provider's webhook in content", () => {
  it.each(hostile)('%s is refused, naming the file and the field', async (file, _url, message) => {
    const found = (await problems()).filter((p) => p.includes(`providers/${file}.md: `));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it('a pasted secret is refused without being repeated: the message says to put it in a variable', async () => {
    const found = (await problems()).filter((p) => p.includes('providers/pasted-secret.md: '));
    expect(found).toEqual([expect.stringMatching(/webhook\.secretVariable: looks like a secret itself\. Never write a secret in content\/.*WEBHOOK_SECRET_JANE_OKAFOR=whsec_…/)]);
    expect(found.join('\n')).not.toContain(PASTED);
    expect(found.join('\n')).not.toContain(PASTED.slice(6, 20));
  });

  it('names only variables that start with WEBHOOK_SECRET_, so content cannot point at the site’s other secrets', async () => {
    expect((await problems()).filter((p) => p.includes('providers/bad-variable.md: '))).toEqual([
      expect.stringMatching(/webhook\.secretVariable: must be the name of an environment variable that starts with WEBHOOK_SECRET_/),
    ]);
  });

  it('an https endpoint on a public host passes, query and all', async () => {
    expect((await problems()).filter((p) => p.includes('providers/good.md'))).toEqual([]);
  });
});
