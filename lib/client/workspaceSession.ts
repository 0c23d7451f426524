// Everything one browser tab holds for a workspace: the socket, the open shared documents and
// presence. It feeds the zustand stores; React components read the stores and call its methods.
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { oneFrame, toBytes, type LineRange } from '../protocol';
import { CollabDoc } from './collabDoc';
import { FastLaneClient } from './fastLaneClient';
import { delegateRun } from './runs/delegate';
import { RunsClient } from './runsClient';
import type { MonacoBinding } from './monacoBinding';
import { OwnPresence } from './ownPresence';
import { colorFor, localIdentity } from './identity';
import { ShownFile } from './shownFile';
import { connectSocket, request, type ClientSocket } from './socket';
import { useConnectionStore } from './stores/connectionStore';
import { setDocStatus } from './stores/docStatusStore';
import { useModelStore } from './stores/modelStore';
import { notify } from './stores/noticeStore';
import { showPeople, type Person } from './stores/presenceStore';
import { useRoleStore } from './stores/roleStore';
import { removeTab, showTab, useWorkspaceStore } from './stores/workspaceStore';

const REMOTE = 'remote';

export type DelegateRequest = { instruction: string; path: string | null; range: LineRange | null; reason: string };

export class WorkspaceSession {
  readonly identity = localIdentity();
  readonly socket: ClientSocket;
  readonly awareness = new awarenessProtocol.Awareness(new Y.Doc());
  readonly fast: FastLaneClient;
  readonly runs: RunsClient;
  private readonly docs = new Map<string, CollabDoc>();
  private readonly bindings = new Map<string, MonacoBinding>();
  private readonly shown = new ShownFile();
  private readonly presence: OwnPresence;

  constructor() {
    this.socket = connectSocket(this.identity.name);
    this.fast = new FastLaneClient(this.socket, (path, change) => this.localEdit(path, change));
    this.runs = new RunsClient(this.socket);
    this.awareness.setLocalState({ user: this.identity, path: null, cursors: [] });
    this.presence = new OwnPresence(
      this.awareness,
      (ids) => this.sendAwareness(ids),
      () => this.socket.connected,
      REMOTE,
    );
    this.awareness.on('change', () => this.refreshPeople());
    this.refreshPeople();
    this.wireSocket();
  }

