// The whole built-in wording of every email, written out in the format of content/emails.yaml:
// each email and string with its key, a comment saying when it is used and which placeholders it
// may use. `npm run emails:wording` prints it, for a site to copy the strings it wants to change
// into its own file (which only overrides). It is generated from the declarations in
// src/lib/domain/emails/, so it is never a second copy to keep in step.
import { load as parseYaml } from 'js-yaml';
import { isWording, noteOf, siteVars, type Wording, type WordingTree } from '../domain/emails/copy.ts';
import { wording } from '../domain/emails/index.ts';

/** Lines of the reference are kept within this many characters where a value allows it. */
const WIDTH = 100;

const listed = (names: readonly string[]) => names.map((name) => `{${name}}`).join(', ');

/** Words on lines of at most `width` characters (a word longer than that stands alone). */
function wrap(words: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

const comment = (text: string, indent: string): string[] => wrap(text, WIDTH - indent.length - 2).map((line) => `${indent}# ${line}`);

/** Whether `yaml` reads back as `{ key: value }`. */
const readsAs = (yaml: string, value: string): boolean => {
  try {
    return (parseYaml(yaml) as Record<string, unknown>)['k'] === value;
  } catch {
    return false;
  }
};

/** `key: value` as YAML: plain where it reads back the same and fits, else quoted, else folded over several lines. */
function entry(key: string, value: string, indent: string): string[] {
  const name = /^[\w-]+$/.test(key) ? key : JSON.stringify(key);
  const plain = `${indent}${name}: ${value}`;
  if (plain.length <= WIDTH && readsAs(`k: ${value}`, value)) return [plain];
  const quoted = `${indent}${name}: ${JSON.stringify(value)}`;
  if (quoted.length <= WIDTH) return [quoted];
  const folded = wrap(value, WIDTH - indent.length - 2).map((line) => `${indent}  ${line}`);
  return readsAs(`k: >-\n${folded.join('\n')}`, value) ? [`${indent}${name}: >-`, ...folded] : [quoted];
}

/** What a string's comment says about its placeholders beyond its message's. */
function placeholderLine(node: Wording): string | undefined {
  if (node.alone) return node.extra.length > 0 ? `phrase: only ${listed(node.extra)}` : 'phrase, without placeholders';
  return node.extra.length > 0 ? `also: ${listed(node.extra)}` : undefined;
}

function treeLines(tree: WordingTree, indent: string): string[] {
  return Object.entries(tree).flatMap(([key, node]) => {
    const note = noteOf(node);
    const notes = note ? comment(note, indent) : [];
    if (!isWording(node)) return [...notes, `${indent}${key}:`, ...treeLines(node, `${indent}  `)];
    const placeholders = placeholderLine(node);
    return [...notes, ...(placeholders ? [`${indent}# ${placeholders}`] : []), ...entry(key, node.text, indent)];
  });
}

/** The built-in wording of every email as YAML, commented: what `npm run emails:wording` prints. */
export function emailWordingYaml(): string {
  const header = [
    '# The built-in wording of every email Vouch sends, as printed by `npm run emails:wording`. To change',
    '# a string, copy it with its email (and group) keys into content/emails.yaml and reword it there;',
    '# what that file leaves out keeps the wording below.',
    '#',
    `# {name} is a placeholder, filled in when an email is written. "Placeholders:" above each email`,
    '# lists those all its strings may use, and "also:" above a string those only that string may use.',
    `# Every string may also use ${siteVars.map((name) => `{${name}}`).join(' and ')}, except the short phrases marked "phrase",`,
    '# which stand in for a placeholder elsewhere (such as "a client" when a name was erased) and may use',
    '# only what their own comment lists.',
  ];
  const messages = Object.entries(wording).flatMap(([name, spec]) => [
    '',
    ...comment(spec.about, ''),
    `# Placeholders: ${spec.vars.length > 0 ? listed(spec.vars) : 'only those listed on each string'}`,
    `${name}:`,
    ...treeLines(spec.words, '  '),
  ]);
  return `${[...header, ...messages].join('\n')}\n`;
}
