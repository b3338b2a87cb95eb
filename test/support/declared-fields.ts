import * as path from 'node:path';
import * as ts from 'typescript';

/*
 * Unknown fields, checked against the TypeScript declarations of a maintained model package (e.g.
 * @kubernetes-models/gke): they are generated from the same CRD schemas as the package's validators, which check
 * types and required fields but let unknown fields through.
 */

const ROOT = path.join(__dirname, '..', '..', '..');
const checkers = new Map<string, { checker: ts.TypeChecker; type: ts.Type }>();

/** The declared type `typeName` exported by `module`. */
function declaredType(module: string, typeName: string): { checker: ts.TypeChecker; type: ts.Type } {
  const key = `${module}#${typeName}`;
  let found = checkers.get(key);
  if (found) return found;
  const file = path.join(ROOT, '__declared-fields__.ts');
  const source = `import type { ${typeName} } from '${module}';\nexport declare const value: ${typeName};\n`;
  const options: ts.CompilerOptions = { moduleResolution: ts.ModuleResolutionKind.Node10, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (name === file ? ts.createSourceFile(name, source, version) : read(name, version));
  const program = ts.createProgram([file], options, host);
  const checker = program.getTypeChecker();
  const statement = program.getSourceFile(file)!.statements[1] as ts.VariableStatement;
  const type = checker.getTypeAtLocation(statement.declarationList.declarations[0].name);
  if (checker.getPropertiesOfType(type).length === 0) throw new Error(`${typeName} from ${module} has no properties: not found?`);
  found = { checker, type };
  checkers.set(key, found);
  return found;
}

/** Paths of the fields of `value` that the type `typeName` of `module` does not declare. */
export function undeclaredFields(value: unknown, module: string, typeName: string): string[] {
  const { checker, type } = declaredType(module, typeName);
  const unknown: string[] = [];
  const walk = (v: unknown, t: ts.Type, at: string): void => {
    if (v === null || typeof v !== 'object') return;
    const candidates = t.isUnion() ? t.types : [t];
    if (Array.isArray(v)) {
      const element = candidates.map((c) => (checker.isArrayType(c) || checker.isTupleType(c) ? checker.getTypeArguments(c as ts.TypeReference)[0] : undefined)).find(Boolean);
      if (element) v.forEach((item, i) => walk(item, element, `${at}[${i}]`));
      return;
    }
    const objects = candidates.filter((c) => c.flags & ts.TypeFlags.Object);
    for (const [key, child] of Object.entries(v)) {
      const property = objects.map((o) => checker.getPropertyOfType(o, key)).find(Boolean);
      if (property) {
        walk(child, checker.getNonNullableType(checker.getTypeOfSymbol(property)), `${at}.${key}`);
        continue;
      }
      const index = objects.map((o) => checker.getIndexInfoOfType(o, ts.IndexKind.String)).find(Boolean);
      if (index) walk(child, index.type, `${at}.${key}`);
      else unknown.push(`${at}.${key}`.replace(/^\./, ''));
    }
  };
  walk(value, type, '');
  return unknown;
}
