/**
 * The fallback origin when nginx is not installed: a tiny `node:http` server on the given ports
 * answering every request with the same fixed 1 KB text body. Usage: origin-server PORT [PORT...].
 */
import http from 'node:http';

const BODY = Buffer.alloc(1024, 'x');
const ports = process.argv.slice(2).map(Number).filter((p) => p > 0);
if (ports.length === 0) throw new Error('usage: origin-server PORT [PORT...]');
const servers = ports.map((port) => {
  const s = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': BODY.length });
    res.end(BODY);
  });
  s.keepAliveTimeout = 120_000;
  s.listen(port, '127.0.0.1');
  return s;
});
const stop = (): void => {
  for (const s of servers) s.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
