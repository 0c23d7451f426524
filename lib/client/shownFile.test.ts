import { describe, expect, it } from 'vitest';
import { ShownFile } from './shownFile';

/** 'shown' if the promise has resolved once pending callbacks have run, else 'waiting'. */
async function settled(p: Promise<void>): Promise<'shown' | 'waiting'> {
  return Promise.race([
    p.then(() => 'shown' as const),
    new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 0)),
  ]);
}

describe('ShownFile', () => {
  it('resolves at once for the file already shown', async () => {
    const shown = new ShownFile();
    shown.set('src/a.ts');
    expect(await settled(shown.whenShown('src/a.ts'))).toBe('shown');
  });

  it('waits for another file until the editor shows it', async () => {
    const shown = new ShownFile();
    shown.set('src/a.ts');
    const b = shown.whenShown('src/b.ts');
    expect(await settled(b)).toBe('waiting');
    shown.set('src/c.ts');
    expect(await settled(b)).toBe('waiting');
    shown.set('src/b.ts');
    expect(await settled(b)).toBe('shown');
  });

  it('forgets a file once the editor shows nothing or another one', async () => {
    const shown = new ShownFile();
    shown.set('src/a.ts');
    shown.set(null);
    expect(await settled(shown.whenShown('src/a.ts'))).toBe('waiting');
    shown.set('src/a.ts');
    shown.set('src/b.ts');
    expect(await settled(shown.whenShown('src/a.ts'))).toBe('waiting');
  });
});
