/** The httpbin sample backend: `startHttpbin({port, host, version})`. */
export { startHttpbin, type HttpbinOptions, type HttpbinServer } from './server.ts';
