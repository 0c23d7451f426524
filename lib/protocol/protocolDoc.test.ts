// Why: docs/protocol.md is the reference for anyone writing another client, and it had drifted
// (events that no longer existed, new ones missing). This holds it to the code: the event lists
// both ways, each client event's field table against its zod schema (names, optional, null, enum
// values, limits, patterns), and each reply, server event payload and documented shape against
// the TypeScript types (every property named), read with the TypeScript compiler.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clientEventSchemas, SERVER_EVENTS } from './events';

const DOC = fileURLToPath(new URL('../../docs/protocol.md', import.meta.url));
const PROTOCOL_INDEX = fileURLToPath(new URL('./index.ts', import.meta.url));

type Direction = 'client → server' | 'server → client';
type Section = { title: string; body: string };
type Doc = { events: Map<string, Section>; shapes: Map<string, Section>; misplaced: string[] };

/** The doc's `###` sections: events (`name` (direction)) anywhere, shapes (`Name`) under "## Shapes". */
function readDoc(markdown: string): Doc {
  const doc: Doc = { events: new Map(), shapes: new Map(), misplaced: [] };
  let chapter = '';
  let current: Section | null = null;
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (!fenced && line.startsWith('## ')) {
      chapter = line.slice(3).trim();
      current = null;
      continue;
    }
    if (!fenced && line.startsWith('### ')) {
      const event = /^### `([^`]+)` \((client → server|server → client)\)$/.exec(line);
      const shape = /^### `([A-Z]\w*)`$/.exec(line);
      current = { title: line, body: '' };
      if (event) doc.events.set(`${event[2] as Direction}:${event[1]}`, current);
      else if (shape && chapter === 'Shapes') doc.shapes.set(shape[1], current);
      else doc.misplaced.push(line);
      continue;
    }
    if (current) current.body += `${line}\n`;
  }
  return doc;
}

const markdown = readFileSync(DOC, 'utf8');
const doc = readDoc(markdown);
const documented = (direction: Direction) =>
  [...doc.events.keys()].filter((k) => k.startsWith(`${direction}:`)).map((k) => k.slice(direction.length + 1));
function section(direction: Direction, event: string): Section {
  const s = doc.events.get(`${direction}:${event}`);
  if (!s) throw new Error(`docs/protocol.md has no section "### \`${event}\` (${direction})"`);
  return s;
}

const mentions = (text: string, word: string) =>
  new RegExp(`(?<![\\w$])${word.replace(/[$]/g, '\\$')}(?![\\w$])`).test(text);

/** A section's text together with the shape sections it links to (`[`RunSummary`](#runsummary)`). */
function withLinkedShapes(s: Section): string {
  let text = s.body;
  for (const [name, shape] of doc.shapes) if (s.body.includes(`[\`${name}\`]`)) text += shape.body;
  return text;
}

// ---- client payloads: the field table against the zod schema (as JSON Schema) ----

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  maxLength?: number;
  maximum?: number;
  maxItems?: number;
  minItems?: number;
  minLength?: number;
  pattern?: string;
};
type Field = { name: string; optional: boolean; nullable: boolean; node: JsonSchema };

function nonNull(node: JsonSchema): { node: JsonSchema; nullable: boolean } {
  const options = node.anyOf?.filter((o) => o.type !== 'null');
  return options && options.length === 1 ? { node: options[0], nullable: true } : { node, nullable: false };
}

/** Every field of an object schema, nested ones as `range.startLine` and `decisions[].path`. */
function fieldsOf(schema: JsonSchema, prefix = ''): Field[] {
  const out: Field[] = [];
  for (const [key, raw] of Object.entries(schema.properties ?? {})) {
    const { node, nullable } = nonNull(raw);
    const name = `${prefix}${key}`;
    out.push({ name, optional: !(schema.required ?? []).includes(key), nullable, node });
    if (node.type === 'object') out.push(...fieldsOf(node, `${name}.`));
    if (node.type === 'array' && node.items?.type === 'object') out.push(...fieldsOf(node.items, `${name}[].`));
  }
  return out;
}

