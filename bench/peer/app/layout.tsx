// Root layout of the peer app: nothing but the page.
import type { ReactNode } from 'react';

export const metadata = { title: 'peer: AI SDK useChat' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'monospace', margin: 8 }}>{children}</body>
    </html>
  );
}
