// A small strict XML reader and writer for the edXML envelopes (no dependency). Pure: no I/O.
// The reader accepts elements, attributes, text, CDATA, comments and the leading XML declaration, nothing else:
// a DOCTYPE, an entity declaration, a processing instruction or an entity other than the five predefined ones and
// numeric character references is refused (XXE and entity expansion cannot happen: nothing is ever expanded).
// Bounded: input length, depth, element count. Namespaces are resolved (prefix → URI; an undeclared prefix is
// refused). Mixed content (text beside child elements) is refused; whitespace between elements is dropped.
// The writer produces the one canonical form the signatures are computed over (`canonical`).

/** An element: its namespace URI ('' for none), local name, attributes (unprefixed only) and either children or text. */
export interface XmlElement {
  ns: string;
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export type XmlRefusalReason = 'too_large' | 'not_utf8' | 'doctype' | 'processing_instruction' | 'entity' | 'syntax' | 'too_deep' | 'too_many_nodes' | 'namespace' | 'mixed_content';

/** The one error the reader throws: a typed refusal. */
export class XmlRefusal extends Error {
  constructor(
    readonly reason: XmlRefusalReason,
    readonly at: number,
  ) {
    super(`XML refused: ${reason} at ${at}`);
  }
}

export interface XmlLimits {
  maxChars: number;
  maxDepth: number;
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxChars: 40 * 1024 * 1024, maxDepth: 24, maxElements: 5000 };

const NAME_START = /[A-Za-z_\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_.\-\u00B7\u00C0-\uFFFF]/;
// Characters XML 1.0 allows in a document.
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

interface RawElement {
  qname: string;
  attrs: Array<[string, string]>;
  children: RawElement[];
  text: string;
  hasText: boolean;
  scope: Map<string, string>;
}

/** Parses `input` into its root element, or throws XmlRefusal. */
export function parseXml(input: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  if (input.length > limits.maxChars) throw new XmlRefusal('too_large', 0);
  if (FORBIDDEN_CHAR.test(input)) throw new XmlRefusal('syntax', input.search(FORBIDDEN_CHAR));
  let i = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  let elements = 0;
  const fail = (reason: XmlRefusalReason): never => {
    throw new XmlRefusal(reason, i);
  };
  const skipSpace = () => {
    while (i < input.length && /[ \t\r\n]/.test(input[i]!)) i++;
  };
  const readName = (): string => {
    const start = i;
    if (i >= input.length || !NAME_START.test(input[i]!)) fail('syntax');
    i++;
    while (i < input.length && (NAME_CHAR.test(input[i]!) || input[i] === ':')) i++;
    const name = input.slice(start, i);
    if (name.split(':').length > 2 || name.endsWith(':') || name.startsWith(':')) fail('syntax');
    return name;
  };
  const decode = (raw: string, offset: number): string => {
    if (raw.includes('<')) throw new XmlRefusal('syntax', offset);
    return raw.replace(/&([^;&]{0,12});?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) throw new XmlRefusal('entity', offset);
      if (ref.startsWith('#x') || ref.startsWith('#X')) {
        if (!/^#[xX][0-9A-Fa-f]{1,6}$/.test(ref)) throw new XmlRefusal('entity', offset);
        return codePoint(Number.parseInt(ref.slice(2), 16), offset);
      }
      if (ref.startsWith('#')) {
        if (!/^#[0-9]{1,7}$/.test(ref)) throw new XmlRefusal('entity', offset);
        return codePoint(Number.parseInt(ref.slice(1), 10), offset);
      }
      const value = PREDEFINED[ref];
      if (value === undefined) throw new XmlRefusal('entity', offset);
      return value;
    });
  };
  // Misc: whitespace, comments; the XML declaration only at the very start.
  const skipMisc = (allowDeclaration: boolean) => {
    for (;;) {
      if (allowDeclaration && input.startsWith('<?xml', i) && /[ \t\r\n?]/.test(input[i + 5] ?? '')) {
        const end = input.indexOf('?>', i);
        if (end < 0) fail('syntax');
        const decl = input.slice(i + 5, end);
        if (!/^\s+version\s*=\s*(["'])1\.[0-9]\1(\s+encoding\s*=\s*(["'])(UTF-8|utf-8)\3)?(\s+standalone\s*=\s*(["'])(yes|no)\6)?\s*$/.test(decl)) fail('syntax');
        i = end + 2;
      }
      allowDeclaration = false;
      skipSpace();
      if (input.startsWith('<!--', i)) {
        const end = input.indexOf('-->', i + 4);
        if (end < 0) fail('syntax');
        if (input.slice(i + 4, end).includes('--')) fail('syntax');
        i = end + 3;
        continue;
      }
      if (input.startsWith('<!DOCTYPE', i) || input.startsWith('<!doctype', i)) fail('doctype');
      if (input.startsWith('<!ENTITY', i)) fail('entity');
      if (input.startsWith('<?', i)) fail('processing_instruction');
      return;
    }
  };

