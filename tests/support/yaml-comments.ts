// The comments of a YAML file of nested maps (such as the emails' printed wording), key by key: what a
// parser that drops comments (js-yaml) cannot tell. Values are left to js-yaml; this reads only
// where keys are and which comment lines sit right above each.

/** One key of a map: the comment lines right above it (without "#"), and its own keys if it holds a map. */
export type CommentedKey = { key: string; comment: string; children: CommentedKey[] };

const KEY = /^( *)("[^"]*"|[\w-]+):(?: +(.*))?$/;

/** The keys of the top-level map, each with the comment block right above it and its children. */
export function commentedKeys(text: string): CommentedKey[] {
  const root: CommentedKey = { key: '', comment: '', children: [] };
  // Open maps by indentation; a key with a value on its line (or a block scalar) opens none.
  const stack: { indent: number; node: CommentedKey }[] = [{ indent: -1, node: root }];
  let comment: string[] = [];
  let valueIndent = Infinity;
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const trimmed = line.trim();
    if (trimmed === '') {
      comment = [];
      continue;
    }
    // Lines of a value that goes on past its key's line (">-" blocks, folded plain text).
    if (indent > valueIndent) continue;
    valueIndent = Infinity;
    if (trimmed.startsWith('#')) {
      comment.push(trimmed.slice(1));
      continue;
    }
    const match = KEY.exec(line);
    if (!match) throw new Error(`not a key of a map: ${line}`);
    while (stack.at(-1)!.indent >= indent) stack.pop();
    const node: CommentedKey = { key: match[2]!.replace(/^"|"$/g, ''), comment: comment.join('\n'), children: [] };
    stack.at(-1)!.node.children.push(node);
    comment = [];
    if (match[3] === undefined || match[3] === '') stack.push({ indent, node });
    else valueIndent = indent;
  }
  return root.children;
}
