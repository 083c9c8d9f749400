// `npm run check:layers` (part of `npm test`): fails when a domain file imports anything but
// zod and its own folder, a use case imports another, any file imports in a circle (type
// imports included), or a chain of imports inside src/lib/domain is longer than 5 files.
import { checkLayers, describeReport, projectRoot } from './lib/layers.ts';

const { ok, lines } = describeReport(await checkLayers(projectRoot, ['src', 'netlify', 'scripts', 'bench', 'tests'], 'tsconfig.json'));
for (const line of lines) (ok ? console.log : console.error)(line);
process.exit(ok ? 0 : 1);
