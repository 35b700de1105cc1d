/**
 * One real request through a started peer before it is measured: the target route must answer 200
 * with the origin's 1 KB body, over the same protocol the load generator will use (HTTP/1.1,
 * HTTPS, or h2c). A peer that routes wrongly is reported, not measured.
 */
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';

export interface CheckResult {
  status: number;
  bytes: number;
}

export function checkRoute(url: string, host: string, protocol: 'h1' | 'h2', timeoutMs = 10_000): Promise<CheckResult> {
  return protocol === 'h2' ? checkH2(url, host, timeoutMs) : checkH1(url, host, timeoutMs);
}

function checkH1(url: string, host: string, timeoutMs: number): Promise<CheckResult> {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { headers: { host }, rejectUnauthorized: false, agent: false, timeout: timeoutMs }, (res) => {
      let bytes = 0;
      res.on('data', (b: Buffer) => (bytes += b.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function checkH2(url: string, host: string, timeoutMs: number): Promise<CheckResult> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const session = http2.connect(u.origin);
    const timer = setTimeout(() => session.destroy(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    session.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    const stream = session.request({ ':path': u.pathname + u.search, ':authority': host });
    let status = 0;
    let bytes = 0;
    stream.on('response', (h) => (status = Number(h[':status'])));
    stream.on('data', (b: Buffer) => (bytes += b.length));
    stream.on('end', () => {
      clearTimeout(timer);
      session.close();
      resolve({ status, bytes });
    });
    stream.on('error', (e) => {
      clearTimeout(timer);
      session.destroy();
      reject(e);
    });
    stream.end();
  });
}
