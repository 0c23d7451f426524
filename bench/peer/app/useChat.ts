'use client';
// What `useChat` from @ai-sdk/react does (that package is not a dependency here): an AbstractChat
// whose state snapshots each replaced message with structuredClone and notifies subscribers, read
// by React through useSyncExternalStore, with no throttle (useChat's default).
import { AbstractChat, DefaultChatTransport, type ChatState, type ChatStatus, type UIMessage } from 'ai';
import { useRef, useSyncExternalStore } from 'react';

class ReactState implements ChatState<UIMessage> {
  status: ChatStatus = 'ready';
  error: Error | undefined = undefined;
  private list: UIMessage[] = [];
  readonly listeners = new Set<() => void>();

  get messages(): UIMessage[] {
    return this.list;
  }
  set messages(next: UIMessage[]) {
    this.list = [...next];
    this.notify();
  }
  pushMessage = (m: UIMessage) => {
    this.list = this.list.concat(m);
    this.notify();
  };
  popMessage = () => {
    this.list = this.list.slice(0, -1);
    this.notify();
  };
  replaceMessage = (index: number, m: UIMessage) => {
    this.list = [...this.list.slice(0, index), this.snapshot(m), ...this.list.slice(index + 1)];
    this.notify();
  };
  snapshot = <T>(value: T): T => structuredClone(value);
  private notify() {
    for (const l of this.listeners) l();
  }
}

class Chat extends AbstractChat<UIMessage> {
  constructor(readonly reactState: ReactState) {
    super({ state: reactState, transport: new DefaultChatTransport({ api: '/api/chat' }) });
  }
}

export function useChat(): { chat: Chat; messages: UIMessage[] } {
  const ref = useRef<Chat | null>(null);
  ref.current ??= new Chat(new ReactState());
  const chat = ref.current;
  const messages = useSyncExternalStore(
    (onChange) => {
      chat.reactState.listeners.add(onChange);
      return () => chat.reactState.listeners.delete(onChange);
    },
    () => chat.messages,
    () => chat.messages,
  );
  return { chat, messages };
}
