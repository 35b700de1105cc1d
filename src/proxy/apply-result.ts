/** What `Proxy.apply` reports: accepted (now serving) or rejected whole with every reason. */

export interface BoundListener {
  name: string;
  /** The address and port actually bound (the port after portOffset, or the one the OS picked). */
  address: string;
  port: number;
}

export interface ApplyResult {
  accepted: boolean;
  /** Version of the configuration serving after this call (unchanged when rejected); 0 = none yet. */
  version: number;
  errors: string[];
  warnings: string[];
  /** Listeners serving after this call. */
  listeners: BoundListener[];
}
