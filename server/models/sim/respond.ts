// Decides what the simulated model answers, purely from the request: an edit request gets the
// rewritten range (alternative k: the k-th take), a question a markdown answer, a fill-in-the-middle
// prompt the text at its cursor (with `n`, up to n distinct takes), a next-edit prompt the edit
// that follows (simNextEdit.ts), a review request gets JSON findings, a request with agent tools
// gets the next scripted tool calls, anything else an honest note about what this model is. Same
// request, same answer.
import { agentStep, type AgentReply } from './agentScript';
import { AGENT_TOOL } from '../formats/agentTools';
import { simReviewFindings } from './reviewFindings';
import { classifyReply } from './classifyReply';
import { parseClassifyRequest } from '../formats/classifyRequest';
import { parseFimChat } from '../formats/fillInMiddle';
import { simFills } from './completions';
import { parseNextEditChat } from '../formats/nextEditPrompt';
import { simNextEdit } from './simNextEdit';
import { parseReviewRequest } from '../formats/reviewRequest';
import { answerEdit, SIM_LABEL } from './rewrites';
import { answerQuestion } from './answers';
import { answerAlternative } from './alternatives';
import type { SimMessage, SimRequest } from './simRequest';
import { editFromConversation } from './steeredEdit';
import { countTokens } from './tokenize';

/** `alternatives`: the other choices of a text answer asked for with `n` (whole answers only). */
export type SimReply = AgentReply & { promptTokens: number; alternatives?: string[] };

/** The simulator's token estimate of messages (their text and tool-call arguments). */
export function messageTokens(messages: SimMessage[]): number {
  return messages.reduce(
    (n, m) => n + countTokens(m.content) + m.toolCalls.reduce((k, c) => k + countTokens(c.arguments), 0),
    0,
  );
}

export function respond(request: SimRequest): SimReply {
  const promptTokens = messageTokens(request.messages);
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const classify = parseClassifyRequest(lastUser);
  if (classify !== null) return { kind: 'text', text: classifyReply(classify), promptTokens };
  const fim = parseFimChat(lastUser);
  if (fim !== null) {
    const [text = '', ...alternatives] = simFills(fim.prefix, fim.suffix, request.n ?? 1);
    return { kind: 'text', text, alternatives, promptTokens };
  }
  const nextEdit = parseNextEditChat(lastUser);
  if (nextEdit !== null) return { kind: 'text', text: simNextEdit(nextEdit), promptTokens };
  const edit = editFromConversation(request.messages);
  if (edit !== null && !request.toolNames.includes(AGENT_TOOL.applyPatch)) {
    if (edit.intent === 'answer') return { kind: 'text', text: answerQuestion(edit), promptTokens };
    return { kind: 'text', text: edit.alternative ? answerAlternative(edit) : answerEdit(edit), promptTokens };
  }
  const review = parseReviewRequest(lastUser);
  if (review !== null)
    return { kind: 'text', text: JSON.stringify({ findings: simReviewFindings(review) }), promptTokens };
  if (request.toolNames.includes(AGENT_TOOL.readFile) || request.toolNames.includes(AGENT_TOOL.listFiles)) {
    return { ...agentStep(request.messages, { parallelToolCalls: request.parallelToolCalls }), promptTokens };
  }
  const said = lastUser.replace(/\s+/g, ' ').trim().slice(0, 160);
  return {
    kind: 'text',
    text:
      `${SIM_LABEL} This is Tandem's embedded simulated model (${request.model}), not a language model. ` +
      'It rewrites code for a few instructions (rename X to Y, add a doc comment, convert to arrow function, ' +
      'convert to async/await, add a null check for X, uppercase/lowercase strings, add types) and scripts agent ' +
      `tool calls. Point a lane at a real model in tandem.config.json to get real answers. You said: "${said}"`,
    promptTokens,
  };
}
