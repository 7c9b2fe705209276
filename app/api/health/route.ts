/** Liveness for load balancers and the Docker HEALTHCHECK: no AWS call, just "the server is up". */
export const dynamic = 'force-dynamic';

const startedAt = Date.now();

export function GET() {
  return Response.json({
    status: 'ok',
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  });
}
