// Pure rules of stored files: safe file names and extensions. No I/O.

/** A safe file name: no path parts, no control characters, at most 200 characters (extension kept). */
export function sanitiseFileName(name: string | null | undefined, fallback = 'tep'): string {
  let base = String(name ?? '').normalize('NFC');
  base = base.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  base = base.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  base = base.replace(/[<>:"|?*]/g, '_').replace(/\s+/g, ' ').trim();
  base = base.replace(/^\.+/, '').trim();
  if (!base) return fallback;
  const chars = [...base];
  if (chars.length <= 200) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return [...base.slice(0, base.length - ext.length)].slice(0, 200 - ext.length).join('') + ext;
}

/** Lower-case extension without the dot ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
