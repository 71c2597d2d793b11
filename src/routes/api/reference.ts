/**
 * The API reference at /api/docs, rendered with the app's own templates from the OpenAPI document
 * that @fastify/swagger generates from the route schemas: one section per operation with its
 * parameters and the fields of each answer, in German, as accessible as every other page.
 */

/** The parts of an OpenAPI 3.1 document the reference reads. */
interface Schema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: unknown;
  description?: string;
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: Parameter[];
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
}

/** The German words the reference uses (views/i18n/de.json, apiDocs.*). */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

export interface ReferenceField {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

export interface ReferenceOperation {
  id: string;
  method: string;
  path: string;
  summary: string;
  parameters: (ReferenceField & { where: string })[];
  responses: { status: string; meaning: string; fields: ReferenceField[] }[];
}

export interface Reference {
  title: string;
  version: string;
  description: string;
  server: string;
  groups: { tag: string; id: string; operations: ReferenceOperation[] }[];
}

function anchor(text: string): string {
  return text
    .toLowerCase()
    .replace(/[{}]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A schema's type in words: "Text", "Ganzzahl oder leer (null)", "Liste von Text", "Datum", … */
function typeText(schema: Schema, t: Translate): string {
  if (schema.anyOf) return schema.anyOf.map((part) => typeText(part, t)).join(t('apiDocs.or'));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const words = types.map((type) => {
    if (type === 'array') return t('apiDocs.type.array', { of: schema.items ? typeText(schema.items, t) : t('apiDocs.type.any') });
    if (type === 'string' && schema.format) return t(`apiDocs.format.${schema.format}`);
    return t(`apiDocs.type.${type}`);
  });
  const text = words.length > 0 ? words.join(t('apiDocs.or')) : t('apiDocs.type.any');
  const details: string[] = [];
  if (schema.enum) details.push(t('apiDocs.oneOf', { values: schema.enum.join(', ') }));
  if (schema.minimum !== undefined && schema.maximum !== undefined) details.push(t('apiDocs.range', { min: schema.minimum, max: schema.maximum }));
  if (schema.default !== undefined) details.push(t('apiDocs.default', { value: String(schema.default) }));
  if (schema.maxLength !== undefined) details.push(t('apiDocs.maxLength', { n: schema.maxLength }));
  if (schema.pattern) details.push(t('apiDocs.pattern', { pattern: schema.pattern }));
  return details.length > 0 ? `${text} (${details.join('; ')})` : text;
}

/** The fields of an answer, nested ones with their path: "items[].slug". */
function fieldsOf(schema: Schema | undefined, t: Translate, prefix = '', into: ReferenceField[] = []): ReferenceField[] {
  if (!schema) return into;
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    into.push({ name: path, type: typeText(child, t), required: schema.required?.includes(name) ?? false, description: child.description ?? child.items?.description ?? '' });
    if (child.properties) fieldsOf(child, t, `${path}.`, into);
    else if (child.items?.properties) fieldsOf(child.items, t, `${path}[].`, into);
  }
  return into;
}

function operationOf(path: string, method: string, operation: Operation, t: Translate): ReferenceOperation {
  return {
    id: anchor(`${method} ${path}`),
    method: method.toUpperCase(),
    path,
    summary: operation.summary ?? '',
    parameters: (operation.parameters ?? []).map((parameter) => ({
      name: parameter.name,
      where: t(`apiDocs.in.${parameter.in}`),
      required: parameter.required ?? false,
      type: parameter.schema ? typeText(parameter.schema, t) : t('apiDocs.type.any'),
      description: parameter.description ?? '',
    })),
    responses: Object.entries(operation.responses ?? {}).map(([status, response]) => ({
      status,
      meaning: t(`apiDocs.status.${status}`),
      fields: fieldsOf(response.content?.['application/json']?.schema, t),
    })),
  };
}

/** The reference of an OpenAPI document, grouped by tag in the order the tags first appear. */
export function apiReference(document: OpenApiDocument, t: Translate): Reference {
  const groups = new Map<string, ReferenceOperation[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const tag = operation.tags?.[0] ?? t('apiDocs.untagged');
      groups.set(tag, [...(groups.get(tag) ?? []), operationOf(path, method, operation, t)]);
    }
  }
  return {
    title: document.info.title,
    version: document.info.version,
    description: document.info.description ?? '',
    server: document.servers?.[0]?.url ?? '',
    groups: [...groups.entries()].map(([tag, operations]) => ({ tag, id: anchor(`bereich ${tag}`), operations })),
  };
}
