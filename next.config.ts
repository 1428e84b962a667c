// Next.js serves only the dashboard; tRPC and socket.io live on the custom server (server/main.ts).
// @see node_modules/next/dist/docs/01-app/03-api-reference/05-config/01-next-config-js/
import type { NextConfig } from 'next';

// Telemetry is read from the environment after this file loads, so `next build` run by hand is covered too.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Statically checked <Link href>: a renamed page breaks the typecheck, not the navigation.
  typedRoutes: true,
  // next dev would otherwise write AGENTS.md into the repository.
  agentRules: false,
  // Native or process-wide packages stay plain Node requires if the app ever imports server code.
  serverExternalPackages: ['better-sqlite3', '@prisma/client', 'socket.io'],
  // Offline machines: no remote images, and the optimizer has nothing to fetch.
  images: { unoptimized: true, remotePatterns: [] },
};

export default nextConfig;
