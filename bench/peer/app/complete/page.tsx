'use client';
// The peer's autocomplete page: a Monaco editor (loaded in the browser only) whose inline
// completions come from a debounced fetch to /api/complete.
import dynamic from 'next/dynamic';

const CompleteEditor = dynamic(() => import('./CompleteEditor'), { ssr: false });

export default function Page() {
  return <CompleteEditor />;
}
