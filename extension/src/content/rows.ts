/** Reads the portal page through the recipe only: which elements are documents, their PDF URL, title and CSRF. */
import type { ProfileName } from '@kyso/shared';
import type { AdapterRecipe } from '../common/adapter';
import { fillTemplate } from '../common/adapter';
import type { DocumentInPage } from '../common/messages';

export function findRows(recipe: AdapterRecipe, root: ParentNode = document): Element[] {
  return Array.from(root.querySelectorAll(recipe.rows.selector));
}

function rowValues(recipe: AdapterRecipe, row: Element, index: number): Record<string, string> {
  const values: Record<string, string> = {};
  for (const attr of Array.from(row.attributes)) values[`attr:${attr.name}`] = attr.value;
  values.id = recipe.rows.idAttribute ? (row.getAttribute(recipe.rows.idAttribute) ?? '') : String(index);
  return values;
}

/** The document a row stands for, or undefined when the row has no PDF (then it gets no button). */
export function documentOfRow(recipe: AdapterRecipe, row: Element, index: number): DocumentInPage | undefined {
  const values = rowValues(recipe, row, index);
  let href: string | null | undefined;
  if ('linkSelector' in recipe.pdf) {
    href = row.querySelector(recipe.pdf.linkSelector)?.getAttribute('href');
  } else {
    href = fillTemplate(recipe.pdf.urlTemplate, values);
  }
  if (!href) return undefined;
  const url = new URL(href, document.baseURI);
  const titleElement = recipe.rows.titleSelector ? row.querySelector(recipe.rows.titleSelector) : undefined;
  const title = (titleElement?.textContent ?? row.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
  const lastSegment = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  const fileName = /\.pdf$/i.test(lastSegment) ? lastSegment : `${values.id || 'van-ban'}.pdf`;
  const profiles = rowProfiles(recipe, row);
  const issueAttribute = recipe.batch?.issueNumberAttribute;
  const issueNumber = issueAttribute ? row.getAttribute(issueAttribute)?.trim().slice(0, 100) || undefined : undefined;
  return { url: url.href, id: values.id ?? '', title: title || fileName, fileName, profiles, issueNumber };
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

/** The anti-CSRF token where the recipe says it is (meta tag first, then a hidden input). */
export function readCsrfToken(recipe: AdapterRecipe): string | undefined {
  const csrf = recipe.upload.csrf;
  if (!csrf) return undefined;
  if (csrf.metaName) {
    const meta = document.querySelector(`meta[name="${CSS.escape(csrf.metaName)}"]`)?.getAttribute('content');
    if (meta) return meta;
  }
  if (csrf.inputSelector) {
    const input = document.querySelector(csrf.inputSelector);
    if (input instanceof HTMLInputElement && input.value) return input.value;
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
