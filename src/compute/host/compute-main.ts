// Entry of the compute process: a child started by child_process.fork, or a worker_threads Worker
// (compute-host.ts starts either). Electron's utilityProcess has its own entry in src/main (see port.ts).

import { childProcessPort, workerThreadPort } from './port.js';
import { serveCompute } from './compute-process.js';

const port = workerThreadPort() ?? childProcessPort();
if (!port) throw new Error('compute-main: started neither as a worker thread nor as a forked child with an IPC channel');
serveCompute(port);
