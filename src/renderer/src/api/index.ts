// The renderer's way to the backend (DESIGN.md §2): createApiClient() picks the transport.

export { createApiClient, clientOver, type ApiClient, type ApiClientOptions, type ParamsArg } from './client.js';
export { ApiError } from '../../../shared/api/errors.js';
