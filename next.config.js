// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Docker image runs the standalone server: node .next/standalone/server.js.
  output: 'standalone',
  poweredByHeader: false,
  // The sandbox and tests live beside the app; keep them out of the server bundle's tracing.
  outputFileTracingExcludes: { '*': ['sandbox/**', 'e2e/**', 'scripts/**'] },
};

export default nextConfig;
