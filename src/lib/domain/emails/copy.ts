// The machinery of email copy: how a string of wording is declared (its built-in text, the
// placeholders it may use, a note on when it is used), how a copy file is validated against
// those declarations, and how a string is filled in. The wording itself is declared in each
// email's own file beside this one; content/emails.yaml may override any string of it.
import { z } from 'zod';

/**
 * A string of wording: its built-in text, the placeholders that only it may use, and whether it
 * stands alone (a phrase that is itself the value of a placeholder, such as "a client" for a
 * name that was erased: it may use only its own placeholders, never its message's).
 */
export type Wording<Extra extends string = string> = { readonly text: string; readonly extra: readonly Extra[]; readonly alone: boolean };

/** Wording, or a group of wording by key (a note per stage, a label per template). */
export type WordingTree = { readonly [key: string]: Wording | WordingTree };

/** One message's wording: what the email is, the placeholders every string of it may use, and its strings. */
export type MessageWording = { readonly about: string; readonly vars: readonly string[]; readonly words: WordingTree };

/** Where a string's or a group's note is kept: a symbol, so that it is no key of the copy. */
const NOTE = Symbol('note');

/** A string or a group of strings with a note on when it is used, for people who reword it (see `npm run emails:wording`). */
export const noted = <N extends Wording | WordingTree>(note: string, node: N): N => ({ ...node, [NOTE]: note }) as N;

/** The note on a string or a group, if it has one. */
export const noteOf = (node: Wording | WordingTree): string | undefined => (node as { [NOTE]?: string })[NOTE];

/** Placeholders every string may use, except phrases that stand alone. */
export const siteVars = ['siteName', 'privacyContact'] as const;

/** A string of a message; `extra` are placeholders only this string may use, beyond the message's. */
export const text = <const E extends string = never>(wording: string, ...extra: E[]): Wording<NoInfer<E>> => ({ text: wording, extra, alone: false });

/** A phrase that is the value of another string's placeholder: it may use only `extra`. */
export const phrase = <const E extends string = never>(wording: string, ...extra: E[]): Wording<NoInfer<E>> => ({ text: wording, extra, alone: true });

/** Declares a message: what the email is (who gets it, when), the placeholders all its strings may use, and its strings. */
export const message = <const V extends string, const W extends WordingTree>(
  about: string,
  vars: readonly V[],
  words: W,
): { about: string; vars: readonly V[]; words: W } => ({ about, vars, words });

/** Whether a node of wording is a string (else a group of them). */
export const isWording = (node: Wording | WordingTree): node is Wording => typeof node.text === 'string' && Array.isArray(node.extra);

/** The copy a set of message declarations describes: the same tree, with a string at each leaf. */
export type CopyOf<T> = { -readonly [K in keyof T]: T[K] extends Wording ? string : CopyOf<T[K]> };

/** A copy file's overrides: any part of the copy. */
export type Overrides<T> = { [K in keyof T]?: T[K] extends string ? string : Overrides<T[K]> | null };

/** The built-in text of every string of a tree of wording. */
export const textsOf = <T extends WordingTree>(tree: T): CopyOf<T> =>
  Object.fromEntries(Object.entries(tree).map(([key, node]) => [key, isWording(node) ? node.text : textsOf(node)])) as CopyOf<T>;

/** The built-in text of every string of some messages. */
export const builtInText = <M extends Record<string, MessageWording>>(messages: M): CopyOf<{ [K in keyof M]: M[K]['words'] }> =>
  Object.fromEntries(Object.entries(messages).map(([name, spec]) => [name, textsOf(spec.words)])) as CopyOf<{ [K in keyof M]: M[K]['words'] }>;

/** `{name}`: a placeholder; any other brace is a mistake. */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

const listed = (names: readonly string[]) => names.map((name) => `{${name}}`).join(', ');

/** What is wrong with the placeholders of `wording`, given those it may use: one sentence a problem. */
export function placeholderProblems(wording: string, allowed: readonly string[]): string[] {
  const problems = [...wording.matchAll(PLACEHOLDER)]
    .map((match) => match[1] ?? '')
    .filter((name, i, names) => !allowed.includes(name) && names.indexOf(name) === i)
    .map((name) =>
      allowed.length > 0 ? `{${name}} is not a placeholder this text can use; it can use ${listed(allowed)}` : `{${name}} is not a placeholder; this text takes none`,
    );
  if (/[{}]/.test(wording.replace(PLACEHOLDER, ''))) problems.push('has a { or } that is not part of a placeholder such as {providerName}');
  return problems;
}

