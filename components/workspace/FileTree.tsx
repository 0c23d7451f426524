'use client';
// The workspace's files; folders fold, a click opens the file in a tab.
import { useMemo, useState } from 'react';
import { notify } from '../../lib/client/stores/noticeStore';
import { useWorkspaceStore } from '../../lib/client/stores/workspaceStore';
import { useSession } from '../SessionContext';
import { buildTree, type TreeNode } from './fileTreeModel';

export function FileTree() {
  const files = useWorkspaceStore((s) => s.files);
  const name = useWorkspaceStore((s) => s.name);
  const truncated = useWorkspaceStore((s) => s.truncated);
  const tree = useMemo(() => buildTree(files), [files]);
  return (
    <nav className="file-tree" data-testid="file-tree" aria-label="files">
      <div className="panel-title">{name || 'Workspace'}</div>
      <ul>
        {tree.map((n) => (
          <Node key={n.path} node={n} depth={0} />
        ))}
      </ul>
      {truncated && <div className="muted small">Only the first files are listed.</div>}
    </nav>
  );
}

function Node({ node, depth }: { node: TreeNode; depth: number }) {
  const session = useSession();
  const active = useWorkspaceStore((s) => s.active);
  const [open, setOpen] = useState(depth < 3);
  const indent = { paddingLeft: 8 + depth * 12 };
  if (node.children) {
    return (
      <li>
        <div className="tree-row folder" style={indent} onClick={() => setOpen(!open)} data-testid="folder-item" data-path={node.path}>
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
        onClick={() => session.open(node.path).catch((err: Error) => notify('error', err.message))}
      >
        {node.name}
      </div>
    </li>
  );
}
