/** Parses `k=v[,k=v]` label arguments of the CLI (the registry's parser; a bad list is a usage error). */
import { parseLabelList } from '../registry/labels.ts';
import { UsageError } from './command.ts';

export function parseLabels(text: string): Record<string, string> {
  try {
    return parseLabelList(text);
  } catch (e) {
    throw new UsageError(`--labels must be k=v[,k=v]: ${(e as Error).message}`);
  }
}
