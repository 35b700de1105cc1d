/**
 * security.istio.io AuthorizationPolicy: access control on workloads. An action (ALLOW, DENY,
 * AUDIT, CUSTOM with an ext-authz provider) and rules of `from` sources, `to` operations and `when`
 * conditions. Every field of istio/api security/v1beta1/authorization_policy.proto, proto3 JSON names.
 */
import { enumOf, list, obj, required, str, stringList, type Infer } from '../schema.ts';
import { policyTargetReference, policyTargetReferences, workloadSelector } from './selector.ts';

export const AUTHORIZATION_ACTIONS = ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'] as const;

/** The peer and request identities a rule matches (all fields ANDed, values of one field ORed). */
export const source = obj(
  {
    principals: stringList,
    notPrincipals: stringList,
    requestPrincipals: stringList,
    notRequestPrincipals: stringList,
    namespaces: stringList,
    notNamespaces: stringList,
    serviceAccounts: stringList,
    notServiceAccounts: stringList,
    ipBlocks: stringList,
    notIpBlocks: stringList,
    remoteIpBlocks: stringList,
    notRemoteIpBlocks: stringList,
    trustDomains: stringList,
    notTrustDomains: stringList,
  },
  { name: 'istio.security.v1beta1.Source' },
);

/** The request properties a rule matches: hosts, ports, methods, paths and their negations. */
export const operation = obj(
  {
    hosts: stringList,
    notHosts: stringList,
    ports: stringList,
    notPorts: stringList,
    methods: stringList,
    notMethods: stringList,
    paths: stringList,
    notPaths: stringList,
  },
  { name: 'istio.security.v1beta1.Operation' },
);

/** An extra condition on a request attribute (`request.headers[x]`, `source.ip`, `request.auth.claims[iss]`, ...). */
export const condition = obj(
  {
    key: required(str()),
    values: stringList,
    notValues: stringList,
  },
  { name: 'istio.security.v1beta1.Condition' },
);

export const ruleFrom = obj({ source }, { name: 'istio.security.v1beta1.Rule.From' });
export const ruleTo = obj({ operation }, { name: 'istio.security.v1beta1.Rule.To' });

export const rule = obj(
  {
    from: list(ruleFrom),
    to: list(ruleTo),
    when: list(condition),
  },
  { name: 'istio.security.v1beta1.Rule' },
);

/** The mesh extension provider (MeshConfig `extensionProviders[].name`) a CUSTOM policy delegates to. */
export const extensionProvider = obj({ name: str() }, { name: 'istio.security.v1beta1.AuthorizationPolicy.ExtensionProvider' });

export const authorizationPolicySpec = obj(
  {
    selector: workloadSelector,
    targetRef: policyTargetReference,
    targetRefs: policyTargetReferences,
    rules: list(rule),
    action: enumOf(AUTHORIZATION_ACTIONS),
    provider: extensionProvider,
  },
  { name: 'istio.security.v1beta1.AuthorizationPolicy' },
);

export type AuthorizationAction = (typeof AUTHORIZATION_ACTIONS)[number];
export type Source = Infer<typeof source>;
export type Operation = Infer<typeof operation>;
export type Condition = Infer<typeof condition>;
export type RuleFrom = Infer<typeof ruleFrom>;
export type RuleTo = Infer<typeof ruleTo>;
export type Rule = Infer<typeof rule>;
export type ExtensionProvider = Infer<typeof extensionProvider>;
/** The `spec` of an AuthorizationPolicy. */
export type AuthorizationPolicy = Infer<typeof authorizationPolicySpec>;
