/** Runs once when the server starts: bad configuration stops it here, with what to set. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env } = await import('./lib/env');
  const config = env();
  console.log(
    `Berth: region ${config.region ?? '(from AWS profile)'}${config.endpoint ? `, AWS endpoint ${config.endpoint}` : ''}`,
  );
}
