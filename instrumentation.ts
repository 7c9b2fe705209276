/** Runs once when the server starts: bad configuration stops it here, with what to set. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env, startupRefusal } = await import('./lib/env');
  const config = env();
  // Next's standalone server listens on HOSTNAME, 0.0.0.0 when unset.
  const refusal = startupRefusal(config, process.env.HOSTNAME ?? '0.0.0.0');
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  if (process.env.BERTH_PEER_HEADER !== '1') {
    console.warn(
      'Berth: started without scripts/peer-address.cjs (npm start and the Docker image preload it): per-client limits count every client as one.',
    );
  }
  const endpoint = config.endpoint ? `, AWS endpoint ${config.endpoint}` : '';
  const named = config.targets.filter((target) => !target.implicit);
  console.log(
    named.length
      ? `Berth: targets ${named.map((t) => `${t.name} (${t.regions.join(', ')})`).join('; ')}${endpoint}`
      : `Berth: region ${config.region ?? '(from AWS profile)'}${endpoint}`,
  );
}
