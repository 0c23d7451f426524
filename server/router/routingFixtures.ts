// Realistic requests and the lane each must go to: the routing policy's acceptance table. It grows
// with every miss found; a request may come with the lanes' state (speed, failures, budgets) and
// the selection's size, so latency and lane-down decisions are held to it too. Questions (answers,
// edits asked as questions, bug hunts asked as questions) are in questionFixtures.ts.
import type { FastIntent, Lane } from '../../lib/protocol/route';
import { UNMEASURED, type LaneFailure, type LaneSnapshot } from './laneState';
import { QUESTION_FIXTURES } from './questionFixtures';
import type { RouteInput } from './route';

/** `intent`: the fast lane's (`edit` when not given); `unsure`: the rules only guess, the router asks the model. */
export type RoutingFixture = RouteInput & { expect: Lane; intent?: FastIntent; unsure?: true; lanes?: LaneSnapshot };

const sel = (startLine: number, endLine: number) => ({ startLine, endLine });
const file = 'src/cart.ts';

/** The fast model measured at this speed over recent turns. */
const measured = (tokensPerSec: number, ttftMs = 300): LaneSnapshot => ({
  ...UNMEASURED,
  fast: { tokensPerSec, ttftMs, turns: 20 },
});
const failure = (kind: LaneFailure['kind'], status: number | null): LaneFailure => ({
  kind,
  status,
  at: 0,
  retryAfterMs: null,
});
const fastDown: LaneSnapshot = { ...measured(900), down: { fast: failure('rate_limit', 429) } };
const strongDown: LaneSnapshot = { ...measured(900), down: { strong: failure('overloaded', 503) } };
const bothDown: LaneSnapshot = { ...fastDown, down: { ...fastDown.down, ...strongDown.down } };

