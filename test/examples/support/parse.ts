// Parsing an example file into its documents, keeping where each came from and
// the file's header comment (where external dependencies are declared).

import { parseAllDocuments } from 'yaml';
import type { SourceFile } from './files.js';

export type Obj = Record<string, any>;

export interface Doc {
  file: string;
  /** 0-based position among the file's documents. */
  index: number;
  object: Obj;
}

export interface ParsedFile {
  file: string;
  header: string[];
  docs: Doc[];
  problems: string[];
}

/** The comment lines before the first line of YAML content, without their `#`. */
export function headerComment(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line === '---') continue;
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^#\s?/, ''));
  }
  return lines;
}

export function parseFile(source: SourceFile): ParsedFile {
  const problems: string[] = [];
  const docs: Doc[] = [];
  parseAllDocuments(source.text).forEach((d, index) => {
    if (d.errors.length > 0) {
      problems.push(`${source.path} document ${index + 1}: YAML error: ${d.errors.map((e) => e.message).join('; ')}`);
      return;
    }
    const value = d.toJS() as unknown;
    if (value === null || value === undefined) return; // an empty document (e.g. a trailing ---)
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${source.path} document ${index + 1}: not a Kubernetes object`);
      return;
    }
    docs.push({ file: source.path, index, object: value as Obj });
  });
  return { file: source.path, header: headerComment(source.text), docs, problems };
}

/** "file#2 Kind/name" — how messages name a document. */
export function where(doc: Doc): string {
  const o = doc.object;
  return `${doc.file}#${doc.index + 1} ${String(o.kind ?? '?')}/${String(o.metadata?.name ?? '?')}`;
}

export const isKustomizeConfig = (o: Obj): boolean =>
  typeof o.apiVersion === 'string' && o.apiVersion.startsWith('kustomize.config.k8s.io/');
