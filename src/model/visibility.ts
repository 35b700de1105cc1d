/**
 * exportTo visibility for VirtualService, DestinationRule and ServiceEntry (and Services through
 * the `networking.istio.io/exportTo` annotation): `*` (everywhere, the default), `.` (the
 * resource's own namespace), `~` (nowhere) and named namespaces.
 */

export function isVisibleTo(exportTo: readonly string[] | undefined, ownNamespace: string, clientNamespace: string): boolean {
  if (!exportTo || exportTo.length === 0) return true;
  for (const e of exportTo) {
    if (e === '*') return true;
    if (e === '.' && ownNamespace === clientNamespace) return true;
    if (e === clientNamespace) return true;
  }
  return false;
}

/** True when exported beyond its own namespace (Istio's "exported" index membership). */
export function isExportedOutside(exportTo: readonly string[] | undefined, ownNamespace: string): boolean {
  if (!exportTo || exportTo.length === 0) return true;
  return exportTo.some((e) => e !== '.' && e !== '~' && e !== ownNamespace);
}
