// The benchmark's peer: a minimal Next.js app streaming model output the way most Next.js apps do
// (Vercel AI SDK streamText → UI message stream → useChat). Built into its own .next by the bench
// runner; resolves packages from the repository's node_modules.
import path from 'node:path';
import type { NextConfig } from 'next';

const root = path.resolve(__dirname, '../..');

const nextConfig: NextConfig = {
  poweredByHeader: false,
  outputFileTracingRoot: root,
  turbopack: { root },
};

export default nextConfig;
