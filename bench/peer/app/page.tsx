'use client';
// The peer's page: one input (Enter sends the prepared prompt, Esc stops) and the streamed answer
// rendered as text. The bench sets `window.peerBench.next` (what Enter sends) before pressing
// Enter, so both apps receive the same edit request for the same code.
import type { UIMessage } from 'ai';
import { useChat } from './useChat';

type Next = { text: string; fresh: boolean; context: string; system: string; model: string };

declare global {
  interface Window {
    peerBench?: { next?: Next };
  }
}

const textOf = (m: UIMessage | undefined) =>
  m?.role === 'assistant' ? m.parts.map((p) => (p.type === 'text' ? p.text : '')).join('') : '';

export default function Page() {
  const { chat, messages } = useChat();
  const send = async () => {
    const next = window.peerBench?.next;
    if (!next) return;
    if (chat.status === 'streaming' || chat.status === 'submitted') await chat.stop();
    if (next.fresh) chat.messages = [{ id: 'context', role: 'user', parts: [{ type: 'text', text: next.context }] }];
    await chat.sendMessage({ text: next.text }, { body: { system: next.system, model: next.model } });
  };
  return (
    <main>
      <input
        data-testid="instruction-input"
        autoFocus
        onKeyDown={(e) => {
          if (e.key === 'Enter') void send();
          else if (e.key === 'Escape') void chat.stop();
        }}
      />
      <pre data-testid="peer-output">{textOf(messages.at(-1))}</pre>
    </main>
  );
}
