/**
 * A small schema language for Istio and Kubernetes resources. One schema gives both the
 * TypeScript type (via `Infer`) and the strict decoder (schema-check.ts): unknown fields,
 * wrong types, enum values, oneofs, required fields and deprecations are all described here.
 * Field names are proto3 JSON names (camelCase); the decoder also accepts the proto's
 * snake_case names, as protobuf's JSON parser and Istio do (seed 002 writes `sni_hosts`).
 */

interface Common {
  readonly required?: boolean;
  /** Set when the field is deprecated: the warning text. */
  readonly deprecated?: string;
  readonly description?: string;
}

export interface StringSchema extends Common { readonly t: 'string'; readonly pattern?: RegExp; readonly patternHint?: string }
export interface IntSchema extends Common { readonly t: 'int'; readonly min?: number; readonly max?: number }
export interface NumberSchema extends Common { readonly t: 'number'; readonly min?: number; readonly max?: number }
export interface BoolSchema extends Common { readonly t: 'bool' }
export interface DurationSchema extends Common { readonly t: 'duration' }
export interface EnumSchema<V extends string = string> extends Common {
  readonly t: 'enum';
  readonly values: readonly V[];
  /** Values that are accepted with a warning: value → warning text. */
  readonly deprecatedValues?: Readonly<Record<string, string>>;
}
export interface IntOrStringSchema extends Common { readonly t: 'intOrString' }
export interface ListSchema<I extends Schema = Schema> extends Common { readonly t: 'list'; readonly of: I }
export interface MapSchema<I extends Schema = Schema> extends Common { readonly t: 'map'; readonly of: I }
export interface ObjectSchema<F extends Fields = Fields> extends Common {
  readonly t: 'object';
  readonly fields: F;
  /** Groups of field names of which at most one may be set (proto oneof). */
  readonly oneof?: readonly (readonly string[])[];
  /** When true, fields not listed are accepted silently (Kubernetes parts we do not model). */
  readonly open?: boolean;
  /** Name shown in messages, e.g. `istio.networking.v1.HTTPRoute`. */
  readonly name?: string;
}
export interface AnySchema extends Common { readonly t: 'any' }

export type Schema =
  | StringSchema
  | IntSchema
  | NumberSchema
  | BoolSchema
  | DurationSchema
  | EnumSchema
  | IntOrStringSchema
  | ListSchema
  | MapSchema
  | ObjectSchema
  | AnySchema;

export type Fields = Readonly<Record<string, Schema>>;

type RequiredKeys<F extends Fields> = { [K in keyof F]: F[K] extends { readonly required: true } ? K : never }[keyof F];
type Simplify<T> = { [K in keyof T]: T[K] } & {};

export type Infer<S> = S extends StringSchema
  ? string
  : S extends IntSchema | NumberSchema
    ? number
    : S extends BoolSchema
      ? boolean
      : S extends DurationSchema
        ? string
        : S extends EnumSchema<infer V>
          ? V
          : S extends IntOrStringSchema
            ? number | string
            : S extends ListSchema<infer I>
              ? Infer<I>[]
              : S extends MapSchema<infer I>
                ? Record<string, Infer<I>>
                : S extends ObjectSchema<infer F>
                  ? Simplify<{ [K in RequiredKeys<F>]: Infer<F[K]> } & { [K in Exclude<keyof F, RequiredKeys<F>>]?: Infer<F[K]> }>
                  : unknown;

type Opts = Omit<Common, 'required'>;

export const str = (o: Omit<StringSchema, 't' | 'required'> = {}): StringSchema => ({ t: 'string', ...o });
export const int = (o: Omit<IntSchema, 't' | 'required'> = {}): IntSchema => ({ t: 'int', ...o });
export const uint32 = (o: Opts = {}): IntSchema => ({ t: 'int', min: 0, max: 4294967295, ...o });
export const num = (o: Omit<NumberSchema, 't' | 'required'> = {}): NumberSchema => ({ t: 'number', ...o });
export const bool = (o: Opts = {}): BoolSchema => ({ t: 'bool', ...o });
export const duration = (o: Opts = {}): DurationSchema => ({ t: 'duration', ...o });
export const intOrString = (o: Opts = {}): IntOrStringSchema => ({ t: 'intOrString', ...o });
export const any = (o: Opts = {}): AnySchema => ({ t: 'any', ...o });
export function enumOf<const V extends string>(values: readonly V[], o: Omit<EnumSchema<V>, 't' | 'values' | 'required'> = {}): EnumSchema<V> {
  return { t: 'enum', values, ...o };
}
export function list<I extends Schema>(of: I, o: Opts = {}): ListSchema<I> {
  return { t: 'list', of, ...o };
}
export function map<I extends Schema>(of: I, o: Opts = {}): MapSchema<I> {
  return { t: 'map', of, ...o };
}
export function obj<const F extends Fields>(fields: F, o: Omit<ObjectSchema<F>, 't' | 'fields' | 'required'> = {}): ObjectSchema<F> {
  return { t: 'object', fields, ...o };
}
/** Marks a schema as a required field of its object. */
export function required<S extends Schema>(s: S): S & { readonly required: true } {
  return { ...s, required: true } as S & { readonly required: true };
}
/** Marks a schema as a deprecated field; setting it yields a warning. */
export function deprecated<S extends Schema>(s: S, message: string): S {
  return { ...s, deprecated: message };
}

/** Shared leaf schemas. */
export const stringMap = map(str());
export const stringList = list(str());
