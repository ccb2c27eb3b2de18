// `fusem serve`: the UI in a browser, the API over a WebSocket (DESIGN.md §2).

export { API_PATH, checkServerOptions, HARD_MAX_PAYLOAD, ServeConfigError, startServer, type RunningServer, type ServerOptions } from './server.js';
export { DEFAULT_LIMITS, type ConnectionLimits } from './connection.js';
export { DEFAULT_HOST, isDefaultHost } from './hosts.js';
export { MIN_TOKEN_LENGTH } from './auth.js';
