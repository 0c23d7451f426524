// Injected into each benchmark page before its own scripts (plain JS: it runs in the browser as is).
// Why: "painted" must mean the same thing in both apps. It timestamps, in the page's clock:
//  - Enter/Escape key presses (submit, stop, redirect), and when the page sent each request
//    (Tandem: the `instruction/submit`, `fast/start` or `fast/redirect` websocket frame; peer: the
//    fetch of /api/chat);
//  - each piece of answer received (Tandem: a `fast/delta` websocket frame; peer: a `text-delta`
//    of the UI message stream, tapped from fetch) with the answer length the client then holds;
//  - the end of every frame whose rendering included a change to the answer on screen, with the
//    answer length that frame showed and the frame's start. A ResizeObserver callback runs inside
//    the rendering steps (after requestAnimationFrame callbacks and layout, before paint), so it
//    sees exactly the DOM the frame paints; a message posted from the frame lands just after that
//    paint. The first such frame after Enter that shows any answer is the first paint.
//  - when the answer ended (Tandem: `fast/state` done or error; peer: the stream's `finish` part),
//    so a benchmark can wait for a page that falls behind the stream instead of guessing a pause;
//  - frame start times (requestAnimationFrame) and long tasks (> 50 ms).
(() => {
  const cfg = window.__benchConfig;
  const B = (window.__bench = {
    keys: [],
    sent: [],
    recv: [],
    paints: [],
    firstContentAt: null,
    endAt: null,
    frames: [],
    longTasks: [],
    recvLength: 0,
  });
  window.__benchReset = () => {
    B.keys = [];
    B.sent = [];
    B.recv = [];
    B.paints = [];
    B.firstContentAt = null;
    B.endAt = null;
    B.frames = [];
    B.longTasks = [];
  };
  document.addEventListener(
    'keydown',
    (e) => {
      if (e.key === 'Enter' || e.key === 'Escape') B.keys.push([e.key, performance.now()]);
    },
    true,
  );

  const received = (length) => {
    B.recvLength = length;
    B.recv.push([performance.now(), length]);
  };
  if (cfg.mode === 'tandem') {
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      send(data) {
        if (typeof data === 'string' && /^42\d*\["(instruction\/submit|fast\/start|fast\/redirect)"/.test(data))
          B.sent.push(performance.now());
        return super.send(data);
      }
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => {
          if (
            typeof e.data === 'string' &&
            e.data.startsWith('42["fast/state"') &&
            /"state":"(done|error)"/.test(e.data)
          )
            B.endAt = performance.now();
          if (typeof e.data !== 'string' || !e.data.startsWith('42["fast/delta"')) return;
          const d = JSON.parse(e.data.slice(2))[1];
          received(d.from + d.text.length);
        });
      }
    };
  } else {
    const nativeFetch = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const chat = String(input).includes('/api/chat');
      if (chat) B.sent.push(performance.now());
      const res = await nativeFetch(input, init);
      if (!chat || !res.body) return res;
      const decoder = new TextDecoder();
      let buffer = '';
      let length = 0;
      const tap = new TransformStream({
        transform(chunk, controller) {
          controller.enqueue(chunk);
          buffer += decoder.decode(chunk, { stream: true });
          for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
            const event = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            if (!event.startsWith('data: {')) continue;
            const part = JSON.parse(event.slice(6));
            if (part.type === 'text-delta') received((length += part.delta.length));
            else if (part.type === 'finish') B.endAt = performance.now();
          }
        },
      });
      return new Response(res.body.pipeThrough(tap), {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
    };
  }

  let changed = false;
  let changedAtLength = 0;
  const touches = (node) =>
    node && node.nodeType === 1 && (node.matches(cfg.answerSelector) || node.querySelector(cfg.answerSelector));
  const observer = new MutationObserver((list) => {
    for (const m of list) {
      const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (
        (el && el.closest(cfg.answerSelector)) ||
        [...m.addedNodes].some(touches) ||
        [...m.removedNodes].some(touches)
      ) {
        changed = true;
        changedAtLength = B.recvLength;
        return;
      }
    }
  });
  const shownLength = () =>
    cfg.mode === 'tandem' ? changedAtLength : (document.querySelector(cfg.answerSelector)?.textContent ?? '').length;
  const hasContent = () => [...document.querySelectorAll(cfg.contentSelector)].some((n) => n.textContent.trim() !== '');

  const snapshots = [];
  const sizer = document.createElement('div');
  sizer.style.cssText = 'position:fixed;left:0;top:0;height:1px;width:1px;pointer-events:none;opacity:0';
  const resize = new ResizeObserver(() => {
    const submitted = B.keys.some(([k]) => k === 'Enter');
    // Tandem's ghost lives in Monaco view zones, which Monaco shows only when it renders them (it
    // sets their top): a change whose zones are not rendered yet is not on screen in this frame.
    if (changed && cfg.unrenderedSelector && document.querySelector(cfg.unrenderedSelector))
      return void snapshots.push({ changed: false });
    snapshots.push({
      changed,
      length: shownLength(),
      frame: B.frames.at(-1),
      content: B.firstContentAt === null && changed && submitted && hasContent(),
    });
    changed = false;
  });
  // A frame counts as painted when the message it posted runs, or — if a busy page renders the
  // next frame before that message gets its turn — when that next frame starts, whichever is first.
  const painted = () => {
    const t = performance.now();
    for (const s of snapshots.splice(0)) {
      if (s.changed) B.paints.push([t, s.length, s.frame]);
      if (s.content && B.firstContentAt === null) B.firstContentAt = t;
    }
  };
  const channel = new MessageChannel();
  channel.port1.onmessage = painted;
  const raf = window.requestAnimationFrame.bind(window);
  let flip = false;
  let looping = false;
  const frame = (ts) => {
    painted();
    if (!B.active) return void (looping = false);
    B.frames.push(ts);
    flip = !flip;
    sizer.style.width = flip ? '2px' : '1px';
    channel.port2.postMessage(0);
    raf(frame);
  };
  // The page not being measured stops its frame loop, so it does not compete for the CPU.
  B.active = true;
  window.__benchActive = (on) => {
    B.active = on;
    if (on && !looping && document.body) {
      looping = true;
      raf(frame);
    }
  };
  const start = () => {
    document.body.appendChild(sizer);
    resize.observe(sizer);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) B.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
    looping = true;
    raf(frame);
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
