// Injected into each autocomplete benchmark page before its own scripts (plain JS: it runs in the
// browser as is). Why: "ghost text painted" and "stale" must mean the same in both apps. It
// timestamps, in the page's clock:
//  - every key press;
//  - each completion request the page sends and the answer it gets (Tandem: the complete/request
//    websocket frame and its acknowledgement; peer: the fetch of /api/complete and its JSON), with
//    the cursor line's text before the cursor the request was made for, and each cancel (Tandem:
//    complete/cancel; peer: an aborted fetch);
//  - each frame that painted a change of the ghost text in the editor, with the ghost text shown
//    on the cursor line and the line's text before it — read in a ResizeObserver callback (inside
//    the frame's rendering steps, after layout, before paint); a message posted from the frame
//    lands just after that paint, which is the time recorded;
//  - each frame that painted a change of the editor's text (its visible lines, ghost text left
//    out), the same way: the first one after a key is the frame that showed the typed character,
//    the floor for anything that key causes on screen. (Monaco paints a key in its own animation
//    frame, which may be a frame after the one that follows the key: the next frame is no floor.)
//  - every frame: when its animation frame callbacks ran and when it was painted, so the first
//    frame that began after an answer came (the floor for showing that answer) is known.
(() => {
  const cfg = window.__completeBenchConfig;
  const B = (window.__completeBench = {
    keys: [],
    sent: [],
    answers: [],
    cancels: [],
    paints: [],
    typed: [],
    frames: [],
  });
  window.__completeBenchReset = () => {
    B.frames = [];
    B.keys = [];
    B.sent = [];
    B.answers = [];
    B.cancels = [];
    B.paints = [];
    B.typed = [];
  };
  const now = () => performance.now();
  const lastLine = (text) => text.slice(text.lastIndexOf('\n') + 1);
  document.addEventListener('keydown', (e) => B.keys.push([e.key, now()]), true);

  if (cfg.mode === 'tandem') {
    const pending = new Map();
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      send(data) {
        if (typeof data === 'string') {
          const m = /^42(\d*)\["(complete\/request|complete\/cancel)",/.exec(data);
          if (m && m[2] === 'complete/request') {
            const payload = JSON.parse(data.slice(2 + m[1].length))[1];
            pending.set(m[1], payload.linePrefix);
            B.sent.push([now(), payload.linePrefix]);
          } else if (m) B.cancels.push(now());
        }
        return super.send(data);
      }
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => {
          const m = typeof e.data === 'string' && /^43(\d+)\[/.exec(e.data);
          if (!m || !pending.has(m[1])) return;
          const linePrefix = pending.get(m[1]);
          pending.delete(m[1]);
          const reply = JSON.parse(e.data.slice(2 + m[1].length))[0];
          B.answers.push([now(), linePrefix, reply && reply.suggestion ? reply.suggestion.text : null]);
        });
      }
    };
  } else {
    const nativeFetch = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      if (!String(input).includes('/api/complete')) return nativeFetch(input, init);
      const linePrefix = lastLine(JSON.parse(init.body).prompt);
      B.sent.push([now(), linePrefix]);
      init.signal?.addEventListener('abort', () => B.cancels.push(now()));
      const res = await nativeFetch(input, init);
      const answer = await res.clone().json();
      B.answers.push([now(), linePrefix, typeof answer.text === 'string' ? answer.text : null]);
      return res;
    };
  }

  const text = (s) => s.replace(/\u00a0/g, ' ');
  /** The ghost text on the cursor line and the line's text before it, or null when none shows. */
  const ghostNow = () => {
    const first = document.querySelector(cfg.ghostSelector);
    const line = first && first.closest('.view-line');
    if (!line) return null;
    const range = document.createRange();
    range.setStart(line, 0);
    range.setEndBefore(first);
    const ghost = [...line.querySelectorAll(cfg.ghostSelector)].map((n) => n.textContent).join('');
    return { ghost: text(ghost), before: text(range.toString()) };
  };

  /** The length of the editor's visible text, ghost text left out. */
  const textLength = () => {
    const lines = document.querySelector(cfg.linesSelector);
    if (!lines) return null;
    let ghost = 0;
    for (const g of lines.querySelectorAll(cfg.ghostSelector)) ghost += g.textContent.length;
    return lines.textContent.length - ghost;
  };

  let shown = '';
  const snapshots = [];
  let length = null;
  let lengthChanged = false;
  const sizer = document.createElement('div');
  sizer.style.cssText = 'position:fixed;left:0;top:0;height:1px;width:1px;pointer-events:none;opacity:0';
  const resize = new ResizeObserver(() => {
    const g = ghostNow();
    const key = g ? `${g.before}\u0000${g.ghost}` : '';
    if (key !== shown) snapshots.push(g ?? { ghost: '', before: '' });
    shown = key;
    const n = textLength();
    if (n !== length) lengthChanged = true;
    length = n;
  });
  let frameAt = null;
  const painted = () => {
    const t = now();
    if (frameAt !== null) B.frames.push([frameAt, t]);
    frameAt = null;
    for (const g of snapshots.splice(0)) B.paints.push([t, g.ghost, g.before]);
    if (lengthChanged) B.typed.push(t);
    lengthChanged = false;
  };
  const channel = new MessageChannel();
  channel.port1.onmessage = painted;
  let flip = false;
  const frame = () => {
    painted();
    frameAt = now();
    flip = !flip;
    sizer.style.width = flip ? '2px' : '1px';
    channel.port2.postMessage(0);
    requestAnimationFrame(frame);
  };
  const start = () => {
    document.body.appendChild(sizer);
    resize.observe(sizer);
    requestAnimationFrame(frame);
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
