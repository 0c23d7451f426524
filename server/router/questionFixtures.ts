// Questions in the routing fixture table: answers in words for the fast lane, questions that are
// really edits ("can you rename x to y?"), and questions that are bug hunts, races or reviews and
// keep their lanes. `intent` is what the fast lane must do (`edit` when not said); `unsure` marks a
// request the rules only guess, where the router asks the fast model (classifier.ts) — the table
// holds the rules' own reading, the classifier test holds what the model makes of it.
import { UNMEASURED, type LaneSnapshot } from './laneState';
import type { RoutingFixture } from './routingFixtures';

const sel = (startLine: number, endLine: number) => ({ startLine, endLine });
const file = 'src/cart.ts';
const measured = (tokensPerSec: number, ttftMs = 300): LaneSnapshot => ({
  ...UNMEASURED,
  fast: { tokensPerSec, ttftMs, turns: 20 },
});
const fastDown: LaneSnapshot = {
  ...measured(900),
  down: { fast: { kind: 'rate_limit', status: 429, at: 0, retryAfterMs: null } },
};
const answer = { expect: 'fast', intent: 'answer' } as const;
const edit = { expect: 'fast', intent: 'edit' } as const;

export const QUESTION_FIXTURES: RoutingFixture[] = [
  // a question about the selection or the file, wanting words → fast, answer
  { instruction: 'explain this', path: file, selection: sel(14, 20), ...answer },
  { instruction: 'what does this return for an empty list?', path: file, selection: sel(14, 20), ...answer },
  { instruction: 'why does this print −$0.05?', path: 'src/format.ts', selection: sel(3, 9), ...answer },
  { instruction: 'how does this work?', path: 'src/sync.ts', selection: sel(10, 40), ...answer },
  { instruction: 'what is the discounts map for?', path: file, selection: sel(22, 27), ...answer },
  { instruction: 'explain the rounding on line 31', path: file, selection: sel(29, 34), ...answer },
  { instruction: 'walk me through this function', path: file, selection: sel(14, 30), ...answer },
  { instruction: 'can you explain what this regex matches?', path: 'src/parse.ts', selection: sel(4, 4), ...answer },
  { instruction: 'does this handle an empty cart?', path: file, selection: sel(14, 20), ...answer },
  { instruction: "what's the time complexity of this loop?", path: file, selection: sel(16, 18), ...answer },
  { instruction: 'summarize what this file does', path: 'src/inventory.ts', selection: null, ...answer },
  { instruction: 'should this be a const?', path: file, selection: sel(12, 12), ...answer },
  { instruction: 'tell me what formatPrice returns for 0', path: 'src/format.ts', selection: sel(1, 5), ...answer },
  { instruction: 'when is this callback called?', path: 'src/load.ts', selection: sel(3, 9), ...answer },
  { instruction: 'how do I call this from a React component?', path: 'src/api.ts', selection: sel(1, 12), ...answer },
  { instruction: 'Please explain why we round here', path: file, selection: sel(29, 30), ...answer },
  // questions that ask for a change → fast, edit
  { instruction: 'can you rename total to sum?', path: file, selection: sel(14, 20), ...edit },
  { instruction: 'could you add a null check for items?', path: file, selection: sel(14, 20), ...edit },
  { instruction: 'would you convert this to an arrow function?', path: file, selection: sel(10, 12), ...edit },
  { instruction: 'can we use a Map here instead?', path: file, selection: sel(22, 27), ...edit },
  { instruction: 'please make the error message friendlier?', path: file, selection: sel(24, 24), ...edit },
  { instruction: 'could you please sort the imports', path: 'src/app.tsx', selection: sel(1, 12), ...edit },
  // questions that are bug hunts, races or reviews keep their lanes
  { instruction: 'why does the total come out negative?', path: file, selection: sel(14, 20), expect: 'strong' },
  { instruction: 'why is this so slow?', path: 'src/search.ts', selection: sel(5, 30), expect: 'strong' },
  { instruction: 'how come the receipt shows NaN?', path: file, selection: sel(29, 34), expect: 'strong' },
  { instruction: 'is this correct?', path: file, selection: sel(14, 20), expect: 'review' },
  { instruction: 'are these two writes atomic?', path: 'src/store.ts', selection: sel(12, 20), expect: 'review' },
  { instruction: "what's wrong with this regex?", path: 'src/parse.ts', selection: sel(4, 4), expect: 'review' },
  { instruction: 'is this code safe?', path: 'src/render.ts', selection: sel(10, 20), expect: 'review' },
  { instruction: 'can you find bugs in this?', path: file, selection: sel(14, 30), expect: 'review' },
  { instruction: 'what does this do?', path: null, selection: null, expect: 'strong' },
  // the rules only guess: the router asks the fast model
  { instruction: 'less nesting', path: file, selection: sel(14, 30), ...edit, unsure: true },
  { instruction: 'this returns -1 for an empty list?', path: file, selection: sel(14, 20), ...answer, unsure: true },
  { instruction: 'why not use a map here?', path: file, selection: sel(22, 27), ...edit, unsure: true },
  { instruction: 'does this handle an empty cart', path: file, selection: sel(14, 20), ...answer, unsure: true },
  // an answer is short whatever the selection's size: no background for a long range or a slow model
  {
    instruction: 'explain this',
    path: file,
    selection: sel(1, 80),
    selectionChars: 28_800,
    lanes: measured(180),
    ...answer,
  },
  { instruction: 'explain this file', path: 'src/big.ts', selection: sel(1, 400), ...answer },
  {
    instruction: 'what does this return?',
    path: file,
    selection: sel(14, 20),
    lanes: measured(8, 2000),
    expect: 'strong',
  },
  // overrides keep the intent of the words; a failing fast lane sends a question to the background
  { instruction: '/fast what does this return?', path: file, selection: sel(14, 20), ...answer },
  { instruction: '/fast why does checkout crash on an empty cart?', path: file, selection: sel(14, 20), ...answer },
  { instruction: '/fast could you add a null check?', path: file, selection: sel(14, 20), ...edit },
  { instruction: 'explain this', path: file, selection: sel(14, 20), lanes: fastDown, expect: 'strong' },
];
