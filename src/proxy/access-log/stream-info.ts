/**
 * What an access log line, a metric and a `%COMMAND%` header value can read about one HTTP stream
 * or TCP session: Envoy's StreamInfo. The HTTP stream and the TCP session both implement it; plain
 * fields rather than getters keep the formatter cheap.
 */

/** The downstream connection facts a formatter needs (implemented by DownstreamConnection). */
export interface ConnectionInfo {
  readonly id: number;
  readonly localAddressText: string;
  readonly remoteAddressText: string;
  readonly localIp: string;
  readonly remoteIp: string;
  readonly localPort: number;
  readonly remotePort: number;
  /** SNI from the ClientHello, '' when none. */
  readonly sni: string;
  readonly tlsTerminated: boolean;
  tlsVersion(): string;
  tlsCipher(): string;
  peerUriSan(): string;
  localUriSan(): string;
  peerSubject(): string;
  peerIssuer(): string;
  peerFingerprint256(): string;
  peerSerial(): string;
  peerCertificatePresented(): boolean;
  peerCertificateValidated(): boolean;
}

export interface StreamInfo {
  /** Epoch milliseconds at the first byte of the request (or connection for TCP). */
  readonly startTime: number;
  /** Monotonic milliseconds at start and end (end 0 while running). */
  readonly startMono: number;
  readonly endMono: number;
  /** `HTTP/1.1`, `HTTP/2`, `HTTP/1.0`, or '' for TCP. */
  readonly protocol: string;
  readonly responseCode: number;
  readonly responseCodeDetails: string;
  readonly responseFlags: number;
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly upstreamCluster: string;
  readonly upstreamHost: string;
  readonly upstreamLocalAddress: string;
  readonly upstreamTransportFailureReason: string;
  readonly routeName: string;
  readonly attemptCount: number;
  readonly connectionTerminationDetails: string;
  /** Milliseconds from the upstream request start to its response headers, -1 when none. */
  readonly upstreamServiceTimeMs: number;
  readonly downstream: ConnectionInfo;
  /** Request header by lower-case name; pseudo-headers `:method`, `:path`, `:authority`, `:scheme`. */
  requestHeader(name: string): string | undefined;
  responseHeader(name: string): string | undefined;
  responseTrailer(name: string): string | undefined;
}