  private wireSocket(): void {
    const s = this.socket;
    s.on('connect', () => {
      useConnectionStore.setState({ state: 'connected', message: null });
      this.presence.sendNow();
      this.refreshFiles().catch((err) => notify('error', (err as Error).message));
      // After a reconnect: each document again, then the fast-lane turns on it (they went on meanwhile).
      for (const [path, doc] of this.docs)
        doc.sync().then(
          () => this.fast.catchUp.reconnected(path),
          (err) => notify('error', (err as Error).message),
        );
    });
    s.on('disconnect', (reason) => {
      // The server closed it (an invitation revoked): the client does not reconnect by itself.
      if (reason === 'io server disconnect') {
        const told = useConnectionStore.getState();
        useConnectionStore.setState({
          state: 'refused',
          message: told.state === 'refused' ? told.message : 'the server closed this connection; reload the page',
        });
      } else useConnectionStore.setState({ state: 'reconnecting', message: 'connection lost; reconnecting…' });
      const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.awareness.clientID);
      awarenessProtocol.removeAwarenessStates(this.awareness, others, REMOTE);
    });
    s.on('connect_error', (err) => {
      const refused = err.message.startsWith('unauthorized');
      useConnectionStore.setState({ state: refused ? 'refused' : 'reconnecting', message: err.message });
    });
    s.on('doc/sync', ({ path, data }) => this.docs.get(path)?.receive(toBytes(data)));
    s.on('doc/status', (status) => setDocStatus(status));
    s.on('doc/notice', (n) => notify(n.level, n.message));
    s.on('doc/removed', ({ path, by }) => {
      if (!this.docs.has(path)) return;
      this.close(path);
      notify('info', `${path} was deleted by ${by}`);
    });
    s.on('awareness/update', ({ data }) =>
      awarenessProtocol.applyAwarenessUpdate(this.awareness, toBytes(data), REMOTE),
    );
    s.on('workspace/changed', () => void this.refreshFiles());
    s.on('session/models', (models) => useModelStore.setState(models));
    s.on('session/role', (role) => {
      useRoleStore.setState(role);
      // An invitation's name is the person's name to everyone (the server uses it too).
      if (role.name !== this.identity.name)
        this.awareness.setLocalStateField('user', { name: role.name, color: colorFor(role.name) });
    });
    s.on('session/revoked', ({ message }) => useConnectionStore.setState({ state: 'refused', message }));
  }

  private sendAwareness(ids: number[]): void {
    // As base64 text: one frame, sent at once (protocol/bytes.ts says why).
    const data = oneFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
    request(this.socket, 'awareness/update', { data }).catch((err: Error) => notify('warning', err.message));
  }

  private refreshPeople(): void {
    const people: Person[] = [];
    this.awareness.getStates().forEach((state, clientId) => {
      const user = (state as { user?: { name?: string; color?: string } }).user;
      if (!user?.name) return;
      const path = (state as { path?: string | null }).path ?? null;
      people.push({
        clientId,
        name: user.name,
        color: user.color ?? '#888',
        path,
        self: clientId === this.awareness.clientID,
      });
    });
    people.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
    showPeople(people);
  }

  async refreshFiles(): Promise<void> {
    const { workspace } = await request(this.socket, 'workspace/info', {});
    useWorkspaceStore.setState({ name: workspace.name, files: workspace.files, truncated: workspace.truncated });
  }

  doc(path: string): CollabDoc | undefined {
    return this.docs.get(path);
  }

  /** Opens a file in a tab; resolves when its shared document has synced. */
  async open(path: string, opts: { create?: boolean } = {}): Promise<CollabDoc> {
    let doc = this.docs.get(path);
    if (!doc) {
      const created = new CollabDoc(path, this.socket, (m) => notify('error', m), opts.create);
      doc = created;
      this.docs.set(path, created);
      if (this.socket.connected) created.sync().catch(() => undefined);
    }
    try {
      await doc.whenSynced();
    } catch (err) {
      this.docs.delete(path);
      doc.dispose();
      useWorkspaceStore.setState({ active: path, openError: { path, message: (err as Error).message } });
      throw err;
    }
    if (doc.info) setDocStatus(doc.info.status);
    showTab(path);
    return doc;
  }

  /**
   * Deletes a file: if its text is still `expectedText` when given, else if nobody has unsaved
   * edits in it (see doc/delete). False if it was already gone.
   */
  async deleteFile(path: string, expectedText?: string): Promise<boolean> {
    const { deleted } = await request(this.socket, 'doc/delete', {
      path,
      ...(expectedText === undefined ? {} : { expectedText }),
    });
    return deleted;
  }

  /** Makes a new, empty file and opens it; an existing file is just opened. */
  async createFile(path: string): Promise<void> {
    if (useWorkspaceStore.getState().files.some((f) => f.path === path))
      notify('info', `${path} already exists: opened it`);
    await this.open(path, { create: true });
    await this.refreshFiles();
  }

  close(path: string): void {
    this.docs.get(path)?.dispose();
    this.docs.delete(path);
    removeTab(path);
  }

  async save(path: string): Promise<void> {
    try {
      const { status } = await request(this.socket, 'doc/save', { path });
      setDocStatus(status);
    } catch (err) {
      notify('error', (err as Error).message);
    }
  }

  /** Sends work to the background lane as a run, opened in the runs panel. */
  async delegate(req: DelegateRequest): Promise<void> {
    await delegateRun(this.runs, req);
  }

  /** The editor registers each file's Monaco binding, whose undo manager owns this person's edits. */
  setBinding(path: string, binding: MonacoBinding | null): void {
    if (binding) this.bindings.set(path, binding);
    else this.bindings.delete(path);
  }

  /** Applies a change as this person's own edit: one transaction, one undo step. */
  localEdit(path: string, change: (text: Y.Text) => void): boolean {
    const doc = this.docs.get(path);
    if (!doc) return false;
    const binding = this.bindings.get(path);
    binding?.undoManager.stopCapturing();
    doc.doc.transact(() => change(doc.text), binding ?? null);
    binding?.undoManager.stopCapturing();
    return true;
  }

  /** The editor calls this whenever the file on screen changes (null: none); `openFile` waits for it. */
  markShown(path: string | null): void {
    this.shown.set(path);
  }

  /** Resolves once `path` is on screen: at once if it already is. */
  whenShown(path: string): Promise<void> {
    return this.shown.whenShown(path);
  }
}
