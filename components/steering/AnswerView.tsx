'use client';
// Why: the fast lane's answers are words, read beside the code rather than painted into it. This
// shows one — live (streaming, re-rendered at most once per frame from the answer store) or recorded
// in the transcript — as markdown: React renders the text, never model HTML; fenced code is
// highlighted by the page's own Monaco (`colorize`, which escapes what it tokenizes) once the fence
// has closed. Under it, the follow-ups: apply it as a fast edit, do it properly in the background,
// or review.
import { Fragment, memo, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AnswerAction, AnsweredQuestion } from '../../lib/client/answerFollowUp';
import { fenceLanguage, languageOfFile, parseMarkdown, type Block, type Inline } from '../../lib/client/markdown';
import { useAnswerStore, type LiveAnswer } from '../../lib/client/stores/answerStore';
import { configureMonaco } from '../editor/monacoEnvironment';
import { useSession } from '../SessionContext';
import { actOnAnswer } from './answerActions';

const monaco = configureMonaco();

/** Highlighted code by language and text, shared by every answer on the page (bounded). */
const highlighted = new Map<string, string>();
const MAX_HIGHLIGHTED = 200;

function CodeBlockView({ code, language, settled }: { code: string; language: string; settled: boolean }) {
  const key = `${language}\n${code}`;
  // Set when a colorize finishes: a re-render then finds the result in `highlighted`.
  const [, setHighlightedKey] = useState('');
  const html = settled ? highlighted.get(key) : undefined;
  useEffect(() => {
    if (!settled || highlighted.has(key)) return;
    let live = true;
    monaco.editor
      .colorize(code, language, { tabSize: 2 })
      .then((out) => {
        if (highlighted.size >= MAX_HIGHLIGHTED) highlighted.clear();
        highlighted.set(key, out);
        if (live) setHighlightedKey(key);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key, code, language, settled]);
  return (
    <div className="answer-code" data-language={language} data-highlighted={String(html !== undefined)}>
      {html !== undefined ? <code dangerouslySetInnerHTML={{ __html: html }} /> : <code>{code}</code>}
    </div>
  );
}
const CodeBlock = memo(CodeBlockView);

function Inlines({ inlines }: { inlines: Inline[] }) {
  return inlines.map((run, i) => {
    let node: ReactNode = run.code ? <code>{run.text}</code> : run.text;
    if (run.em) node = <em>{node}</em>;
    if (run.bold) node = <strong>{node}</strong>;
    return <Fragment key={i}>{node}</Fragment>;
  });
}

function MarkdownBlock({ block, fallback, streaming }: { block: Block; fallback: string; streaming: boolean }) {
  switch (block.kind) {
    case 'paragraph':
      return (
        <p>
          <Inlines inlines={block.inlines} />
        </p>
      );
    case 'heading':
      return (
        <div className={`md-heading md-h${block.level}`}>
          <Inlines inlines={block.inlines} />
        </div>
      );
    case 'quote':
      return (
        <blockquote>
          <Inlines inlines={block.inlines} />
        </blockquote>
      );
    case 'rule':
      return <hr />;
    case 'list': {
      const items = block.items.map((item, i) => (
        <li key={i}>
          <Inlines inlines={item} />
        </li>
      ));
      return block.ordered ? <ol start={block.start}>{items}</ol> : <ul>{items}</ul>;
    }
    case 'code':
      return (
        <CodeBlock
          code={block.code}
          language={fenceLanguage(block.language, monaco.languages.getLanguages(), fallback)}
          settled={block.closed || !streaming}
        />
      );
  }
}

/** Markdown of an answer about `path` (fences without a tag are in the file's language). */
export function Markdown({ text, path, streaming }: { text: string; path: string; streaming: boolean }) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  const fallback = useMemo(() => languageOfFile(path, monaco.languages.getLanguages()), [path]);
  return (
    <div className="markdown">
      {blocks.map((block, i) => (
        <MarkdownBlock key={i} block={block} fallback={fallback} streaming={streaming} />
      ))}
    </div>
  );
}

const BUTTONS: { action: AnswerAction; testId: string; label: string; title: string }[] = [
  {
    action: 'apply',
    testId: 'answer-apply',
    label: 'Apply this',
    title: 'A fast edit of the same lines, made from this answer (it streams into the editor as a ghost)',
  },
  {
    action: 'run',
    testId: 'answer-run',
    label: 'Do it properly (with tests)',
    title: 'A background run: a strong model makes the change on a copy of the workspace and runs the tests',
  },
  {
    action: 'review',
    testId: 'answer-review',
    label: 'Review',
    title: 'Review these lines with this answer in mind',
  },
];

/** The follow-ups of an answer; each sends the answer along as context. */
export function AnswerActions({ answer, disabled }: { answer: AnsweredQuestion; disabled: boolean }) {
  const session = useSession();
  const [pending, setPending] = useState(false);
  const act = (action: AnswerAction) => {
    setPending(true);
    void actOnAnswer(session, answer, action).finally(() => setPending(false));
  };
  return (
    <div className="answer-actions">
      {BUTTONS.map((b) => (
        <button
          key={b.action}
          data-testid={b.testId}
          disabled={disabled || pending || !answer.text.trim()}
          title={b.title}
          onClick={() => act(b.action)}
        >
          {b.label}
        </button>
      ))}
    </div>
  );
}

function figures(a: { ttftMs?: number; tokensPerSec?: number }): string {
  return [
    a.ttftMs !== undefined ? `TTFT ${Math.round(a.ttftMs)} ms` : '',
    a.tokensPerSec !== undefined ? `${Math.round(a.tokensPerSec)} tok/s` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The answers on a file as they stream (or as they ended, until their askers put them away), newest first. */
export function LiveAnswers({ path }: { path: string }) {
  const answers = useAnswerStore(useShallow((s) => Object.values(s.answers).filter((a) => a.path === path)));
  return answers
    .slice()
    .reverse()
    .map((a) => <AnswerView key={a.requestId} answer={a} />);
}

/** An answer as it streams (or as it ended, until its asker puts it away), for everyone with the file open. */
function AnswerView({ answer }: { answer: LiveAnswer }) {
  const streaming = answer.state === 'streaming';
  const shown = figures(answer);
  return (
    <section
      className="answer"
      data-testid="answer"
      data-state={answer.state}
      data-by={answer.by}
      data-request-id={answer.requestId}
    >
      <div className="answer-head">
        <strong>{answer.self ? `${answer.by} (you)` : answer.by}</strong> asked:{' '}
        <span className="answer-question">{answer.question}</span>
      </div>
      {answer.redirects.map((r, i) => (
        <div key={i} className="muted">
          → {r}
        </div>
      ))}
      <div className="muted small-inline" title={answer.message}>
        answer · <span className={`answer-state answer-state-${answer.state}`}>{answer.state}</span> · lines{' '}
        {answer.range.startLine}–{answer.range.endLine}
        {shown ? ` · ${shown}` : ''}
        {answer.message ? ` — ${answer.message}` : ''}
      </div>
      {streaming && !answer.text && <div className="muted small-inline">waiting for the first words…</div>}
      <div className="answer-text" data-testid="answer-text">
        <Markdown text={answer.text} path={answer.path} streaming={streaming} />
      </div>
      <AnswerActions answer={answer} disabled={streaming} />
    </section>
  );
}

/** A recorded answer in the transcript: its markdown collapsed to a few lines, with "more". */
export function RecordedAnswer({ answer }: { answer: AnsweredQuestion }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <div className={`answer-text${open ? '' : ' answer-collapsed'}`} data-testid="answer-text">
        <Markdown text={answer.text} path={answer.path} streaming={false} />
      </div>
      <button className="link small-inline" onClick={() => setOpen(!open)}>
        {open ? 'less' : 'more'}
      </button>
      <AnswerActions answer={answer} disabled={false} />
    </>
  );
}
