'use client';
// Toasts for server errors and file events; each can be dismissed.
import { dismissNotice, useNoticeStore } from '../../lib/client/stores/noticeStore';

export function Notices() {
  const notices = useNoticeStore((s) => s.notices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.level}`} data-testid="notice" data-level={n.level}>
          <span>{n.message}</span>
          <button aria-label="dismiss" onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
