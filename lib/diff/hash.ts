// Why: diff review state (accepted hunks, open conflicts) must survive recomputing a diff after
// the lines around a change move, so their ids come from their content, not from their position.

/** A 53-bit content hash (two 32-bit multiply-xor lanes) as a short base-36 string. */
export function contentHash(text: string): string {
  let a = 0xdeadbeef;
  let b = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 2654435761);
    b = Math.imul(b ^ code, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return (4294967296 * (2097151 & b) + (a >>> 0)).toString(36);
}

/** Makes ids unique within one list: the second equal id gets `~2`, the third `~3`, and so on. */
export class UniqueIds {
  private readonly seen = new Map<string, number>();

  next(id: string): string {
    const count = (this.seen.get(id) ?? 0) + 1;
    this.seen.set(id, count);
    return count === 1 ? id : `${id}~${count}`;
  }
}
