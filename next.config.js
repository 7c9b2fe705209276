// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Docker image runs the standalone server: node .next/standalone/server.js.
  output: 'standalone',
  poweredByHeader: false,
  // Loaded by Node, not bundled: route handlers and pages are separate bundles, and a bundled
  // SDK gives each its own client classes, so a client one bundle created and cached fails the
  // other's `instanceof` checks ("Invalid client, expected instance of ..."). One copy of the
  // SDK in the process means one set of clients for every route.
  serverExternalPackages: [
    '@aws-sdk/client-cloudwatch-logs',
    '@aws-sdk/client-ecr',
    '@aws-sdk/client-ecs',
    '@aws-sdk/client-servicediscovery',
  ],
  // Built assets skip proxy.ts; they get the headers that do not depend on the request.
  async headers() {
    return [
      {
        source: '/_next/static/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
  // The sandbox and tests live beside the app; keep them out of the server bundle's tracing.
  outputFileTracingExcludes: { '*': ['sandbox/**', 'e2e/**', 'scripts/**'] },
};

export default nextConfig;
