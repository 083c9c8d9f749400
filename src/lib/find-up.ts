import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The first `<folder>/<path>` that exists, from the folder of the file `from` up to the root. Files a
 * function reads at run time are found this way, from the code reading them: that code runs from its
 * source, bundled into a function, or bundled into one of the emulator's copies (which hold only part
 * of node_modules), and each keeps those files at their place in the project, above it.
 */
export function findUp(path: string, from: string): string | undefined {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, path))) return join(dir, path);
    if (dirname(dir) === dir) return undefined;
  }
}
