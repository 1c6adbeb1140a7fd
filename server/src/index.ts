export { loadConfig, type ServerConfig } from './config.ts';
export { createGigawattServer, type GigawattServer } from './createGigawattServer.ts';
