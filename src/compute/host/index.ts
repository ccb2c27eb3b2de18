// The compute host (DESIGN.md §2, host/): a job protocol with progress, previews, cancellation and results,
// run in a child process or worker thread, with a priority queue and crash recovery.

export {
  ComputeHost, ComputeJobError,
  type ComputeHostOptions, type HostEvent, type JobHandle, type JobProgress, type JobSpec,
} from './compute-host.js';
export { JobQueue, JOB_PRIORITIES, type FinalState, type JobPriority, type JobState, type QueuedJob, type QueueEvent } from './job-queue.js';
export { openChannel, forkChannel, workerChannel, type ChannelKind, type ChannelOptions, type ComputeChannel } from './channel.js';
export { serveCompute, DEFAULT_PREVIEW_SIZE } from './compute-process.js';
export { childProcessPort, workerThreadPort, type Port } from './port.js';
export * from './protocol.js';
