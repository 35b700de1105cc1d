/**
 * The flags and loading shared by the offline commands that look at one workload's proxy
 * (`proxy-config`, `x explain`): `--config DIR` (repeatable), `--labels k=v[,k=v]`, `--namespace NS`,
 * `--type router|sidecar`. Checks them, loads and validates the configuration (invalid resources
 * are left out with a warning on stderr) and builds the mesh snapshot.
 */
import { loadPaths } from '../config/load.ts';
import { buildSnapshot, type MeshSnapshot } from '../model/snapshot.ts';
import type { CliIO } from './command.ts';
import { UsageError } from './command.ts';
import { parseLabels } from './labels.ts';

/** parseArgs options of the workload flags; spread into a command's own options. */
export const WORKLOAD_OPTIONS = {
  config: { type: 'string', short: 'c', multiple: true },
  labels: { type: 'string', short: 'l' },
  namespace: { type: 'string', short: 'n' },
  type: { type: 'string' },
} as const;

export interface WorkloadFlags {
  config?: string[];
  labels?: string;
  namespace?: string;
  type?: string;
}

export interface WorkloadMesh {
  snapshot: MeshSnapshot;
  labels: Record<string, string>;
  namespace?: string;
  type?: 'router' | 'sidecar';
}

/** Checks the flags of `command`, loads its configuration and builds the snapshot. */
export function loadWorkloadMesh(command: string, values: WorkloadFlags, io: CliIO): WorkloadMesh {
  if (!values.config?.length) throw new UsageError(`${command} needs --config DIR (the directory of YAML describing the mesh)`);
  if (!values.labels) throw new UsageError(`${command} needs --labels k=v[,k=v] naming the workload whose proxy to look at (e.g. istio=ingressgateway)`);
  if (values.type && values.type !== 'router' && values.type !== 'sidecar') throw new UsageError(`--type must be router or sidecar, not "${values.type}"`);
  const labels = parseLabels(values.labels);
  const loaded = loadPaths(values.config, { defaultNamespace: 'default', stdin: io.readStdin });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'Error').length;
  if (errors > 0) io.stderr(`warning: ${errors} invalid resource(s) in the configuration were left out (run \`sextant validate\` for details)\n`);
  return { snapshot: buildSnapshot(loaded.resources), labels, namespace: values.namespace, type: values.type as 'router' | 'sidecar' | undefined };
}
