/** apps/v1 Deployment: replicas of a Pod template chosen by a label selector (gateways run as these). */
import { any, bool, enumOf, int, intOrString, list, obj, required, type Infer } from '../schema.ts';
import { APPS, k8sKind, labelSelector } from './common.ts';
import { podTemplateSpec } from './pod.ts';

export const deploymentStrategy = obj(
  {
    type: enumOf(['Recreate', 'RollingUpdate']),
    rollingUpdate: obj({ maxUnavailable: intOrString(), maxSurge: intOrString() }, { name: 'RollingUpdateDeployment' }),
  },
  { name: 'DeploymentStrategy' },
);

export const deploymentSpec = obj(
  {
    replicas: int({ min: 0 }),
    selector: required(labelSelector),
    template: required(podTemplateSpec),
    strategy: deploymentStrategy,
    minReadySeconds: int({ min: 0 }),
    revisionHistoryLimit: int({ min: 0 }),
    progressDeadlineSeconds: int({ min: 1 }),
    paused: bool(),
  },
  { name: 'DeploymentSpec' },
);

export const deploymentStatus = obj(
  { replicas: int(), readyReplicas: int(), availableReplicas: int(), updatedReplicas: int(), observedGeneration: int(), conditions: list(any()) },
  { name: 'DeploymentStatus', open: true },
);

export const deploymentBody = obj({ spec: required(deploymentSpec), status: deploymentStatus }, { name: 'Deployment' });

export const DEPLOYMENT_KIND = k8sKind(APPS, 'Deployment', 'deployments', ['v1'], true, deploymentBody);

export type DeploymentSpec = Infer<typeof deploymentSpec>;
/** The body of a Deployment resource: spec and status. */
export type Deployment = Infer<typeof deploymentBody>;
