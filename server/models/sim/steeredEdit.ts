// A steered edit, read back from a conversation: the fast lane's edit request, then the assistant
// output shown so far, then a user message holding only `<correction>X</correction>` (what a
// Responses API steer, or a client re-sending the whole history, looks like). It means exactly
// what one edit request with `<partial>` = the output shown and `<correction>` = X means, so the
// answer continues the partial or restarts, the same over Chat, Responses and WebSocket. A question
// (the fast lane's answers) is steered the same way: the answer shown so far is the partial, and
// the request keeps its intent, alternative and context.
import { EDIT_TAGS, parseEditRequest, RESTART_MARKER, type EditRequest } from '../formats/editRequest';
import type { SimMessage } from './simRequest';

const CORRECTION_ONLY = new RegExp(`^\\s*<${EDIT_TAGS.correction}>([\\s\\S]*)</${EDIT_TAGS.correction}>\\s*$`);

/** The output shown after `shown` once `said` arrived: a continuation, or a restart's rewrite. */
function showAfter(shown: string, said: string): string {
  if (said === RESTART_MARKER) return '';
  if (said.startsWith(`${RESTART_MARKER}\n`)) return said.slice(RESTART_MARKER.length + 1);
  return shown + said;
}

/** The edit request the conversation's last user message asks for, following steers; null when none. */
export function editFromConversation(messages: SimMessage[]): EditRequest | null {
  let last = messages.length - 1;
  while (last >= 0 && messages[last]!.role !== 'user') last--;
  if (last < 0) return null;
  const correction = CORRECTION_ONLY.exec(messages[last]!.content);
  if (correction === null) return parseEditRequest(messages[last]!.content);
  // Walk back over assistant messages and earlier corrections to the edit request itself.
  let base = last - 1;
  while (base >= 0) {
    const m = messages[base]!;
    if (m.role === 'user' && !CORRECTION_ONLY.test(m.content)) break;
    if (m.role !== 'user' && m.role !== 'assistant') return null;
    base--;
  }
  const edit = base < 0 ? null : parseEditRequest(messages[base]!.content);
  if (edit === null) return null;
  let shown = edit.partial ?? '';
  for (const m of messages.slice(base + 1, last)) if (m.role === 'assistant') shown = showAfter(shown, m.content);
  return { ...edit, partial: shown, correction: correction[1]!.trim() };
}
