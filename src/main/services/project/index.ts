// Projects on disk (DESIGN.md §3): the services the Electron main process and `fusem serve` call.

export { createProject, openProject, type ProjectHandle, type OpenOptions } from './project-store.js';
export { ProjectError, isProjectError, type ProjectErrorCode } from './errors.js';
export {
  PROJECT_FORMAT_VERSION, PROJECT_FILE, BACKUP_FILE, DATASETS_DIR, RESULTS_DIR, EXPORTS_DIR, validateProjectFile,
  type ProjectFile, type DatasetRecord, type DatasetFileRecord, type ResultRecord, type ImportMode,
} from './project-schema.js';
export { parseProjectText, readProjectFile, writeProjectFile, serializeProject, type LoadedProject, type ParsedProject } from './project-file.js';
export { acquireLock, readLock, isPidAlive, describeHolder, LOCK_FILE, type LockInfo, type LockOptions, type ProjectLock } from './lock.js';
export { type ImportOptions, type ResolvedFile, REFERENCE_FILE } from './datasets.js';
export { type ResultProvenance, PROVENANCE_FILE } from './results.js';
export { readRecent, addRecent, removeRecent, RECENT_MAX, type RecentProject, type RecentOptions } from './recent.js';
export { newId } from './ids.js';
