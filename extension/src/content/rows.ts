/** Reads the portal page through the recipe only: which elements are documents, their PDF URL, title and CSRF. */
import type { ProfileName } from '@kyso/shared';
import type { AdapterRecipe, ValueSource } from '../common/adapter';
import { fillTemplate, missingPlaceholders } from '../common/adapter';
import type { DocumentInPage } from '../common/messages';
import { type FieldProblem, isProblem, missingValuesProblem, uploadTarget } from '../common/upload-target';

/** Rows read per scan: a page with more is a list the portal pages through, not one to walk entirely. */
export const MAX_ROWS = 1000;
const MAX_VALUE_CHARS = 1000;
const MAX_ROW_ATTRIBUTES = 40;

export function findRows(recipe: AdapterRecipe, root: ParentNode = document): Element[] {
  return Array.from(root.querySelectorAll(recipe.rows.selector)).slice(0, MAX_ROWS);
}

function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_VALUE_CHARS);
}

/** A value from an element of the row (its attribute or text), or why there is none. */
function readValue(row: Element, name: string, source: ValueSource): string | FieldProblem {
  const field = `rows.values.${name}`;
  const element = source.selector ? row.querySelector(source.selector) : row;
  if (!element) return { field, reason: `không thấy phần tử "${source.selector}" trong dòng` };
  const value = source.attribute ? clean(element.getAttribute(source.attribute)) : clean(element.textContent);
  if (!value) {
    return { field, reason: source.attribute ? `thuộc tính "${source.attribute}" trống hoặc không có` : 'chữ trống' };
  }
  return value;
}

interface RowValues {
  values: Record<string, string>;
  /** Named values the row lacks, by name. */
  problems: Map<string, FieldProblem>;
}

function rowValues(recipe: AdapterRecipe, row: Element, index: number): RowValues {
  const values: Record<string, string> = {};
  for (const attr of Array.from(row.attributes).slice(0, MAX_ROW_ATTRIBUTES)) {
    values[`attr:${attr.name}`] = attr.value.slice(0, MAX_VALUE_CHARS);
  }
  values.id = recipe.rows.idAttribute ? clean(row.getAttribute(recipe.rows.idAttribute)) : String(index);
  const problems = new Map<string, FieldProblem>();
  for (const [name, source] of Object.entries(recipe.rows.values)) {
    const value = readValue(row, name, source);
    if (typeof value === 'string') values[name] = value;
    else problems.set(name, value);
  }
  return { values, problems };
}

/** The PDF's address for this row, or the recipe field that could not give it. */
function pdfAddress(recipe: AdapterRecipe, row: Element, read: RowValues): URL | FieldProblem {
  let href: string;
  if ('linkSelector' in recipe.pdf) {
    const link = row.querySelector(recipe.pdf.linkSelector);
    if (!link)
      return { field: 'pdf.linkSelector', reason: `không thấy phần tử "${recipe.pdf.linkSelector}" trong dòng` };
    href = clean(link.getAttribute(recipe.pdf.linkAttribute));
    if (!href) return { field: 'pdf.linkAttribute', reason: `thuộc tính "${recipe.pdf.linkAttribute}" trống` };
  } else {
    const missing = missingPlaceholders(recipe.pdf.urlTemplate, read.values);
    if (missing.length > 0) {
      // Name the value's own source when that is what failed (the selector IT has to fix).
      const named = missing.map((key) => read.problems.get(key)).find(Boolean);
      return named ?? missingValuesProblem('pdf.urlTemplate', missing);
    }
    href = fillTemplate(recipe.pdf.urlTemplate, read.values);
  }
  try {
    return new URL(href, document.baseURI);
  } catch {
    return {
      field: 'linkSelector' in recipe.pdf ? 'pdf.linkAttribute' : 'pdf.urlTemplate',
      reason: 'địa chỉ không hợp lệ',
    };
  }
}

