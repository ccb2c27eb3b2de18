// The app's backend service and what it is built from.

export { createAppService, type AppService, type AppServiceOptions } from './app-service.js';
export { defaultConfigDir } from './config-dir.js';
export { SettingsStore, SETTINGS_FILE } from './settings-store.js';
export { openDemoProject } from './demo-project.js';
export { loadDatasetInputs } from './dataset-inputs.js';