  skipMisc(true);
  if (input[i] !== '<') fail('syntax');
  const stack: RawElement[] = [];
  let root: RawElement | null = null;
  const rootScope = new Map<string, string>([
    ['xml', 'http://www.w3.org/XML/1998/namespace'],
    ['', ''],
  ]);
  while (i < input.length) {
    if (input[i] === '<') {
      if (input.startsWith('<!--', i)) {
        const end = input.indexOf('-->', i + 4);
        if (end < 0 || input.slice(i + 4, end).includes('--')) fail('syntax');
        i = end + 3;
        continue;
      }
      if (input.startsWith('<![CDATA[', i)) {
        if (!stack.length) fail('syntax');
        const end = input.indexOf(']]>', i + 9);
        if (end < 0) fail('syntax');
        const top = stack[stack.length - 1]!;
        top.text += input.slice(i + 9, end);
        top.hasText = true;
        i = end + 3;
        continue;
      }
      if (input.startsWith('<!DOCTYPE', i) || input.startsWith('<!doctype', i)) fail('doctype');
      if (input.startsWith('<!', i)) fail('entity');
      if (input.startsWith('<?', i)) fail('processing_instruction');
      if (input[i + 1] === '/') {
        i += 2;
        const name = readName();
        skipSpace();
        if (input[i] !== '>') fail('syntax');
        i++;
        const top = stack.pop();
        if (!top || top.qname !== name) fail('syntax');
        if (!stack.length) {
          root = top!;
          break;
        }
        continue;
      }
      // A start tag.
      if (root || (stack.length === 0 && elements > 0)) fail('syntax');
      i++;
      const qname = readName();
      const attrs: Array<[string, string]> = [];
      for (;;) {
        const before = i;
        skipSpace();
        if (input.startsWith('/>', i) || input[i] === '>') break;
        if (i === before) fail('syntax');
        const name = readName();
        skipSpace();
        if (input[i] !== '=') fail('syntax');
        i++;
        skipSpace();
        const quote = input[i];
        if (quote !== '"' && quote !== "'") fail('syntax');
        const end = input.indexOf(quote!, i + 1);
        if (end < 0) fail('syntax');
        const value = decode(input.slice(i + 1, end), i);
        if (attrs.some(([n]) => n === name)) fail('syntax');
        attrs.push([name, value]);
        i = end + 1;
      }
      const selfClosing = input[i] === '/';
      i += selfClosing ? 2 : 1;
      elements++;
      if (elements > limits.maxElements) fail('too_many_nodes');
      if (stack.length + 1 > limits.maxDepth) fail('too_deep');
      const parentScope = stack.length ? stack[stack.length - 1]!.scope : rootScope;
      let scope = parentScope;
      for (const [name, value] of attrs) {
        if (name === 'xmlns' || name.startsWith('xmlns:')) {
          if (scope === parentScope) scope = new Map(parentScope);
          const prefix = name === 'xmlns' ? '' : name.slice(6);
          if (prefix && !value) fail('namespace');
          scope.set(prefix, value);
        }
      }
      const element: RawElement = { qname, attrs, children: [], text: '', hasText: false, scope };
      if (stack.length) stack[stack.length - 1]!.children.push(element);
      if (selfClosing) {
        if (!stack.length) {
          root = element;
          break;
        }
      } else stack.push(element);
      continue;
    }
    // Text.
    if (!stack.length) fail('syntax');
    const end = input.indexOf('<', i);
    const raw = input.slice(i, end < 0 ? input.length : end);
    if (raw.includes(']]>')) fail('syntax');
    const top = stack[stack.length - 1]!;
    const text = decode(raw, i);
    top.text += text;
    if (text.trim()) top.hasText = true;
    i = end < 0 ? input.length : end;
  }
  if (!root || stack.length) fail('syntax');
  skipMisc(false);
  if (i !== input.length) fail('syntax');
  return resolve(root!, 0);
}

