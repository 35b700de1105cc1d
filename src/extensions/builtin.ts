/** Registers every built-in extension; the proxy imports this once. */
import './network/http-connection-manager.ts';
import './network/tcp-proxy.ts';
import './http/router.ts';
import './http/cors.ts';
import './http/fault.ts';
import './access-loggers/file.ts';
import './load-balancers/round-robin.ts';
import './load-balancers/least-request.ts';
import './load-balancers/consistent-hash.ts';