/** The rows of a section's field table, by field name (`?` stripped), with the optional mark. */
function fieldRows(body: string): Map<string, { optional: boolean; row: string }> {
  const rows = new Map<string, { optional: boolean; row: string }>();
  for (const line of body.split('\n')) {
    const cell = /^\| `([\w.[\]]+?)(\?)?` \|/.exec(line);
    if (cell) rows.set(cell[1], { optional: cell[2] === '?', row: line });
  }
  return rows;
}

/** The row's text with thousands separators removed, so `4,000` reads as 4000. */
const plainNumbers = (row: string) => row.replace(/(?<=\d)[,_](?=\d{3}(?!\d))/g, '');

/** What the row must say about a field: null, enum values, limits (`1–4,000`), pattern. */
function problemsOf(field: Field, row: string): string[] {
  const problems: string[] = [];
  const node = field.node;
  const leaf = node.type === 'array' && node.items && node.items.type !== 'object' ? node.items : null;
  if (field.nullable && !row.includes('null')) problems.push('does not say it may be null');
  for (const value of node.enum ?? [])
    if (!row.includes(`'${String(value)}'`)) problems.push(`does not list '${String(value)}'`);
  const limits = [node.maxLength, node.maxItems, node.minItems || undefined, leaf?.maxLength, node.maximum];
  for (const limit of limits) {
    if (limit === undefined || limit >= Number.MAX_SAFE_INTEGER) continue;
    if (!new RegExp(`(?<![\\d.])${limit}(?![\\d.])`).test(plainNumbers(row)))
      problems.push(`does not give its limit ${limit}`);
  }
  for (const min of [node.minLength, leaf?.minLength]) {
    if (min && !plainNumbers(row).includes(`${min}–`)) problems.push(`does not give its least length as "${min}–"`);
  }
  if (node.pattern && !row.includes(node.pattern)) problems.push(`does not give its pattern ${node.pattern}`);
  return problems.map((p) => `${field.name}: ${p}`);
}

/** The zod schema of a field (`handoff.range`, `decisions[].path`), optional and nullable unwrapped. */
function zodField(schema: z.ZodType, name: string): z.ZodType {
  const unwrap = (t: z.ZodType): z.ZodType =>
    t instanceof z.ZodOptional || t instanceof z.ZodNullable ? unwrap(t.unwrap() as z.ZodType) : t;
  let at = unwrap(schema);
  for (const part of name.split('.')) {
    const key = part.replace(/\[\]$/, '');
    at = unwrap((at as z.ZodObject).shape[key] as z.ZodType);
    if (part.endsWith('[]')) at = unwrap((at as z.ZodArray<z.ZodType>).element);
  }
  return at;
}

/**
 * The most lines a line-range field takes (a bound written as a refinement, which JSON Schema
 * does not show), found by asking the schema; undefined when it takes ten million.
 */
