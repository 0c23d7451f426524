// Monaco's TypeScript/JavaScript workers behind the page's LanguageServiceGate (why: see there).
// Here is what ties the gate to Monaco and the page: a worker counts as ready when it replies to
// its first language-service request ($fmr, Monaco's worker protocol); a service still starting is
// stopped by re-setting its options (Monaco then disposes its worker and asks for a new one); the
// page's keys, its instruction box and the person's streaming turns say when it is not quiet.
import type * as monaco from 'monaco-editor';
import { LanguageServiceGate } from '../../lib/client/languageServiceGate';
import { useEditorStore } from '../../lib/client/stores/editorStore';
import { useGhostStore } from '../../lib/client/stores/ghostStore';
import { useSteeringStore } from '../../lib/client/stores/steeringStore';

type Defaults = typeof monaco.typescript.typescriptDefaults;

/** Monaco's worker protocol (base/common/worker/webWorker.js): a request, and the reply to it. */
type ProtocolMessage = { type?: number; method?: string; req?: string; seq?: string };

export function gateLanguageWorkers(defaults: Record<'typescript' | 'javascript', Defaults>): LanguageServiceGate {
  const gate = new LanguageServiceGate(
    (label) => {
      // Setting options (the same ones) makes Monaco dispose its worker and ask for a new one.
      const d = label === 'javascript' ? defaults.javascript : defaults.typescript;
      d.setDiagnosticsOptions(d.getDiagnosticsOptions());
    },
    {
      now: () => performance.now(),
      setTimeout: (run, ms) => setTimeout(run, ms),
      clearTimeout: (h) => clearTimeout(h as number),
    },
    (languageService) => useEditorStore.setState({ languageService }),
  );
  const busy = () =>
    useSteeringStore.getState().open ||
    Object.values(useGhostStore.getState().ghosts).some((g) => g.self && g.state === 'streaming');
  const follow = () => gate.setBusy(busy());
  useSteeringStore.subscribe(follow);
  useGhostStore.subscribe(follow);
  window.addEventListener('keydown', () => gate.activity(), { capture: true, passive: true });
  return gate;
}

/** A worker made by `create` once the gate lets it start, with its first language-service reply reported. */
export function gatedWorker(gate: LanguageServiceGate, label: string, create: () => Worker): Promise<Worker> {
  return gate.worker(label, (answered) => {
    const worker = create();
    const requests = new Set<string>();
    const post = worker.postMessage.bind(worker) as (message: unknown, transfer: Transferable[]) => void;
    worker.postMessage = ((message: ProtocolMessage, transfer: Transferable[] = []) => {
      if (message?.type === 0 && message.method === '$fmr' && message.req !== undefined) requests.add(message.req);
      post(message, transfer);
    }) as Worker['postMessage'];
    const onReply = (event: MessageEvent<ProtocolMessage>) => {
      if (event.data?.type !== 1 || event.data.seq === undefined || !requests.has(event.data.seq)) return;
      worker.removeEventListener('message', onReply);
      answered();
    };
    worker.addEventListener('message', onReply);
    return worker;
  });
}
