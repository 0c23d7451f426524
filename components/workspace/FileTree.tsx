'use client';
// The workspace's files; folders fold, a click opens the file in a tab; + makes a new file and
// the × on a row deletes one (refused while someone has unsaved edits in it).
import { useMemo, useState, type KeyboardEvent } from 'react';
import { notify } from '../../lib/client/stores/noticeStore';
import { useReadOnly } from '../../lib/client/stores/roleStore';
import { useWorkspaceStore } from '../../lib/client/stores/workspaceStore';
import { useSession } from '../SessionContext';
import { buildTree, type TreeNode } from './fileTreeModel';

export function FileTree() {
  const files = useWorkspaceStore((s) => s.files);
  const name = useWorkspaceStore((s) => s.name);
  const truncated = useWorkspaceStore((s) => s.truncated);
  const tree = useMemo(() => buildTree(files), [files]);
  const [creating, setCreating] = useState(false);
  const readOnly = useReadOnly();
  return (
    <nav className="file-tree" data-testid="file-tree" aria-label="files">
      <div className="panel-title tree-title">
        <span>{name || 'Workspace'}</span>
        <button
          className="tree-action"
          data-testid="file-new"
          disabled={!!readOnly}
          title={readOnly ?? 'New file'}
          onClick={() => setCreating(true)}
        >
          +
        </button>
      </div>
      {creating && <NewFileInput done={() => setCreating(false)} />}
      <ul>
        {tree.map((n) => (
          <Node key={n.path} node={n} depth={0} />
        ))}
      </ul>
      {truncated && <div className="muted small">Only the first files are listed.</div>}
    </nav>
  );
}

function NewFileInput({ done }: { done: () => void }) {
  const session = useSession();
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') done();
    if (e.key !== 'Enter') return;
    const path = e.currentTarget.value.trim().replace(/^\.?\/+/, '');
    if (!path) return done();
    session
      .createFile(path)
      .then(done)
      .catch((err: Error) => notify('error', `could not create ${path}: ${err.message}`));
  };
  return (
    <input
      className="tree-input"
      data-testid="file-new-input"
      autoFocus
      placeholder="path/to/new-file.ts, Enter"
      onKeyDown={onKeyDown}
      onBlur={done}
    />
  );
}

function Node({ node, depth }: { node: TreeNode; depth: number }) {
  const session = useSession();
  const active = useWorkspaceStore((s) => s.active);
  const [open, setOpen] = useState(depth < 3);
  const readOnly = useReadOnly();
  const indent = { paddingLeft: 8 + depth * 12 };
  if (node.children) {
    return (
      <li>
        <div
          className="tree-row folder"
          style={indent}
          onClick={() => setOpen(!open)}
          data-testid="folder-item"
          data-path={node.path}
        >
          <span className="twisty">{open ? '▾' : '▸'}</span>
          {node.name}
        </div>
        {open && (
          <ul>
            {node.children.map((c) => (
              <Node key={c.path} node={c} depth={depth + 1} />
            ))}
          </ul>
        )}
      </li>
    );
  }
  return (
    <li>
      <div
        className={`tree-row file${active === node.path ? ' active' : ''}`}
        style={indent}
        data-testid="file-item"
        data-path={node.path}
        onClick={() => void session.open(node.path).catch((err: Error) => notify('error', err.message))}
      >
        <span className="tree-name">{node.name}</span>
        <button
          className="tree-action tree-delete"
          data-testid="file-delete"
          disabled={!!readOnly}
          title={readOnly ?? `Delete ${node.path}`}
          onClick={(e) => {
            e.stopPropagation();
            if (!window.confirm(`Delete ${node.path}? Everyone who has it open sees it close.`)) return;
            session.deleteFile(node.path).catch((err: Error) => notify('error', err.message));
          }}
        >
          ×
        </button>
      </div>
    </li>
  );
}