export const ROUTING_FIXTURES: RoutingFixture[] = [
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

  // misses found on unseen requests: multi-module refactors → strong
  {
    instruction: 'refactor the cart and checkout modules to share one pricing helper',
    path: file,
    selection: sel(14, 20),
    expect: 'strong',
  },
  {
    instruction: 'move formatPrice from cart.ts into format.ts and update the imports',
    path: file,
    selection: sel(40, 46),
    expect: 'strong',
  },
  {
    instruction: 'extract the discount logic into its own module',
    path: file,
    selection: sel(22, 34),
    expect: 'strong',
  },
  {
    instruction: 'split the inventory service into a reader and a writer module',
    path: 'src/inventory.ts',
    selection: null,
    expect: 'strong',
  },
  { instruction: 'merge util.ts and helpers.ts', path: 'src/util.ts', selection: null, expect: 'strong' },
  {
    instruction: 'consolidate the duplicated validation in the api and ui layers',
    path: 'src/validate.ts',
    selection: sel(1, 30),
    expect: 'strong',
  },
  // bug hunts → strong
  { instruction: 'why does checkout crash when the cart is empty?', path: file, selection: null, expect: 'strong' },
  {
    instruction: 'track down the bug that makes totals drift by a cent',
    path: file,
    selection: sel(14, 20),
    expect: 'strong',
  },
  {
    instruction: 'figure out why the inventory count goes negative',
    path: 'src/inventory.ts',
    selection: sel(3, 7),
    expect: 'strong',
  },
  {
    instruction: 'debug the intermittent failure in the sync loop',
    path: 'src/sync.ts',
    selection: sel(10, 40),
    expect: 'strong',
  },
  {
    instruction: 'find the root cause of the NaN in the receipt',
    path: file,
    selection: sel(29, 34),
    expect: 'strong',
  },
  { instruction: 'why is the total undefined after a refund', path: file, selection: sel(14, 20), expect: 'strong' },
  {
    instruction: 'hunt down the memory leak in the socket handler',
    path: 'server/socket.ts',
    selection: null,
    expect: 'strong',
  },
  // concurrency: questions → review, changes → strong
  { instruction: 'is there a race here?', path: 'src/queue.ts', selection: sel(5, 40), expect: 'review' },
  {
    instruction: 'is there a race condition between save and reload?',
    path: 'src/store.ts',
    selection: sel(12, 48),
    expect: 'review',
  },
  { instruction: 'could this deadlock?', path: 'src/locks.ts', selection: sel(1, 25), expect: 'review' },
  {
    instruction: 'what happens if two tabs save the cart at the same time?',
    path: file,
    selection: sel(50, 62),
    expect: 'review',
  },
  { instruction: 'fix the race in the job queue', path: 'src/queue.ts', selection: sel(5, 40), expect: 'strong' },
  { instruction: 'make the cache thread-safe', path: 'src/cache.ts', selection: sel(1, 30), expect: 'strong' },
  // near misses that stay fast
  { instruction: 'add a comment explaining why we round here', path: file, selection: sel(29, 30), expect: 'fast' },
  { instruction: 'add a debug log before the return', path: file, selection: sel(14, 20), expect: 'fast' },
  { instruction: 'extract this into a helper function', path: file, selection: sel(22, 27), expect: 'fast' },
  { instruction: 'refactor this function to use early returns', path: file, selection: sel(14, 30), expect: 'fast' },
  {
    instruction: 'can you make these two requests run in parallel',
    path: 'src/load.ts',
    selection: sel(3, 9),
    expect: 'fast',
  },
  { instruction: 'import formatPrice from format.ts', path: file, selection: sel(1, 1), expect: 'fast' },

  // the lanes' state: estimated time to done (selectionChars / 4 tokens at the measured speed)
  {
    instruction: 'rename total to sum',
    path: file,
    selection: sel(1, 80),
    selectionChars: 28_800,
    lanes: measured(180),
    expect: 'strong',
  },
  {
    instruction: 'rename total to sum',
    path: file,
    selection: sel(1, 80),
    selectionChars: 28_800,
    lanes: measured(2000),
    expect: 'fast',
  },
  {
    instruction: 'translate the comments to English',
    path: 'src/app.ts',
    selection: sel(40, 60),
    selectionChars: 1_400,
    lanes: measured(25, 2500),
    expect: 'fast',
  },
  {
    instruction: 'add types to the parameters',
    path: 'src/util.js',
    selection: sel(1, 70),
    selectionChars: 5_600,
    lanes: measured(40, 800),
    expect: 'strong',
  },
  { instruction: 'add a doc comment', path: file, selection: sel(10, 12), selectionChars: 120, expect: 'fast' },
  // before any fast turn is measured: an assumed speed (the reason says so)
  {
    instruction: 'replace var with const',
    path: 'legacy/old.js',
    selection: sel(1, 80),
    selectionChars: 3_200,
    expect: 'fast',
  },
  {
    instruction: 'replace var with const',
    path: 'legacy/old.js',
    selection: sel(1, 80),
    selectionChars: 12_000,
    expect: 'strong',
  },
  {
    instruction: '/fast rename total to sum',
    path: file,
    selection: sel(1, 80),
    selectionChars: 28_800,
    lanes: measured(180),
    expect: 'fast',
  },
  // a lane that is down right now
  { instruction: 'rename total to sum', path: file, selection: sel(14, 20), lanes: fastDown, expect: 'strong' },
  { instruction: '/fast rename total to sum', path: file, selection: sel(14, 20), lanes: fastDown, expect: 'fast' },
  {
    instruction: 'rename total to sum',
    path: file,
    selection: sel(14, 20),
    lanes: { ...measured(900), budgetLeft: { fast: 0 } },
    expect: 'strong',
  },
  { instruction: 'rename total to sum', path: file, selection: sel(14, 20), lanes: bothDown, expect: 'fast' },
  { instruction: 'rewrite this file', path: 'src/big.ts', selection: sel(1, 400), lanes: strongDown, expect: 'fast' },
  {
    instruction: 'run the tests and fix whatever fails',
    path: file,
    selection: null,
    lanes: strongDown,
    expect: 'strong',
  },
  { instruction: 'add pagination', path: null, selection: null, lanes: strongDown, expect: 'strong' },
  { instruction: 'review this function', path: file, selection: sel(14, 20), lanes: strongDown, expect: 'review' },
  { instruction: 'uppercase the strings', path: file, selection: null, lanes: strongDown, expect: 'fast' },
  ...QUESTION_FIXTURES,
];
