/** networking.istio.io Gateway: the servers (ports, hosts, TLS) a gateway workload exposes. */
import { bool, deprecated, enumOf, list, obj, required, str, stringList, stringMap, uint32, type Infer } from '../schema.ts';

export const TLS_MODES = ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL'] as const;
export const TLS_PROTOCOL_VERSIONS = ['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'] as const;

export const port = obj(
  {
    number: required(uint32()),
    protocol: required(str()),
    name: required(str()),
    targetPort: deprecated(uint32(), 'targetPort is ignored on Gateway servers; the gateway Service maps ports'),
  },
  { name: 'istio.networking.v1.Port' },
);

export const tlsCertificate = obj(
  { serverCertificate: str(), privateKey: str(), caCertificates: str() },
  { name: 'istio.networking.v1.ServerTLSSettings.TLSCertificate' },
);

export const serverTlsSettings = obj(
  {
    httpsRedirect: bool(),
    mode: enumOf(TLS_MODES),
    serverCertificate: str(),
    privateKey: str(),
    caCertificates: str(),
    caCrl: str(),
    credentialName: str(),
    credentialNames: stringList,
    caCertCredentialName: str(),
    tlsCertificates: list(tlsCertificate),
    subjectAltNames: stringList,
    verifyCertificateSpki: stringList,
    verifyCertificateHash: stringList,
    minProtocolVersion: enumOf(TLS_PROTOCOL_VERSIONS),
    maxProtocolVersion: enumOf(TLS_PROTOCOL_VERSIONS),
    cipherSuites: stringList,
    insecureSkipVerify: bool(),
  },
  { name: 'istio.networking.v1.ServerTLSSettings' },
);

export const server = obj(
  {
    port: required(port),
    bind: str(),
    hosts: required(stringList),
    tls: serverTlsSettings,
    defaultEndpoint: str(),
    name: str(),
  },
  { name: 'istio.networking.v1.Server' },
);

export const gatewaySpec = obj({ servers: list(server), selector: stringMap }, { name: 'istio.networking.v1.Gateway' });

export type Port = Infer<typeof port>;
export type TLSCertificate = Infer<typeof tlsCertificate>;
export type ServerTLSSettings = Infer<typeof serverTlsSettings>;
export type Server = Infer<typeof server>;
export type Gateway = Infer<typeof gatewaySpec>;
