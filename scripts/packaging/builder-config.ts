// Loads electron-builder.yml and validates it against the JSON schema shipped with the installed
// electron-builder (app-builder-lib/scheme.json), the same schema electron-builder itself checks
// before packaging. Options are those electron-builder uses, except that types are not coerced:
// `oneClick: "false"` is a mistake here, not a string to convert.
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { load as loadYaml } from 'js-yaml';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export interface LoadedConfig {
  /** The parsed YAML document (validated only by the schema, not yet by the app's rules). */
  config: unknown;
  /** One line per schema violation; empty when the config matches the schema. */
  schemaProblems: string[];
  /** electron-builder version whose schema was used. */
  builderVersion: string;
}

function builderLibDir(): string {
  // app-builder-lib has no "exports" map, so its package.json resolves from electron-builder's.
  const builderPkg = require.resolve('electron-builder/package.json');
  const libPkg = require.resolve('app-builder-lib/package.json', { paths: [dirname(builderPkg)] });
  return dirname(libPkg);
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  if (error.keyword === 'additionalProperties' && 'additionalProperty' in error.params) {
    return `${where}: unknown option "${String(error.params.additionalProperty)}"`;
  }
  return `${where}: ${error.message ?? error.keyword}`;
}

/** Keeps the specific errors; anyOf/oneOf summaries only when nothing more precise exists. */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  const composite = new Set(['anyOf', 'oneOf', 'if']);
  const specific = errors.filter((e) => !composite.has(e.keyword));
  return specific.length > 0 ? specific : errors;
}

let compiled: { validate: ValidateFunction; builderVersion: string } | undefined;

/** Compiling the 360 kB schema takes most of a second: once per process is enough. */
async function compiledSchema(): Promise<{ validate: ValidateFunction; builderVersion: string }> {
  if (compiled) return compiled;
  const libDir = builderLibDir();
  const schema: unknown = JSON.parse(await readFile(join(libDir, 'scheme.json'), 'utf8'));
  const builderVersion = (JSON.parse(await readFile(join(libDir, 'package.json'), 'utf8')) as { version: string }).version;
  if (typeof schema !== 'object' || schema === null) throw new Error('app-builder-lib/scheme.json is not a JSON object');
  // strict: false because the schema uses electron-builder's own "typeof" keyword for options
  // that may be functions in a JS config; a YAML config can never hold a function.
  const ajv = new Ajv({ allErrors: true, strict: false });
  compiled = { validate: ajv.compile(schema), builderVersion };
  return compiled;
}

export async function loadBuilderConfig(root: string, fileName = 'electron-builder.yml'): Promise<LoadedConfig> {
  const text = await readFile(join(root, fileName), 'utf8');
  let config: unknown;
  try {
    config = loadYaml(text, { filename: fileName });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { config: undefined, schemaProblems: [`${fileName} is not valid YAML: ${message}`], builderVersion: 'unknown' };
  }
  const { validate, builderVersion } = await compiledSchema();
  const schemaProblems = validate(config) ? [] : relevant(validate.errors ?? []).map(describe);
  return { config, schemaProblems: [...new Set(schemaProblems)], builderVersion };
}
