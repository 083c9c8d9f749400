// Render time of every email template as the functions render them (React Email to static
// markup, plus the plain-text part): the cold first render after import, then the median and
// p95 of 200 warm renders each. `node bench/email-render.ts`; prints JSON.
import { performance } from 'node:perf_hooks';

const started = performance.now();
const { createRenderer } = await import('../src/lib/email/render.ts');
const { emailSamples, templateNames } = await import('../src/lib/email/samples.ts');
const { builtInCopy } = await import('../src/lib/domain/emails/index.ts');
const { site } = await import('../tests/fixtures/domain.ts');
const render = createRenderer(site, 'https://referrals.example.com', builtInCopy);
render(emailSamples['provider-alert']);
const cold = performance.now() - started;

const RUNS = 200;
const results = templateNames.map((template) => {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    render(emailSamples[template]);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const html = render(emailSamples[template]).html;
  return { template, medianMs: +times[RUNS / 2]!.toFixed(2), p95Ms: +times[Math.floor(RUNS * 0.95)]!.toFixed(2), htmlBytes: Buffer.byteLength(html) };
});
console.log(JSON.stringify({ coldImportAndFirstRenderMs: +cold.toFixed(1), results }, null, 2));