/** The placeholders a string may use, given its message's. */
export const allowedFor = (wording: Wording, vars: readonly string[]): string[] => (wording.alone ? [...wording.extra] : [...siteVars, ...vars, ...wording.extra]);

const wordingSchema = (allowed: readonly string[]) =>
  z
    .string({ error: (issue) => (issue.input === null ? 'is empty (delete the line to keep the built-in wording)' : 'must be text') })
    .trim()
    .min(1, 'must not be empty (delete the line to keep the built-in wording)')
    .superRefine((wording, ctx) => {
      for (const problem of placeholderProblems(wording, allowed)) ctx.addIssue({ code: 'custom', message: problem });
    });

const treeSchema = (tree: WordingTree, vars: readonly string[]): z.ZodType =>
  z
    .strictObject(
      Object.fromEntries(
        Object.entries(tree).map(([key, node]) => [key, (isWording(node) ? wordingSchema(allowedFor(node, vars)) : treeSchema(node, vars)).optional()]),
      ),
    )
    .nullable();

/**
 * The schema of a copy file: every key optional (a missing string keeps its built-in wording),
 * unknown keys refused, each string checked for the placeholders it may use.
 */
export const copyFileSchema = (messages: Record<string, MessageWording>): z.ZodType =>
  z
    .strictObject(Object.fromEntries(Object.entries(messages).map(([name, spec]) => [name, treeSchema(spec.words, spec.vars).optional()])))
    .nullable();

/** The built-in copy with a file's overrides laid over it. */
export const withOverrides = <C extends object>(builtIn: C, overrides: Overrides<C> | null | undefined): C => merge(builtIn, overrides) as C;

function merge(base: object, overrides: object | null | undefined): object {
  if (!overrides) return base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const under = merged[key];
    if (typeof value === 'string') merged[key] = value;
    else if (typeof value === 'object' && typeof under === 'object' && under !== null) merged[key] = merge(under, value);
  }
  return merged;
}

/** Values for placeholders. */
export type Values<K extends string> = { readonly [P in K]: string | number };

/**
 * Fills `{name}` placeholders in one pass: a value that itself holds "{name}" is left as it is.
 * A placeholder without a value stays as written (validation keeps that from happening).
 */
export const fill = (wording: string, values: Readonly<Record<string, string | number>>): string =>
  wording.replace(PLACEHOLDER, (match, name: string) => (Object.hasOwn(values, name) ? isolated(String(values[name])) : match));

/** A letter of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;

/**
 * A value with right-to-left letters, set apart from the sentence around it (Unicode's first
 * strong isolate, U+2068 … U+2069): without it, an Arabic or Hebrew name pulls the punctuation
 * and words beside it into its own direction ("…on محمد's suggestion." reads out of order).
 * Invisible, in the HTML and the plain-text part alike; other values are left as they are.
 */
export const isolated = (value: string): string => (RIGHT_TO_LEFT.test(value) ? `\u2068${value}\u2069` : value);

/** The dotted path to every string of a tree, e.g. "subject" or "news.contacted". */
export type PathsOf<T> = { [K in keyof T & string]: T[K] extends Wording ? K : `${K}.${PathsOf<T[K]>}` }[keyof T & string];

/** The node at a dotted path. */
type At<T, P extends string> = P extends `${infer K}.${infer R}` ? (K extends keyof T ? At<T[K], R> : never) : P extends keyof T ? T[P] : never;

/** The placeholders only that string may use (distributes over a union of strings). */
type ExtraOf<W> = W extends Wording<infer E> ? E : never;

/** No argument when a string has no placeholders of its own; their values when it has. */
type ExtraArgs<E extends string> = [E] extends [never] ? [] : [values: Values<E>];

/** Writes the string at `path` of one message, its placeholders filled in; a string's own placeholders are given here. */
export type Say<W> = <P extends PathsOf<W>>(path: P, ...extra: ExtraArgs<ExtraOf<At<W, P>>>) => string;

/** The string at a dotted path of a copy tree. */
function stringAt(tree: unknown, path: string): string {
  const found = path.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), tree);
  if (typeof found !== 'string') throw new Error(`No email copy at ${path}`);
  return found;
}

/** A message's writer: its copy, and the values of the placeholders all its strings may use. */
export const writer =
  <W>(copy: CopyOf<W>, values: Readonly<Record<string, string | number>>): Say<W> =>
  (path, ...extra) =>
    fill(stringAt(copy, path), { ...values, ...extra[0] });
