/**
 * Bicep in the workspace: templates, their modules and their `.bicepparam` files.
 *
 * A unit is a root template with every file it reaches through local modules and imports, and the
 * `.bicepparam` files whose `using` line names it. A template that another template of the analysis uses as a
 * module is evaluated through its callers, with the values they pass, and is not a root of its own — unless a
 * `.bicepparam` file names it (it is then deployed on its own too), or no root reaches it (files that only use
 * each other in a cycle: the first of them becomes a root).
 */
import type { ResourceChange } from '../../model/change';
import type { TextEdit } from '../../model/finding';
import type { Resource } from '../../model/resource';
import type { SourceText } from '../../model/span';
import type { InputRef, Value } from '../../model/value';
import { mergeAlternatives } from '../../eval/parameters';
import type { AnalysisUnit, FormatAdapter, ParsedDocument, WorkspaceFiles } from '../../workspace/document';
import { missingTemplateUnit, reachable, rootDocuments } from '../../workspace/roots';
import { caseless, isArmDocument, parameterPairing, templateAt, templateClosure, type ArmDocument } from '../arm/adapter';
import { evaluateArmTemplate } from '../arm/template';
import { parameterFileValues, templatePointer } from '../arm/parameters';
import { renderStringLiteral } from '../literals';
import { configureBicepResource } from './configure';
import { isBicepDocument, loadedUris, parseBicepDocument, plainString, referencedUris, remoteModules, remoteTemplateKind, type BicepDocument } from './document';
import { outsideModule } from '../outside-module';
import { bicepparamsByTemplate, bicepparamValues, extendsTarget, usingTarget } from './params-file';
import { restoredModule, templateSpecLink, type RestoredModule } from './registry-cache';
import { evaluateBicep } from './resources';
import { decoratorArgument } from './scope';

export const bicepAdapter: FormatAdapter = {
  format: 'bicep',
  strings: { quote: "'", interpolation: true },

  accepts(path) {
    return /\.bicep(param)?$/i.test(path);
  },

  parse(source: SourceText): BicepDocument {
    return parseBicepDocument(source);
  },

  units(files: WorkspaceFiles): AnalysisUnit[] {
    const docs = files.all().filter(isBicepDocument);
    const templates = docs.filter((d) => d.kind === 'bicep');
    const paramsFor = bicepparamsByTemplate(files.all());
    const units: AnalysisUnit[] = [];
    for (const p of docs.filter((d) => d.kind === 'bicepparam')) {
      const remote = remoteUsingUnit(p, files);
      if (remote) units.push(remote);
      const target = usingTarget(p);
      const using = p.symbols.using!;
      // A `using` line may name an ARM template, which the ARM adapter evaluates with the file's values.
      if (target !== undefined && !isTemplate(files.get(target)) && !templateAt(files, target)) units.push(missingTemplateUnit(p.uri, p.source.span(using.start, using.end), plainString(using)!, '.bicepparam file'));
    }
    // JSON parameter files pair with Bicep templates too (`main.parameters.json` with `main.bicep`).
    const jsonFiles = files.all().filter((d): d is ArmDocument => isArmDocument(d) && d.kind === 'parameters' && !!d.root);
    const jsonParamsFor = parameterPairing(files).of;
    const modules = (d: BicepDocument) => references(d, files, false);
    const roots = rootDocuments(templates, modules);
    // A template a parameter file names is deployed on its own too, even when it is also a module; one that
    // is not among the files given (a parameter file scanned alone) is read. A JSON file's name pairs only with
    // templates among them: trying every such name on disk would cost a read per parameter file and analysis.
    const named = jsonFiles.flatMap((p) => templatePointer(p) ?? []);
    for (const doc of [...[...paramsFor.keys(), ...named].map((uri) => files.get(uri)), ...templates.filter((t) => jsonParamsFor(t.uri).length)]) {
      if (isTemplate(doc) && !roots.includes(doc)) roots.push(doc);
    }
    for (const root of roots) {
      const params = paramsFor.get(root.uri) ?? [];
      const jsonParams = jsonParamsFor(root.uri);
      const bicep = reachable(root, (d) => references(d, files, true));
      const inputs = [...bicep.map((d) => d.uri), ...bicep.flatMap(loadedUris), ...jsonModules(bicep, files).map((d) => d.uri), ...restoredInputs(bicep, files)];
      for (const p of params) inputs.push(p.uri, ...(extendsTarget(p) ? [extendsTarget(p)!] : []), ...loadedUris(p));
      inputs.push(...jsonParams.map((p) => p.uri));
      units.push({
        id: root.uri,
        inputs,
        evaluate: () =>
          evaluateBicep(
            root,
            mergeAlternatives([...params.map((p) => bicepparamValues(p, files)), ...jsonParams.map((p) => byDeclaredName(parameterFileValues(p.source, p.root!), root))]),
            files,
          ),
      });
    }
    return units;
  },

  restrictInput(doc: ParsedDocument, input: InputRef, values: readonly string[]): TextEdit[] | undefined {
    if (!isBicepDocument(doc) || input.kind !== 'parameter') return undefined;
    const decl = doc.program.statements.find((s) => s.kind === 'param' && s.name.start === input.declaration.start);
    if (!decl || decl.kind !== 'param' || decoratorArgument(decl.decorators, 'allowed')) return undefined;
    const source = doc.source;
    const lineStart = source.lineStart(source.lineOf(decl.keyword.start));
    const before = source.text.slice(lineStart, decl.keyword.start);
    const indent = /^[ \t]*$/.test(before) ? before : '';
    const at = indent === before ? lineStart : decl.keyword.start;
    const eol = source.eol;
    const entries = values.map((v) => `${indent}  ${renderStringLiteral('bicep', v)}${eol}`).join('');
    return [{ span: source.span(at, at), newText: `${at === lineStart ? indent : ''}@allowed([${eol}${entries}${indent}])${eol}${at === lineStart ? '' : indent}` }];
  },

  configure(doc: ParsedDocument, resource: Resource, change: ResourceChange): TextEdit[] | undefined {
    // Where the file does not parse, the tree's shape is a guess: an insertion could land in the wrong object.
    if (!isBicepDocument(doc) || doc.kind !== 'bicep' || doc.problems.length) return undefined;
    return configureBicepResource(doc, resource, change);
  },
};

