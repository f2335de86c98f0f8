/**
 * Where and how a signed file goes back, from the recipe and the row's values: the same code builds it in the
 * page (for the check view) and in the worker (for the upload), so what IT sees is what is sent.
 */
import { type AdapterRecipe, fillTemplate, missingPlaceholders } from './adapter';

/** A field of the recipe that could not be used for this row, and why (Vietnamese, for IT). */
export interface FieldProblem {
  field: string;
  reason: string;
}

export interface UploadTarget {
  url: string;
  method: 'POST' | 'PUT';
  fileName: string;
  fields: Record<string, string>;
}

export function missingValuesProblem(field: string, missing: string[]): FieldProblem {
  return { field, reason: `không có giá trị cho ${missing.map((key) => `{${key}}`).join(', ')} trong dòng này` };
}

/** The upload of one row: an address on the page's own origin with every placeholder filled, or the problem. */
export function uploadTarget(
  recipe: AdapterRecipe,
  values: Record<string, string>,
  pageUrl: string,
): UploadTarget | FieldProblem {
  const { upload } = recipe;
  const missing = missingPlaceholders(upload.urlTemplate, values);
  if (missing.length > 0) return missingValuesProblem('upload.urlTemplate', missing);
  let url: URL;
  try {
    url = new URL(fillTemplate(upload.urlTemplate, values), pageUrl);
  } catch {
    return { field: 'upload.urlTemplate', reason: 'không tạo được địa chỉ hợp lệ' };
  }
  if (url.origin !== new URL(pageUrl).origin) {
    return { field: 'upload.urlTemplate', reason: `địa chỉ ${url.origin} không cùng cổng với trang` };
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(upload.extraFields)) fields[name] = fillTemplate(value, values, false);
  const fileName = upload.fileNameTemplate
    ? fillTemplate(upload.fileNameTemplate, values, false)
    : (values.name ?? 'van-ban.pdf');
  return { url: url.href, method: upload.method, fileName: fileName || 'van-ban.pdf', fields };
}

export function isProblem(value: UploadTarget | FieldProblem): value is FieldProblem {
  return 'reason' in value;
}
