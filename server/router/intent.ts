// What the fast lane should do with a request: rewrite the range (`edit`) or answer a question
// about it in words (`answer`). Why its own module: the reading has to tell "what does this return
// for an empty list?" (an answer) from "can you rename x to y?" (an edit, politely asked), and to
// say when it is only guessing — that is when the router asks the fast model (classifier.ts). The
// policy's `answer` rules decide first; then a leading edit verb; a question form or an
// instruction with no edit verb at all is a guess (`uncertain`). Pure.
import type { FastIntent } from '../../lib/protocol/route';

export type IntentReading = {
  intent: FastIntent;
  /** The index of the policy's `answer` rule that matched, or null. */
  rule: number | null;
  /** Neither a rule nor an edit verb decided: the reading is a guess, worth asking the model. */
  uncertain: boolean;
};

/** Words people put in front of an instruction that say nothing about it. */
const LEAD_IN = /^\s*((please|pls|hey|ok(ay)?|so|now|also|then|and)\b[,\s]*)+/i;
/** "can you …", "could we …": a request for a change, phrased as a question. */
const REQUEST = /^(can|could|would|will)\s+(you|we)\s+(please\s+)?/i;
/** A yes/no question ("does this handle …"): a verb after it belongs to the question, not an order. */
const AUXILIARY = /^(is|are|was|were|does|do|did|should|could|can|would|will|has|have)\b/i;
const QUESTION = /^(what|why|how|when|where|which|who|whose)\b|\?\s*$/i;

/** Verbs that ask for a change to the code. */
const EDIT_VERBS = [
  'rename|add|remove|delete|drop|convert|use|make|extract|simplify|inline|sort|translate|uppercase|lowercase',
  'capitali[sz]e|fix|handle|replace|refactor|change|update|rewrite|move|import|export|format|reformat|wrap',
  'unwrap|split|swap|return|implement|create|write|optimi[sz]e|clean|tidy|reorder|rearrange|insert|append',
  'prepend|turn|set|put|introduce|guard|throw|catch|log|memoi[sz]e|cache|type|annotate|document|comment',
  'uncomment|indent|shorten|reduce|increase|decrease|bump|pass|call|apply|avoid|switch|invert|negate|combine',
  'merge|join|collapse|expand|generali[sz]e|parameteri[sz]e|hoist|narrow|widen|tighten|limit|clamp|round',
  'escape|encode|decode|parse|default|initiali[sz]e|declare|define|assign|destructure|mark|strip|trim|pad',
  'keep|stop|allow|prevent|ensure|support|finish|complete|transform|map|filter|flatten|dedupe|deduplicate',
  'restructure|reorgani[sz]e|moderni[sz]e|polish|improve|align|normali[sz]e|batch|retry|debounce|throttle',
  'await|speed up|get rid of|take out|pull out|break up',
].join('|');
const LEADING_EDIT = new RegExp(`^(${EDIT_VERBS})\\b`, 'i');
const ANY_EDIT = new RegExp(`\\b(${EDIT_VERBS})\\b`, 'i');

/** Reads an instruction (without an override prefix) with the policy's compiled `answer` rules. */
export function readIntent(instruction: string, answerRules: readonly RegExp[]): IntentReading {
  const rule = answerRules.findIndex((re) => re.test(instruction));
  if (rule >= 0) return { intent: 'answer', rule, uncertain: false };
  const text = instruction.replace(LEAD_IN, '').trim();
  const asked = text.replace(REQUEST, '');
  if (LEADING_EDIT.test(asked)) return { intent: 'edit', rule: null, uncertain: false };
  if (asked !== text) return { intent: 'edit', rule: null, uncertain: true }; // "can you <a verb we do not know>"
  if (AUXILIARY.test(text)) return { intent: 'answer', rule: null, uncertain: true };
  if (QUESTION.test(text)) return { intent: ANY_EDIT.test(text) ? 'edit' : 'answer', rule: null, uncertain: true };
  return { intent: 'edit', rule: null, uncertain: !ANY_EDIT.test(text) };
}