function maxRangeLines(range: z.ZodType): number | undefined {
  const takes = (lines: number) => range.safeParse({ startLine: 1, endLine: lines }).success;
  if (takes(10_000_000)) return undefined;
  let lo = 1;
  let hi = 10_000_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (takes(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

// ---- replies, server payloads and shapes: properties of the TypeScript types ----

let checker: ts.TypeChecker;
let exported: Map<string, ts.Symbol>;

/** Property names of a type; of every member for a union (an evidence event's kinds). */
function propertiesOf(type: ts.Type): string[] {
  const names = new Set<string>();
  for (const member of type.isUnion() ? type.types : [type])
    for (const p of checker.getPropertiesOfType(member)) names.add(p.getName());
  return [...names];
}

function eventSignatures(interfaceName: string): Map<string, ts.Type[]> {
  const events = new Map<string, ts.Type[]>();
  for (const event of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(exported.get(interfaceName)!))) {
    const signature = checker.getTypeOfSymbol(event).getCallSignatures()[0];
    events.set(
      event.getName(),
      signature.getParameters().map((p) => checker.getTypeOfSymbol(p)),
    );
  }
  return events;
}

/** The fields of a successful reply: the `ok: true` member of `Ack<T>`, without `ok`. */
function replyFields(ack: ts.Type): string[] {
  const reply = checker.getTypeOfSymbol(ack.getCallSignatures()[0].getParameters()[0]);
  const ok = (reply.isUnion() ? reply.types : [reply]).filter((m) => !checker.getPropertyOfType(m, 'error'));
  return [...new Set(ok.flatMap(propertiesOf))].filter((name) => name !== 'ok');
}

beforeAll(() => {
  const program = ts.createProgram([PROTOCOL_INDEX], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  checker = program.getTypeChecker();
  const index = checker.getSymbolAtLocation(program.getSourceFile(PROTOCOL_INDEX)!)!;
  exported = new Map(checker.getExportsOfModule(index).map((s) => [s.getName(), s]));
}, 120_000);

describe('docs/protocol.md', () => {
  it('has only event sections (`name` (direction)) and, under Shapes, shape sections', () => {
    expect(doc.misplaced).toEqual([]);
  });

  it('documents every client → server event of clientEventSchemas, and no other', () => {
    expect(documented('client → server').sort()).toEqual(Object.keys(clientEventSchemas).sort());
  });

  it('documents every server → client event of SERVER_EVENTS, and no other', () => {
    expect(documented('server → client').sort()).toEqual([...SERVER_EVENTS].sort());
  });

  it.each(Object.keys(clientEventSchemas) as (keyof typeof clientEventSchemas)[])(
    '%s: the field table is the zod schema (names, optional, null, enums, limits, patterns, range bounds)',
    (event) => {
      const s = section('client → server', event);
      const schema = z.toJSONSchema(clientEventSchemas[event], { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      const fields = fieldsOf(schema);
      const rows = fieldRows(s.body);
      expect([...rows.keys()].sort(), 'documented fields').toEqual(fields.map((f) => f.name).sort());
      if (fields.length === 0)
        expect(s.body, 'an event without fields says its payload is {}').toContain('Payload: `{}`');
      const problems = fields.flatMap((f) => {
        const row = rows.get(f.name)!;
        const mark =
          row.optional === f.optional
            ? []
            : [`${f.name}: ${f.optional ? 'optional, so written `name?`' : 'required, so written without ?'}`];
        const lines = f.node.properties?.startLine
          ? maxRangeLines(zodField(clientEventSchemas[event], f.name))
          : undefined;
        const bound =
          lines === undefined || plainNumbers(row.row).includes(`at most ${lines} lines`)
            ? []
            : [`${f.name}: does not say "at most ${lines} lines"`];
        return [...mark, ...bound, ...problemsOf(f, row.row)];
      });
      expect(problems).toEqual([]);
    },
  );

  it('names every field of every reply', () => {
    const missing: string[] = [];
    for (const [event, [, ack]] of eventSignatures('ClientToServerEvents')) {
      const s = doc.events.get(`client → server:${event}`);
      if (!s) continue; // reported by the event-list test
      if (!/^Reply: /m.test(s.body)) missing.push(`${event}: no "Reply:" paragraph`);
      const text = withLinkedShapes(s);
      for (const field of replyFields(ack)) if (!mentions(text, field)) missing.push(`${event} reply: ${field}`);
    }
    expect(missing).toEqual([]);
  });

  it('names every field of every server → client payload', () => {
    const missing: string[] = [];
    for (const [event, [payload]] of eventSignatures('ServerToClientEvents')) {
      const s = doc.events.get(`server → client:${event}`);
      if (!s) continue; // reported by the event-list test
      if (!/^Payload: /m.test(s.body)) missing.push(`${event}: no "Payload:" paragraph`);
      const text = withLinkedShapes(s);
      for (const field of propertiesOf(payload)) if (!mentions(text, field)) missing.push(`${event}: ${field}`);
    }
    expect(missing).toEqual([]);
  });

  it('describes shapes that lib/protocol exports, naming every field', () => {
    const problems: string[] = [];
    for (const [name, s] of doc.shapes) {
      const symbol = exported.get(name);
      if (!symbol) {
        problems.push(`${name}: not exported by lib/protocol`);
        continue;
      }
      for (const field of propertiesOf(checker.getDeclaredTypeOfSymbol(symbol)))
        if (!mentions(s.body, field)) problems.push(`${name}: ${field}`);
    }
    expect(problems).toEqual([]);
  });

  it('links only to headings it has (GitHub anchors)', () => {
    const slug = (heading: string) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-');
    const headings = markdown.split('\n').filter((line) => /^#{1,6} /.test(line));
    const anchors = new Set(headings.map((line) => slug(line.replace(/^#+ /, ''))));
    const links = [...markdown.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(20);
    expect(links.filter((anchor) => !anchors.has(anchor))).toEqual([]);
  });
});
