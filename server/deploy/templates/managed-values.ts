import schema from '../../../extension/public/managed_schema.json' with { type: 'json' };
import { parseManagedConfig, type ManagedConfig } from '../../../shared/policy/managed-config';

/** One setting of extension/public/managed_schema.json (what the admin console shows). */
export interface SchemaProperty {
  name: string;
  title: string;
  description: string;
  type: 'string' | 'boolean';
  enum?: string[];
}

export const MANAGED_SCHEMA_PROPERTIES: SchemaProperty[] = Object.entries(schema.properties as Record<string, Omit<SchemaProperty, 'name'>>).map(([name, p]) => ({
  name,
  ...p,
}));

export class TemplateError extends Error {}

/**
 * The managed configuration a template hands every device, in the schema's order, checked
 * twice: against managed_schema.json (what Chrome enforces) and by parseManagedConfig (the
 * code the extension itself runs). Any problem stops template generation with the reasons.
 */
export function managedValues(input: Record<string, string | boolean | undefined>): ManagedConfig {
  const raw: Record<string, string | boolean> = {};
  const problems: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    const prop = MANAGED_SCHEMA_PROPERTIES.find((p) => p.name === k);
    if (!prop) problems.push(`"${k}" is not a setting in managed_schema.json`);
    else if (typeof v !== prop.type) problems.push(`"${k}" must be a ${prop.type}`);
    else if (prop.enum && !prop.enum.includes(v as string)) problems.push(`"${k}" must be one of ${prop.enum.join(', ')}`);
  }
  for (const prop of MANAGED_SCHEMA_PROPERTIES) {
    const v = input[prop.name];
    if (v !== undefined) raw[prop.name] = v;
  }
  const parsed = parseManagedConfig(raw);
  problems.push(...parsed.problems);
  for (const k of Object.keys(raw)) {
    if (!(k in parsed.config) && !problems.some((p) => p.includes(`"${k}"`) || p.startsWith(k))) problems.push(`"${k}" was refused by the extension's own check`);
  }
  if (raw.collectorUrl === undefined) problems.push('a collector URL is required (--url, or PUBLIC_URL)');
  if (raw.enrolmentToken === undefined) problems.push('an enrolment token is required (--token: the one printed at first start, or a new one from the dashboard)');
  if (problems.length) throw new TemplateError(`Cannot make the template:\n${[...new Set(problems)].map((p) => `  - ${p}`).join('\n')}`);
  return parsed.config;
}
