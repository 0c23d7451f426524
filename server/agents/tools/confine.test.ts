import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside } from '../../workspace/realPath';
import { confine, PathRefused } from './confine';

function snapshot() {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-confine-')));
  const root = path.join(base, 'snap');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(root, 'src/a.ts'), 'a');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
  fs.symlinkSync(outside, path.join(root, 'escape'));
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'secret-link'));
  fs.symlinkSync(path.join(outside, 'not-yet'), path.join(root, 'dangling'));
  fs.symlinkSync(path.join(root, 'src'), path.join(root, 'src-link'));
  return { root, outside };
}

describe('confine', () => {
  const { root } = snapshot();
  it('maps relative paths inside the snapshot', () => {
    expect(confine(root, 'src/a.ts')).toBe(path.join(root, 'src/a.ts'));
    expect(confine(root, './src//a.ts')).toBe(path.join(root, 'src/a.ts'));
    expect(confine(root, 'src/new/file.ts')).toBe(path.join(root, 'src/new/file.ts'));
    expect(confine(root, 'src-link/a.ts')).toBe(path.join(root, 'src-link/a.ts'));
  });

  it.each([
    ['../outside/secret.txt', /"\.\." is not allowed/],
    ['src/../../x', /"\.\." is not allowed/],
    ['/etc/passwd', /relative to the workspace root/],
    ['C:\\Windows', /relative to the workspace root/],
    ['a\0b', /NUL/],
    ['', /empty/],
    ['.git/config', /\.git is not part/],
    ['escape/secret.txt', /symlink leads outside/],
    ['escape/new.txt', /symlink leads outside/],
    ['secret-link', /symlink leads outside/],
    ['dangling', /symlink leads outside/],
    ['dangling/deeper.txt', /symlink leads outside/],
  ])('refuses %j', (rel, message) => {
    expect(() => confine(root, rel)).toThrow(PathRefused);
    expect(() => confine(root, rel)).toThrow(message);
  });
});

describe('isInside', () => {
  it('is true for the folder itself and what is under it, a name starting with ".." included', () => {
    expect(isInside('/data', '/data')).toBe(true);
    expect(isInside('/data/runs/r1', '/data')).toBe(true);
    expect(isInside('/data/..cache', '/data')).toBe(true);
    expect(isInside('/data-old/x', '/data')).toBe(false);
    expect(isInside('/', '/data')).toBe(false);
  });
});