/**
 * A `.bicepparam` file for a registry module or template spec. One that Bicep restored is evaluated with the
 * file's values, its findings shown at the `using` line (`workspace/tool-folders.ts`). Otherwise a notice says that
 * its resources are not checked, and the `location` the file gives is judged as where they go, as for a module call
 * of one (`outside-module.ts`).
 */
function remoteUsingUnit(p: BicepDocument, files: WorkspaceFiles): AnalysisUnit | undefined {
  const path = plainString(p.symbols.using);
  const what = path === undefined ? undefined : remoteTemplateKind(path);
  if (!what) return undefined;
  const using = p.symbols.using!;
  const span = p.source.span(using.start, using.end);
  const base = extendsTarget(p);
  const restored = restoredModule(files, p.uri, path!);
  const template = restored?.template;
  return {
    id: `${p.uri}#remote-template`,
    inputs: [p.uri, ...(base ? [base] : []), ...loadedUris(p), ...(restored ? restoredFiles(restored, files) : [])],
    evaluate: () => {
      if (template) return evaluateArmTemplate(template.source, template.root!, caseless(bicepparamValues(p, files)), (from, link, fromTemplate) => templateSpecLink(files, from, link, fromTemplate), [span]);
      const location = bicepparamValues(p, files).get('location');
      const standIn = location && outsideModule({ key: `${p.uri}#module`, source: path, symbolicName: undefined, location, declaration: span, via: [], format: 'bicep' });
      const why = restored?.missing ? `: ${restored.missing}` : '';
      return {
        resources: standIn ? [standIn] : [],
        notices: [{ ruleId: 'module-unresolved', span, message: `The ${what} '${path}' that this .bicepparam file names is not in the workspace, so the resources it deploys are not checked${why}.` }],
      };
    },
  };
}

/** What evaluating the registry modules and template specs that templates use reads: the configuration that locates them, and their templates. */
function restoredInputs(templates: readonly BicepDocument[], files: WorkspaceFiles): string[] {
  return templates.flatMap((t) => remoteModules(t).flatMap((path) => restoredFiles(restoredModule(files, t.uri, path)!, files)));
}

function restoredFiles(restored: RestoredModule, files: WorkspaceFiles): string[] {
  return [...restored.inputs, ...(restored.template ? templateClosure(restored.template, files).map((d) => d.uri) : [])];
}

function isTemplate(doc: ParsedDocument | undefined): doc is BicepDocument {
  return isBicepDocument(doc) && doc.kind === 'bicep';
}

/** A JSON parameter file's values (keyed lower-case) under the template's own parameter names: ARM matches them case-insensitively. */
function byDeclaredName(values: ReadonlyMap<string, Value>, template: BicepDocument): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const name of template.symbols.params.keys()) {
    const value = values.get(name.toLowerCase());
    if (value) out.set(name, value);
  }
  return out;
}

/** The ARM templates Bicep templates use as local modules, with those they link to: their evaluation reads them too. */
function jsonModules(templates: readonly BicepDocument[], files: WorkspaceFiles): ArmDocument[] {
  const out = new Map<string, ArmDocument>();
  for (const t of templates) {
    for (const { uri, isImport } of referencedUris(t)) {
      const target = isImport ? undefined : templateAt(files, uri);
      for (const d of target ? templateClosure(target, files) : []) out.set(d.uri, d);
    }
  }
  return [...out.values()];
}

/** The Bicep templates a template uses as local modules, and with `imports`, those it imports from. */
function references(doc: BicepDocument, files: WorkspaceFiles, imports: boolean): BicepDocument[] {
  const out: BicepDocument[] = [];
  for (const { uri, isImport } of referencedUris(doc)) {
    if (isImport && !imports) continue;
    const target = files.get(uri);
    if (isTemplate(target)) out.push(target);
  }
  return out;
}

