/**
 * Recipe problems in Vietnamese, by recipe and field: IT staff fix a recipe from this text alone (which recipe,
 * which field, what is wrong), without reading a schema library's English.
 */
import type { z } from 'zod';

export interface RecipeProblem {
  /** Position in the list (-1: the list itself). */
  index: number;
  /** The recipe's `id` when it has a readable one. */
  recipeId?: string;
  /** Dotted path of the field, e.g. `upload.csrf` or `matches.0`. */
  field: string;
  message: string;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'chuỗi',
  number: 'số',
  boolean: 'true/false',
  object: 'đối tượng {…}',
  array: 'danh sách […]',
};

function typeName(type: unknown): string {
  return TYPE_NAMES[String(type)] ?? String(type);
}

/** One zod issue in Vietnamese; our own refinements already carry Vietnamese text. */
export function issueText(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? 'thiếu (bắt buộc)' : `sai kiểu: cần ${typeName(issue.expected)}`;
    case 'too_small':
      return issue.origin === 'string' ? `quá ngắn (tối thiểu ${issue.minimum} ký tự)` : `cần ít nhất ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' ? `quá dài (tối đa ${issue.maximum} ký tự)` : `nhiều nhất ${issue.maximum}`;
    case 'invalid_format':
      return /[^\x20-\x7e]/.test(issue.message) ? issue.message : 'không đúng dạng';
    case 'invalid_value':
      return `giá trị không hợp lệ, cần một trong: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `trường không được biết: ${issue.keys.join(', ')} (viết sai tên?)`;
    case 'invalid_union':
      return 'không khớp dạng nào được phép (xem README: ví dụ của trường này)';
    case 'invalid_key':
      return 'tên không hợp lệ (chỉ chữ, số, "_" và "-")';
    default:
      return issue.message;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function recipeProblems(entry: unknown, index: number, issues: z.core.$ZodIssue[]): RecipeProblem[] {
  const rawId = (entry as { id?: unknown } | null)?.id;
  const recipeId = typeof rawId === 'string' && /^[a-z0-9-]{1,64}$/.test(rawId) ? rawId : undefined;
  return issues.map((issue) => ({
    index,
    recipeId,
    field: issue.path.map(String).join('.'),
    message: issueText(issue, valueAt(entry, issue.path)),
  }));
}

export function describeProblem(problem: RecipeProblem): string {
  if (problem.index < 0) return `Cấu hình cổng: ${problem.message}`;
  const which = `Cấu hình cổng #${problem.index + 1}${problem.recipeId ? ` (${problem.recipeId})` : ''}`;
  return problem.field ? `${which}, trường "${problem.field}": ${problem.message}` : `${which}: ${problem.message}`;
}
