// `npm run sim`: the simulated model server on its own, for trying Tandem's model wire by hand
// (curl, another client) or pointing a separate Tandem at it. PORT or TANDEM_SIM_PORT picks the port.
import { simSettingsFromEnv } from './settings';
import { startSimServer } from './server';

const rawPort = process.env.TANDEM_SIM_PORT || process.env.PORT || '0';
const port = Number(rawPort);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`TANDEM_SIM_PORT/PORT=${JSON.stringify(rawPort)} is not a port number`);
  process.exit(1);
}
try {
  const sim = await startSimServer({
    port,
    host: process.env.HOST || '127.0.0.1',
    profiles: simSettingsFromEnv().profiles,
  });
  console.log(`simulated model server (not a real model) listening on ${sim.url}`);
  console.log(`base URL for a lane: ${sim.baseUrl}  models: ${Object.keys(sim.profiles).join(', ')}`);
  const shutdown = () => void sim.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (err) {
  console.error(`cannot start the simulated model server: ${(err as Error).message}`);
  process.exit(1);
}
