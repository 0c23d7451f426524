'use client';
// Monaco and the collaborative session only exist in the browser: load the Workbench client-side.
import dynamic from 'next/dynamic';

const Workbench = dynamic(() => import('./Workbench'), {
  ssr: false,
  loading: () => <div className="boot">Starting Tandem…</div>,
});

export function WorkbenchLoader() {
  return <Workbench />;
}
