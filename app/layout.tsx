// Root layout: no web fonts (the machine may be offline), the dark IDE theme in globals.css.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Tandem',
  description: 'A browser IDE for working with coding models at two speeds',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
