// Realistic requests and the lane each must go to: the routing policy's acceptance table.
import type { Lane, RouteQuery } from '../../lib/protocol/route';

const sel = (startLine: number, endLine: number) => ({ startLine, endLine });
const file = 'src/cart.ts';

export const ROUTING_FIXTURES: (RouteQuery & { expect: Lane })[] = [
  // small, local, reversible edits → fast
  { instruction: 'rename total to sum', path: file, selection: sel(14, 20), expect: 'fast' },
  { instruction: 'add a doc comment', path: file, selection: sel(10, 12), expect: 'fast' },
  { instruction: 'convert to an arrow function', path: file, selection: sel(10, 12), expect: 'fast' },
  { instruction: 'use async/await instead of then', path: 'src/inventory.ts', selection: sel(3, 7), expect: 'fast' },
  { instruction: 'add a null check for items', path: file, selection: sel(14, 20), expect: 'fast' },
  { instruction: 'add types to the parameters', path: 'src/util.js', selection: sel(1, 8), expect: 'fast' },
  { instruction: 'make this a for...of loop', path: file, selection: sel(16, 18), expect: 'fast' },
  { instruction: 'extract the magic number into a constant', path: file, selection: sel(22, 27), expect: 'fast' },
  { instruction: 'simplify this condition', path: file, selection: sel(23, 25), expect: 'fast' },
  { instruction: 'make the error message friendlier', path: file, selection: sel(24, 24), expect: 'fast' },
  { instruction: 'inline this variable', path: file, selection: sel(31, 32), expect: 'fast' },
  { instruction: 'use template literals', path: 'src/format.ts', selection: sel(1, 5), expect: 'fast' },
  { instruction: 'sort the imports', path: 'src/app.tsx', selection: sel(1, 12), expect: 'fast' },
  { instruction: 'translate the comments to English', path: 'src/app.ts', selection: sel(40, 60), expect: 'fast' },
  { instruction: 'uppercase the strings', path: file, selection: null, expect: 'fast' },
  { instruction: 'fix the typo in this comment', path: 'README.md', selection: sel(3, 3), expect: 'fast' },
  { instruction: 'handle the empty array case', path: file, selection: sel(14, 20), expect: 'fast' },
  { instruction: 'replace var with const', path: 'legacy/old.js', selection: sel(5, 30), expect: 'fast' },
  // multi-file, long, architectural, migrations, tests, security → strong
  { instruction: 'rename LineItem to CartLine in all files', path: file, selection: sel(3, 8), expect: 'strong' },
  { instruction: 'run the tests and fix whatever fails', path: file, selection: null, expect: 'strong' },
  { instruction: 'fix the failing test in cart.test.ts', path: 'test/cart.test.ts', selection: null, expect: 'strong' },
  { instruction: 'migrate from moment to date-fns', path: 'src/dates.ts', selection: sel(1, 10), expect: 'strong' },
  { instruction: 'upgrade the project to React 19', path: 'package.json', selection: null, expect: 'strong' },
  { instruction: 'restructure the app into feature folders', path: 'src/app.ts', selection: null, expect: 'strong' },
  {
    instruction: 'refactor the whole payments module to use the new client',
    path: 'src/payments.ts',
    selection: sel(1, 30),
    expect: 'strong',
  },
  {
    instruction: 'implement a caching layer for the inventory service',
    path: 'src/inventory.ts',
    selection: null,
    expect: 'strong',
  },
  {
    instruction: 'add authentication to every endpoint',
    path: 'server/routes.ts',
    selection: sel(1, 40),
    expect: 'strong',
  },
  {
    instruction: 'sanitize user input to prevent XSS',
    path: 'src/render.ts',
    selection: sel(10, 20),
    expect: 'strong',
  },
  { instruction: 'write unit tests for the discount logic', path: file, selection: sel(22, 27), expect: 'strong' },
  { instruction: 'make this change across the codebase', path: file, selection: sel(1, 2), expect: 'strong' },
  {
    instruction: 'update every caller of formatPrice to pass a currency',
    path: 'src/format.ts',
    selection: sel(1, 5),
    expect: 'strong',
  },
  {
    instruction: 'move the API keys out of the source into environment variables',
    path: 'src/config.ts',
    selection: sel(1, 10),
    expect: 'strong',
  },
  { instruction: 'rewrite this file', path: 'src/big.ts', selection: sel(1, 400), expect: 'strong' },
  { instruction: 'add pagination', path: null, selection: null, expect: 'strong' },
  {
    instruction:
      'Change the checkout flow so that discounts are validated on the server, the client shows the validated total, ' +
      'the receipt lists each discount separately with its code and amount, ' +
      'and the totals are rounded half-even to avoid the one-cent drift people reported',
    path: file,
    selection: sel(29, 34),
    expect: 'strong',
  },
  {
    instruction: 'this is a multi-file change: split cart.ts into cart/total.ts and cart/receipt.ts',
    path: file,
    selection: null,
    expect: 'strong',
  },
  // review requests → review
  { instruction: 'review this function', path: file, selection: sel(14, 20), expect: 'review' },
  { instruction: 'find bugs in this file', path: file, selection: null, expect: 'review' },
  { instruction: 'check this for off-by-one errors', path: file, selection: sel(16, 18), expect: 'review' },
  { instruction: 'is this thread-safe?', path: 'src/queue.ts', selection: sel(5, 40), expect: 'review' },
  { instruction: "what's wrong with this loop", path: file, selection: sel(16, 18), expect: 'review' },
  { instruction: 'look for potential security issues', path: 'src/auth.ts', selection: null, expect: 'review' },
  { instruction: 'code review the last background run', path: null, selection: null, expect: 'review' },
  // explicit overrides win
  { instruction: '/bg add a doc comment', path: file, selection: sel(10, 12), expect: 'strong' },
  { instruction: '/fast rename LineItem to CartLine in all files', path: file, selection: sel(3, 8), expect: 'fast' },
  { instruction: '/review rename total to sum', path: file, selection: sel(14, 20), expect: 'review' },
];
