// The import graph of src/ and the layering rules of docs/ARCHITECTURE.md as data: which floor may import which,
// where node: modules may be imported, and which parts of compute must load in a browser worker.

import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/** One import of a file: as written, and what it names (a src-relative path, or a package / `node:` module). */
export interface ImportEdge {
  specifier: string;
  target: string;
  /** `import type` / `export type`: erased at run time (counts for the floors, not for what loads). */
  typeOnly: boolean;
}

export interface ModuleGraph {
  /** src-relative path (posix) → its imports */
  files: Map<string, { imports: ImportEdge[] }>;
}

/** Source modules: TypeScript and Svelte. (.mjs files under src are build scripts that npm scripts run, not modules of the app.) */
function sourceFiles(dir: string, root: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, root, out);
    else if (/\.(ts|svelte)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(path.relative(root, p).split(path.sep).join('/'));
  }
  return out;
}

/** The script of a Svelte component (instance and module scripts), for its imports. */
function svelteScript(source: string): string {
  return [...source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

function importsOf(code: string, file: string): { specifier: string; typeOnly: boolean }[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const allTypes = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && clause.namedBindings !== undefined
        && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: allTypes });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const allTypes = node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause)
        && node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: allTypes });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const NODE_BUILTINS = new Set(builtinModules);

/** A relative specifier → the src file it names (`.js` written for `.ts`, `.svelte.js` for `.svelte.ts`, folders → index). */
function resolveRelative(from: string, specifier: string, known: Set<string>): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`];
  return candidates.find((c) => known.has(c)) ?? base;
}

export function moduleGraph(srcDir: string): ModuleGraph {
  const list = sourceFiles(srcDir, srcDir);
  const known = new Set(list);
  const files: ModuleGraph['files'] = new Map();
  for (const file of list) {
    const text = readFileSync(path.join(srcDir, file), 'utf8');
    const code = file.endsWith('.svelte') ? svelteScript(text) : text;
    const imports = importsOf(code, file).map(({ specifier, typeOnly }) => {
      let target = specifier;
      if (specifier.startsWith('.')) target = resolveRelative(file, specifier, known);
      else if (NODE_BUILTINS.has(specifier.split('/')[0]!)) target = `node:${specifier}`; // 'fs' is node:fs
      return { specifier, target, typeOnly };
    });
    files.set(file, { imports });
  }
  return { files };
}

// ---------------------------------------------------------------------------------------------------------------
// The rules.

type Floor = 'cli' | 'main' | 'renderer' | 'preload' | 'shared' | 'compute';

/** What each floor may import from the others (itself always). Down or sideways, never up. */
const MAY_IMPORT: Record<Floor, readonly Floor[]> = {
  cli: ['main', 'shared', 'compute'],
  main: ['shared', 'compute'],
  renderer: ['shared', 'compute'],
  preload: ['shared'],
  shared: ['compute'], // only its public surface, below
  compute: [],
};

/**
 * The compute modules shared may import: plain data types and constants the API contract is written in.
 * Nothing that computes, reads files or starts threads.
 */
export const COMPUTE_PUBLIC_FOR_SHARED: readonly string[] = [
  'compute/solve/params.ts',
  'compute/solve/history.ts',
  'compute/simulate/phantoms/index.ts',
];

/** compute's Node adapters: the only compute folders that import node: modules. */
export const NODE_ADAPTERS: readonly string[] = ['compute/node/', 'compute/io/', 'compute/host/'];

/** Packages only some floors may import. */
const PACKAGE_FLOORS: Record<string, readonly Floor[]> = { electron: ['main', 'preload'] };

function floorOf(file: string): Floor | null {
  const top = file.split('/')[0];
  return top === 'cli' || top === 'main' || top === 'renderer' || top === 'preload' || top === 'shared' || top === 'compute' ? top : null;
}

const isNodeModule = (target: string): boolean => target.startsWith('node:');
const inAdapter = (file: string): boolean => NODE_ADAPTERS.some((a) => file.startsWith(a));

/** The engine: compute outside its Node adapters. Every engine module must load in a browser worker. */
const inEngine = (file: string): boolean => file.startsWith('compute/') && !inAdapter(file);

/** The first node: module an engine module reaches at run time, with the path to it; null if none. */
function nodeModuleReached(graph: ModuleGraph, start: string): string[] | null {
  const seen = new Set<string>([start]);
  const queue: string[][] = [[start]];
  while (queue.length > 0) {
    const trail = queue.shift()!;
    const edges = graph.files.get(trail.at(-1)!)?.imports ?? [];
    for (const e of edges) {
      if (e.typeOnly) continue;
      if (isNodeModule(e.target)) return [...trail, e.target];
      if (graph.files.has(e.target) && !seen.has(e.target)) {
        seen.add(e.target);
        queue.push([...trail, e.target]);
      }
    }
  }
  return null;
}

/** Every import that breaks a rule, as one line each ("FILE imports TARGET: why"). Empty when the layering holds. */
export function findViolations(graph: ModuleGraph): string[] {
  const out: string[] = [];
  for (const [file, { imports }] of graph.files) {
    const from = floorOf(file);
    if (from === null) continue;
    for (const e of imports) {
      const to = floorOf(e.target);
      if (to !== null && to !== from) {
        if (!MAY_IMPORT[from].includes(to)) out.push(`${file} imports ${e.target}: ${from} may not import ${to}`);
        else if (from === 'shared' && to === 'compute' && !COMPUTE_PUBLIC_FOR_SHARED.includes(e.target)) {
          out.push(`${file} imports ${e.target}: shared imports compute only through its public surface (${COMPUTE_PUBLIC_FOR_SHARED.join(', ')})`);
        }
      }
      if (from === 'compute' && isNodeModule(e.target) && !inAdapter(file)) {
        out.push(`${file} imports ${e.target}: compute imports node: modules only in ${NODE_ADAPTERS.map((a) => a.slice(0, -1)).join(', ')}`);
      }
      const allowed = PACKAGE_FLOORS[e.target];
      if (allowed && !allowed.includes(from)) out.push(`${file} imports ${e.target}: only ${allowed.join(' and ')} may import ${e.target}`);
    }
  }
  for (const file of graph.files.keys()) {
    if (!inEngine(file)) continue;
    const trail = nodeModuleReached(graph, file);
    if (trail) out.push(`${file} cannot load in a browser worker: it reaches ${trail.at(-1)} through ${trail.slice(1, -1).join(' → ') || 'itself'}`);
  }
  return out;
}