/** What the recipe makes of one row: the document (and its upload address), or the first field that failed. */
export interface RowReading {
  title: string;
  document?: DocumentInPage;
  uploadUrl?: string;
  problem?: FieldProblem;
}

export function readRow(recipe: AdapterRecipe, row: Element, index: number): RowReading {
  const read = rowValues(recipe, row, index);
  const { values } = read;
  const titleElement = recipe.rows.titleSelector ? row.querySelector(recipe.rows.titleSelector) : undefined;
  const title = clean(titleElement?.textContent ?? row.textContent).slice(0, 500);
  const address = pdfAddress(recipe, row, read);
  if (!(address instanceof URL)) return { title, problem: address };
  const lastSegment = safeDecode(address.pathname.split('/').pop() ?? '');
  values.name ??= /\.pdf$/i.test(lastSegment) ? lastSegment : `${values.id || 'van-ban'}.pdf`;
  const fileName = values.name.slice(0, 255);
  const target = uploadTarget(recipe, values, location.href);
  const issueAttribute = recipe.batch?.issueNumberAttribute;
  const issueNumber = issueAttribute ? row.getAttribute(issueAttribute)?.trim().slice(0, 100) || undefined : undefined;
  const document: DocumentInPage = {
    url: address.href,
    id: (values.id ?? '').slice(0, 200),
    title: title || fileName,
    fileName,
    profiles: rowProfiles(recipe, row),
    issueNumber,
    values,
  };
  if (isProblem(target)) return { title, document, problem: target };
  return { title, document, uploadUrl: target.url };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The document a row stands for, or undefined when the row has no PDF address (then no working button). */
export function documentOfRow(recipe: AdapterRecipe, row: Element, index: number): DocumentInPage | undefined {
  return readRow(recipe, row, index).document;
}

/** The recipe's profiles the row allows (its `profilesAttribute`), in the recipe's order; undefined → all. */
function rowProfiles(recipe: AdapterRecipe, row: Element): ProfileName[] | undefined {
  const attribute = recipe.rows.profilesAttribute;
  const listed = attribute ? row.getAttribute(attribute) : null;
  if (!listed) return undefined;
  const names = new Set(listed.split(/[\s,]+/).filter(Boolean));
  const allowed = recipe.profiles.filter((profile) => names.has(profile));
  return allowed.length > 0 ? allowed : undefined;
}

/** A cookie the page itself can read (`document.cookie`), e.g. Spring/Angular `XSRF-TOKEN`. */
export function readCookie(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw) || undefined;
    } catch {
      return raw || undefined;
    }
  }
  return undefined;
}

/**
 * The anti-CSRF token where the recipe says it is: cookie, meta tag, then hidden input. A token the portal sends
 * with the download (`responseHeader`) is taken by the worker when it fetches the PDF.
 */
export function readCsrfToken(recipe: AdapterRecipe): string | undefined {
  const csrf = recipe.upload.csrf;
  if (!csrf) return undefined;
  if (csrf.cookie) {
    const cookie = readCookie(document.cookie, csrf.cookie);
    if (cookie) return cookie.slice(0, 500);
  }
  if (csrf.metaName) {
    const meta = document.querySelector(`meta[name="${CSS.escape(csrf.metaName)}"]`)?.getAttribute('content');
    if (meta) return meta.slice(0, 500);
  }
  if (csrf.inputSelector) {
    const input = document.querySelector(csrf.inputSelector);
    if (input instanceof HTMLInputElement && input.value) return input.value.slice(0, 500);
  }
  return undefined;
}

/** Where the button goes for this row. */
export function placeButton(recipe: AdapterRecipe, row: Element, host: HTMLElement): void {
  const anchor = (recipe.button.anchorSelector && row.querySelector(recipe.button.anchorSelector)) || row;
  switch (recipe.button.position) {
    case 'prepend':
      anchor.prepend(host);
      break;
    case 'before':
      anchor.before(host);
      break;
    case 'after':
      anchor.after(host);
      break;
    default:
      anchor.append(host);
  }
}
