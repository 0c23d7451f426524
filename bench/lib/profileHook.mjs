// Why: `--cpu-prof` may not be passed in NODE_OPTIONS, and a server under measurement should be
// profiled over the measured window only. Loaded into a Tandem process with
// NODE_OPTIONS=--import <this file>: SIGUSR2 starts V8's sampling profiler, the next SIGUSR2 stops
// it and writes TANDEM_PROFILE_DIR/<pid>.cpuprofile (bench/profile.ts sends both).
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';

const session = new inspector.Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 250 }, () => session.post('Profiler.start')),
    );
    return;
  }
  running = false;
  session.post('Profiler.stop', (err, result) => {
    const file = path.join(process.env.TANDEM_PROFILE_DIR ?? '.', `${process.pid}.cpuprofile`);
    if (!err) fs.writeFileSync(file, JSON.stringify(result.profile));
  });
});
