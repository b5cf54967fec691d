/**
 * Every validator a manifest needs, compiled once with ajv in standalone mode.
 *
 * The validate stage compiles them to report schemas that do not compile (a typo
 * such as `"requierd"`, a `$ref` to nothing) in the user's file; the validator
 * emitter then reuses the same compiled functions to write their code. Compiling
 * is most of the cost of generating, so it happens once per model. Schemas that
 * declare draft-07 are compiled by an ajv of that draft (util/schema-dialect.ts),
 * in groups of their own.
 */
import type { ManifestModel } from "../model/types.js";
import { type SchemaCompiler, createSchemaCompiler } from "../util/ajv-factory.js";
import { type SchemaDialect, schemaDialect } from "../util/schema-dialect.js";
import { withoutUnfilledDefaults } from "./filled-defaults.js";
import { addOwnDefaultsKeyword, ownDefaultsAsKeyword } from "./own-defaults.js";
import { protoPropertiesAsPatterns } from "./proto-properties.js";
import { registerSchemaLiterals } from "./schema-literals.js";
import { type SchemaUnit, schemaUnits } from "./schema-units.js";

export interface CompiledGroup {
  readonly ajv: SchemaCompiler;
  readonly requests: readonly SchemaUnit[];
}

export interface SchemaProblem {
  readonly pointer: string;
  readonly message: string;
}

export interface DialectGroups {
  /** Tool inputs and prompt arguments: validated, with missing properties' defaults filled in. */
  readonly plain: CompiledGroup;
  /** Template variables: strings from the URI are coerced to their declared types. */
  readonly coercing: CompiledGroup;
  /** Tool outputs: checked as the handler returned them, no defaults filled in. */
  readonly outputs: CompiledGroup;
}

/** The 2020-12 groups (every schema that declares no other draft), and the draft-07 ones, absent when no schema declares draft-07 (an ajv costs time to build). */
export interface ValidatorSet extends DialectGroups {
  readonly draft07?: DialectGroups;
  readonly problems: readonly SchemaProblem[];
}

interface GroupOptions {
  readonly coerceTypes: boolean;
  readonly useDefaults: boolean;
  readonly dialect: SchemaDialect;
}

function compileGroup(requests: readonly SchemaUnit[], options: GroupOptions, problems: SchemaProblem[]): CompiledGroup {
  const { coerceTypes, useDefaults, dialect } = options;
  const compiler = (standalone: boolean): SchemaCompiler => {
    const created = createSchemaCompiler({ standalone, coerceTypes, useDefaults, dialect });
    if (useDefaults) addOwnDefaultsKeyword(created);
    return created;
  };
  const ajv = compiler(true);
  const compiled: SchemaUnit[] = [];
  const seen = new Set<string>();
  let scratch: SchemaCompiler | undefined;
  for (const request of requests) {
    // A root `$id` would make two tools sharing one schema file collide inside ajv. A
    // root `default` has nothing to fill (absent arguments are `{}`), and ajv's strict
    // mode refuses it when filling defaults.
    const { $id: _id, ...whole } = request.schema as Record<string, unknown>;
    const { default: _default, ...rest } = whole;
    const written = useDefaults ? ownDefaultsAsKeyword(withoutUnfilledDefaults(rest)) : whole;
    const schema = protoPropertiesAsPatterns(written) as Record<string, unknown>;
    try {
      if (seen.has(request.validatorName)) {
        // Colliding names are reported by the semantic checks; the schema is still checked.
        scratch ??= compiler(false);
        scratch.compile(schema);
        continue;
      }
      seen.add(request.validatorName);
      registerSchemaLiterals(ajv, schema);
      ajv.addSchema(schema, request.validatorName);
      ajv.getSchema(request.validatorName);
      compiled.push(request);
    } catch (error) {
      if (!compiled.some((done) => done.validatorName === request.validatorName)) ajv.removeSchema(request.validatorName);
      problems.push({ pointer: request.pointer, message: error instanceof Error ? error.message.replace(/^strict mode: /, "") : String(error) });
    }
  }
  return { ajv, requests: compiled };
}

const cache = new WeakMap<ManifestModel, ValidatorSet>();

/** The three groups of units written in one draft. */
function dialectGroups(own: readonly SchemaUnit[], dialect: SchemaDialect, problems: SchemaProblem[]): DialectGroups {
  return {
    plain: compileGroup(
      own.filter((unit) => !unit.coerce && unit.fillsDefaults),
      { coerceTypes: false, useDefaults: true, dialect },
      problems,
    ),
    coercing: compileGroup(
      own.filter((unit) => unit.coerce),
      { coerceTypes: true, useDefaults: true, dialect },
      problems,
    ),
    outputs: compileGroup(
      own.filter((unit) => !unit.fillsDefaults),
      { coerceTypes: false, useDefaults: false, dialect },
      problems,
    ),
  };
}

/** The model's validators, compiled on first use and cached for the model's lifetime. */
export function compileValidatorSet(model: ManifestModel): ValidatorSet {
  let set = cache.get(model);
  if (set === undefined) {
    const problems: SchemaProblem[] = [];
    const units = schemaUnits(model);
    // An undeclared or unknown `$schema` counts as 2020-12 (an unknown one is reported by validate/schema-meta.ts).
    const draft07 = units.filter((unit) => schemaDialect(unit.schema) === "draft-07");
    const latest = units.filter((unit) => schemaDialect(unit.schema) !== "draft-07");
    set = {
      ...dialectGroups(latest, "2020-12", problems),
      ...(draft07.length > 0 ? { draft07: dialectGroups(draft07, "draft-07", problems) } : {}),
      problems,
    };
    cache.set(model, set);
  }
  return set;
}
