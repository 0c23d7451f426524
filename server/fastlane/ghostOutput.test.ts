import { describe, expect, it } from 'vitest';
import { GhostOutput, RestartDetector } from './ghostOutput';

function apply(text: string, d: { from: number; text: string } | null): string {
  return d ? text.slice(0, d.from) + d.text : text;
}

describe('GhostOutput', () => {
  it('appends a fresh stream', () => {
    const g = new GhostOutput();
    expect(g.append('abc')).toEqual({ from: 0, text: 'abc' });
    expect(g.append('de')).toEqual({ from: 3, text: 'de' });
    expect(g.text).toBe('abcde');
  });

  it('continues after a redirect without resending the partial', () => {
    const g = new GhostOutput();
    g.append('let sum = 0;\n');
    g.continueFromHere();
    expect(g.append('return sum;')).toEqual({ from: 13, text: 'return sum;' });
  });

  it('on restart keeps the screen while the text repeats, and rewinds only where it differs', () => {
    const g = new GhostOutput();
    let client = '';
    client = apply(client, g.append('let total = 0;\nfor'));
    g.restart();
    for (const chunk of ['let t', 'ot', 'al = ']) expect(g.append(chunk)).toBeNull();
    client = apply(client, g.append('1;\nwhile'));
    expect(client).toBe('let total = 1;\nwhile');
    expect(g.text).toBe(client);
    client = apply(client, g.append(' (x)'));
    expect(client).toBe('let total = 1;\nwhile (x)');
  });

  it('a restart that ends as a prefix of the old text cuts the rest', () => {
    const g = new GhostOutput();
    let client = apply('', g.append('abcdef'));
    g.restart();
    expect(g.append('abc')).toBeNull();
    client = apply(client, g.end());
    expect(client).toBe('abc');
  });
});

describe('RestartDetector', () => {
  it('detects the marker split across chunks and strips it', () => {
    const d = new RestartDetector('<restart/>');
    expect(d.push('<res')).toBeNull();
    expect(d.push('tart/>')).toBeNull();
    expect(d.push('\nconst a')).toBe('const a');
    expect(d.decided).toBe('restart');
  });

  it('passes ordinary continuations through once they cannot be the marker', () => {
    const d = new RestartDetector('<restart/>');
    expect(d.push('<')).toBeNull();
    expect(d.push('div>')).toBe('<div>');
    expect(d.decided).toBe('continue');
  });
});
