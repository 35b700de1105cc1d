/**
 * Test helpers for the Kubernetes kinds: build a resource document as YAML text (header +
 * an indented body) for the table tests in k8s-*.test.ts.
 */

export interface DocOptions {
  apiVersion?: string;
  name?: string;
  namespace?: string | null;
  /** YAML lines placed under metadata (already indented by two spaces). */
  meta?: string;
}

/** `body` is YAML for the top-level fields other than apiVersion/kind/metadata. */
export function k8sDoc(kind: string, body: string, o: DocOptions = {}): string {
  const ns = o.namespace === null ? '' : `  namespace: ${o.namespace ?? 'default'}\n`;
  return `apiVersion: ${o.apiVersion ?? 'v1'}\nkind: ${kind}\nmetadata:\n  name: ${o.name ?? 'test'}\n${ns}${o.meta ?? ''}${body.replace(/^\n/, '')}`;
}

/** Indents every line of `text` by `n` spaces. */
export function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}