function codePoint(value: number, offset: number): string {
  const ok = value === 0x9 || value === 0xa || value === 0xd || (value >= 0x20 && value <= 0xd7ff) || (value >= 0xe000 && value <= 0xfffd) || (value >= 0x10000 && value <= 0x10ffff);
  if (!ok) throw new XmlRefusal('entity', offset);
  return String.fromCodePoint(value);
}

function resolve(raw: RawElement, offset: number): XmlElement {
  const [prefix, local] = raw.qname.includes(':') ? raw.qname.split(':') as [string, string] : ['', raw.qname];
  const ns = raw.scope.get(prefix);
  if (ns === undefined) throw new XmlRefusal('namespace', offset);
  const attrs: Record<string, string> = {};
  for (const [name, value] of raw.attrs) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    // Prefixed attributes (xsi:…, xml:lang) carry nothing the envelope needs: a declared prefix is ignored.
    if (name.includes(':')) {
      if (!raw.scope.has(name.split(':')[0]!)) throw new XmlRefusal('namespace', offset);
      continue;
    }
    attrs[name] = value;
  }
  if (raw.children.length && raw.hasText) throw new XmlRefusal('mixed_content', offset);
  return { ns, name: local, attrs, children: raw.children.map((c) => resolve(c, offset)), text: raw.children.length ? '' : raw.text };
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function escapeAttr(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** An element in `ns` (children or text). */
export function el(ns: string, name: string, content: XmlElement[] | string | number = [], attrs: Record<string, string> = {}): XmlElement {
  return Array.isArray(content) ? { ns, name, attrs, children: content, text: '' } : { ns, name, attrs, children: [], text: String(content) };
}

/**
 * The canonical text of an element: the namespace `ns` written with `prefix` (declared once on the root), no
 * other namespace, attributes sorted, text escaped, no whitespace between elements, empty elements as `<a></a>`.
 * The reader reads it back to the same tree; re-serialising a parsed tree gives the same bytes (signatures).
 */
export function canonical(root: XmlElement, prefix: string, ns: string): string {
  const parts: string[] = [];
  const write = (e: XmlElement, isRoot: boolean) => {
    const qname = e.ns === ns ? `${prefix}:${e.name}` : e.name;
    parts.push('<', qname);
    if (isRoot) parts.push(` xmlns:${prefix}="${escapeAttr(ns)}"`);
    for (const key of Object.keys(e.attrs).sort()) parts.push(' ', key, '="', escapeAttr(e.attrs[key]!), '"');
    parts.push('>');
    if (e.children.length) for (const c of e.children) write(c, false);
    else parts.push(escapeText(e.text));
    parts.push('</', qname, '>');
  };
  write(root, true);
  return parts.join('');
}

/** The child elements named `name` in `ns`. */
export function childrenNamed(e: XmlElement, ns: string, name: string): XmlElement[] {
  return e.children.filter((c) => c.ns === ns && c.name === name);
}
