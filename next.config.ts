// Next.js runs inside Tandem's own HTTP server (server/main.ts); Monaco is bundled from node_modules.
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ['better-sqlite3'],
};

export default nextConfig;
