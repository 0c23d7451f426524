// Next.js runs inside Tandem's own HTTP server (server/main.ts); Monaco is bundled from node_modules.
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Tandem prints 127.0.0.1 URLs; let dev mode's hot reload answer them too.
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  serverExternalPackages: ['better-sqlite3'],
  // The whole project (server, tests, e2e) is type-checked once by `npm run typecheck`, which
  // `npm test` runs first; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
