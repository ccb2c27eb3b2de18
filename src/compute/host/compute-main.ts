// Entry of the compute process: a child started by child_process.fork, a worker_threads Worker (compute-host.ts
// starts either), or Electron's utility process (src/main/compute-channel.ts starts it).

import { childProcessPort, utilityProcessPort, workerThreadPort } from './port.js';
import { serveCompute } from './compute-process.js';

const port = workerThreadPort() ?? utilityProcessPort() ?? childProcessPort();
if (!port) throw new Error('compute-main: started neither as a worker thread, a utility process nor a forked child with an IPC channel');
serveCompute(port);
