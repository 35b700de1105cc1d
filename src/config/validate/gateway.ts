/** Semantic rules for Gateway, after Istio's admission webhook. */
import type { Resource } from '../../api/resource.ts';
import type { Gateway } from '../../api/networking/gateway.ts';
import type { ValidationContext } from './context.ts';

export function validateGateway(r: Resource<Gateway>, ctx: ValidationContext): void {
  const servers = r.spec.servers ?? [];
  if (servers.length === 0) ctx.error('spec.servers', 'gateway must have at least one server', r.spec, 'servers');
  const portNames = new Map<string, number>();
  servers.forEach((s, i) => {
    const p = `spec.servers[${i}]`;
    const name = s.port?.name;
    if (name) {
      if (portNames.has(name)) ctx.error(`${p}.port.name`, `port names in servers must be unique: duplicate name ${name}`, s.port, 'name');
      else portNames.set(name, i);
    }
    if (s.port && (s.port.number === undefined || s.port.number < 1 || s.port.number > 65535)) {
      ctx.error(`${p}.port.number`, `port number ${s.port.number ?? 0} must be in the range 1..65535`, s.port, 'number');
    }
  });
}
