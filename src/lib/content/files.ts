// Reading the generated content at run time: found beside the running code, read on demand, and
// kept per instance. A function or page reads the files of the providers it serves, never all of them.
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findUp } from '../find-up.ts';
import { GENERATED, PROVIDERS_DIR } from './layout.ts';

/**
 * The generated folder, found from this module upwards (`findUp`): the same code runs from
 * `src/lib/content/`, bundled into a function (`netlify/functions/`, `.netlify/v1/functions/`) or
 * into the pages' function (`.netlify/build/`), and each deploy carries `src/generated/` with it
 * at its place in the project.
 */
export function findGenerated(from: string = fileURLToPath(import.meta.url)): string {
  const found = findUp(`${GENERATED}/${PROVIDERS_DIR}`, from);
  if (!found) throw new Error(`No ${GENERATED}/${PROVIDERS_DIR}/ above ${from}: run npm run content (a function must be deployed with ${GENERATED}/, see netlify.toml)`);
  return dirname(found);
}

/** Files read once per instance, and read again only if they change (under `npm start`, content/ changes while the server runs). */
export function createFileCache() {
  const kept = new Map<string, { stamp: string; value: unknown }>();
  return {
    /** The file parsed with `parse`, or undefined if there is no such file. */
    read<T>(file: string, parse: (text: string) => T): T | undefined {
      const stats = statSync(file, { throwIfNoEntry: false });
      if (!stats?.isFile()) {
        kept.delete(file);
        return undefined;
      }
      // Each file is replaced whole (a new file renamed over the old one), so a new inode.
      const stamp = `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
      const hit = kept.get(file);
      if (hit?.stamp === stamp) return hit.value as T;
      const value = parse(readFileSync(file, 'utf8'));
      kept.set(file, { stamp, value });
      return value;
    },
  };
}
