/**
 * Checks a simulator's answers against the vendor's published API description, OpenAPI 3.0
 * (`components.schemas`, `nullable`) or Swagger 2.0 (`definitions`, `x-nullable`). The
 * description's schemas become one JSON Schema document for ajv; `$ref`s point into it.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';

export type Json = Record<string, unknown>;

/** Keys whose value maps names to schemas (not schemas themselves). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
/** Keys whose value is a list of schemas. */
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
/** Keys whose value is one schema. */
const SCHEMA_ONE = new Set(['items', 'additionalProperties', 'not']);
/** Description-only keys JSON Schema does not know, or reads differently. */
const DROPPED = new Set([
  'nullable',
  'example',
  'examples',
  'xml',
  'externalDocs',
  'discriminator',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
/** OpenAPI's own formats; they describe the wire type and need no check. */
const OPENAPI_FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password'];

const DOC_ID = 'urn:tend:api-description';

export class ApiDescription {
  readonly #spec: Json;
  readonly #ajv: Ajv;
  readonly #compiled = new Map<string, ValidateFunction>();

  private constructor(spec: Json) {
    this.#spec = spec;
    this.#ajv = new Ajv({ strict: false, allErrors: true });
    formats.default(this.#ajv);
    for (const format of OPENAPI_FORMATS) this.#ajv.addFormat(format, true);
    this.#ajv.addSchema({
      $id: DOC_ID,
      definitions: convertNamed(spec.definitions),
      components: { schemas: convertNamed((spec.components as Json | undefined)?.schemas) },
    });
  }

  static load(file: string): ApiDescription {
    return new ApiDescription(JSON.parse(readFileSync(file, 'utf8')) as Json);
  }

  /** The path template that serves `path` ("/zones/abc" → "/zones/{zone_id}"). */
  templateOf(method: string, path: string): string | undefined {
    const paths = (this.#spec.paths ?? {}) as Record<string, Json>;
    const verb = method.toLowerCase();
    if (paths[path]?.[verb]) return path;
    const candidates = Object.keys(paths).filter((template) => {
      if (!paths[template]?.[verb]) return false;
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
      return new RegExp(`^${source}$`).test(path);
    });
    const params = (template: string): number => (template.match(/\{/g) ?? []).length;
    return candidates.sort((a, b) => params(a) - params(b))[0];
  }

  /**
   * Every way `body` breaks the description of `method path` answering `status`; empty when
   * it conforms. Throws when the description has no such operation.
   */
  problems(method: string, path: string, status: number, body: unknown): string[] {
    return this.problemsAgainst(this.responseSchema(method, path, status), body);
  }

  /** Every way `body` breaks `schema`, a schema written in the description's dialect. */
  problemsAgainst(schema: Json | undefined, body: unknown): string[] {
    if (!schema) return [];
    const key = JSON.stringify(schema);
    if (!this.#compiled.has(key)) {
      this.#compiled.set(key, this.#ajv.compile(convertSchema(schema) as Json));
    }
    const validate = this.#compiled.get(key);
    if (!validate || validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
    );
  }

  /** The description's schema for that answer, as written; undefined when it has none. */
  responseSchema(method: string, path: string, status: number): Json | undefined {
    const template = this.templateOf(method, path);
    if (!template) throw new Error(`the API description has no ${method} ${path}`);
    const paths = this.#spec.paths as Record<string, Record<string, Json>>;
    const responses = (paths[template]?.[method.toLowerCase()]?.responses ?? {}) as Json;
    const found =
      responses[String(status)] ?? responses[`${String(status).charAt(0)}XX`] ?? responses.default;
    const response = this.#resolve(found as Json | undefined);
    if (!response) throw new Error(`${method} ${template} describes no ${status} answer`);
    if (response.schema) return response.schema as Json;
    const content = (response.content ?? {}) as Record<string, Json>;
    const media = content['application/json'] ?? Object.values(content)[0];
    return media?.schema as Json | undefined;
  }

  /** Follows a `$ref` to a shared response (`#/components/responses/…`, `#/responses/…`). */
  #resolve(node: Json | undefined): Json | undefined {
    const ref = node?.$ref;
    if (typeof ref !== 'string') return node;
    let target: unknown = this.#spec;
    for (const part of ref.replace(/^#\//, '').split('/')) target = (target as Json)[part];
    return target as Json;
  }
}

function convertNamed(schemas: unknown): Json {
  return Object.fromEntries(
    Object.entries((schemas ?? {}) as Json).map(([name, schema]) => [name, convertSchema(schema)]),
  );
}

/** An OpenAPI / Swagger schema as the JSON Schema ajv reads. */
export function convertSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convertSchema);
  if (!node || typeof node !== 'object') return node;
  const source = node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    // Swagger 2.0's upload type has no JSON Schema counterpart.
    if (key === 'type' && value === 'file') continue;
    out[key] = convertKeyword(key, value);
  }
  return source.nullable === true || source['x-nullable'] === true ? allowNull(out) : out;
}

function convertKeyword(key: string, value: unknown): unknown {
  if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) {
    return `${DOC_ID}${value}`;
  }
  if (SCHEMA_MAPS.has(key) && value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Json).map(([name, schema]) => [name, convertSchema(schema)]),
    );
  }
  if (SCHEMA_LISTS.has(key) || SCHEMA_ONE.has(key)) return convertSchema(value);
  return value;
}

function allowNull(schema: Json): Json {
  if (typeof schema.type === 'string') {
    const widened: Json = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) {
      widened.enum = [...(schema.enum as unknown[]), null];
    }
    return widened;
  }
  return { anyOf: [schema, { type: 'null' }] };
}
