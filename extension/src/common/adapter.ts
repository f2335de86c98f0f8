/**
 * Portal adapters as data: a recipe says where a portal's documents are, where the "Ký số" button goes and how the
 * signed file goes back. Recipes come from the shipped defaults, the options page and enterprise policy
 * (chrome.storage.managed), so every one is validated here before use. No code path knows a specific portal.
 */
import { profileName, SEAL_MM } from '@kyso/shared';
import { z } from 'zod';
import { describeProblem, type RecipeProblem, recipeProblems } from './recipe-errors';

/** `{id}`, `{name}`, `{attr:data-x}` and `{<value name>}` placeholders filled from the document row. */
const template = z.string().min(1).max(500);
const selector = z.string().min(1).max(300);
/** A name usable in templates: letters, digits, `_` and `-` (`{fileId}`, `{data-v2-id}`). */
const valueName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'tên chỉ gồm chữ, số, "_" và "-"');
const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'tên header HTTP không hợp lệ');

/**
 * A value read from the row: an element inside it (`selector`, absent → the row itself), then an attribute of
 * that element (`attribute`, absent → its text). Portals put file ids on a child ("Xem" button), not on the row.
 */
export const valueSource = z.strictObject({
  selector: selector.optional(),
  attribute: z.string().min(1).max(100).optional(),
});
export type ValueSource = z.infer<typeof valueSource>;

const csrfSource = z
  .strictObject({
    /** A cookie the page can read, e.g. Spring/Angular `XSRF-TOKEN` (sent back as header `X-XSRF-TOKEN`). */
    cookie: z.string().min(1).max(100).optional(),
    /** `<meta name="…" content="token">` */
    metaName: z.string().max(100).optional(),
    /** An `<input>` (usually hidden) whose value is the token. */
    inputSelector: selector.optional(),
    /** A header of the PDF download's response (portals that hand out a token per file). */
    responseHeader: headerName.optional(),
    /** Sent as this multipart field… */
    field: z.string().max(100).optional(),
    /** …and/or as this request header. */
    header: headerName.optional(),
  })
  .refine(
    (c) => c.cookie || c.metaName || c.inputSelector || c.responseHeader,
    'csrf cần biết token nằm ở đâu: cookie, metaName, inputSelector hoặc responseHeader',
  )
  .refine((c) => c.field || c.header, 'csrf cần field hoặc header để gửi token');

const batchRecipe = z.object({
  /** Rows that may be signed in a batch (among `rows.selector`). */
  rowSelector: selector,
  /** Where the checkbox goes inside the row; absent → the row's first cell. */
  checkboxAnchorSelector: selector.optional(),
  /** The "Ký số hàng loạt" bar is put right before this element (usually the list's table). */
  toolbarSelector: selector,
  profile: profileName.default('organization'),
  /** Row attribute with the number the portal assigned: written into "Số: …" with today's date (issuance). */
  issueNumberAttribute: z.string().max(100).optional(),
  /** The seal's real width in mm (organization profile). */
  sealMm: z.number().min(SEAL_MM.min).max(SEAL_MM.max).optional(),
});

/**
 * The `vgca_*` compatibility shim (see extension/README.md, "For vendors"): pages that already call the VGCA plugin
 * API (`vgca_sign_approved(json, callback)` …) sign through KySo Bridge unchanged. Off unless a recipe enables it.
 */
const vgcaShimRecipe = z.object({
  enabled: z.boolean().default(false),
  /** Path globs (`/cu/*`) of the pages that get the shim; absent → every page of the recipe. */
  paths: z
    .array(
      z
        .string()
        .regex(/^\/[^\s]*$/, 'cần một mẫu đường dẫn bắt đầu bằng /')
        .max(300),
    )
    .max(20)
    .optional(),
  /** Multipart field of the signed file sent to `FileUploadHandler`; VGCA's own plugin uses `uploadfile`. */
  uploadField: z.string().min(1).max(100).default('uploadfile'),
});

export const adapterRecipe = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'chỉ chữ thường không dấu, số và "-" (tối đa 64)'),
  name: z.string().min(1).max(200),
  /** Page URL globs with an explicit scheme and host, e.g. `https://qlvb.example.gov.vn/*` (`*` = anything). */
  matches: z
    .array(
      z
        .string()
        .max(500)
        .regex(/^https?:\/\/[^/*:]+(:\d+|:\*)?\/.*$/, 'cần dạng https://tên-máy[:cổng]/đường-dẫn*'),
    )
    .min(1)
    .max(20),
  rows: z.object({
    selector,
    /** Attribute of the row holding the document id (for templates); absent → the row's position. */
    idAttribute: z.string().max(100).optional(),
    titleSelector: selector.optional(),
    /**
     * Attribute of the row listing the profiles this document may be signed with for this user (space or comma
     * separated), e.g. `data-kyso-profiles="organization"` on the clerk's rows; absent → all of `profiles`.
     */
    profilesAttribute: z.string().max(100).optional(),
    /**
     * Named values read from inside the row, usable in every template as `{name}`: e.g.
     * `{ "fileId": { "selector": "button.view", "attribute": "data-file-id" } }` → `/api/v2/files/{fileId}/content`.
     * `id` and `name` here replace the row's id and the file name.
     */
    values: z
      .record(valueName, valueSource)
      .refine((values) => Object.keys(values).length <= 20, 'tối đa 20 giá trị')
      .default({}),
  }),
  pdf: z.union([
    z.strictObject({
      linkSelector: selector,
      /** The link's attribute holding the address (`href` unless the portal keeps it in `data-url`…). */
      linkAttribute: z.string().min(1).max(100).default('href'),
    }),
    z.strictObject({ urlTemplate: template }),
  ]),
  button: z.object({
    /** Inside the row; absent → the row itself. */
    anchorSelector: selector.optional(),
    position: z.enum(['append', 'prepend', 'before', 'after']).default('append'),
  }),
  upload: z.object({
    urlTemplate: template,
    method: z.enum(['POST', 'PUT']).default('POST'),
    fileField: z.string().min(1).max(100).default('file'),
    /** File name sent to the portal; default: the downloaded name. */
    fileNameTemplate: template.optional(),
    /** More multipart fields; values are templates (`{id}`, `{fileId}` …). */
    extraFields: z.record(z.string().max(100), z.string().max(500)).default({}),
    csrf: csrfSource.optional(),
  }),
  profiles: z.array(profileName).min(1).default(['leader']),
  /** Batch issuance (the clerk's list): checkboxes on these rows and one "Ký số hàng loạt" action. */
  batch: batchRecipe.optional(),
  /** Replaces the page's `vgca_*` functions (legacy VGCA plugin API) on these pages only. */
  vgcaShim: vgcaShimRecipe.optional(),
});

export type AdapterRecipe = z.infer<typeof adapterRecipe>;

export const MAX_RECIPES = 50;

/**
 * Parses a list of recipes one by one: the valid ones are kept even when another is wrong, and each problem names
 * the recipe and the field in Vietnamese (for IT, on the options page and in the check view).
 */
export function parseAdapters(value: unknown): {
  adapters: AdapterRecipe[];
  errors: string[];
  problems: RecipeProblem[];
} {
  const problems: RecipeProblem[] = [];
  const adapters: AdapterRecipe[] = [];
  if (!Array.isArray(value)) {
    problems.push({ index: -1, field: '', message: 'cần một danh sách (mảng JSON) các cấu hình cổng' });
  } else {
    value.slice(0, MAX_RECIPES).forEach((entry, index) => {
      const result = adapterRecipe.safeParse(entry);
      if (result.success) adapters.push(result.data);
      else problems.push(...recipeProblems(entry, index, result.error.issues));
    });
    if (value.length > MAX_RECIPES) {
      problems.push({ index: MAX_RECIPES, field: '', message: `tối đa ${MAX_RECIPES} cấu hình cổng` });
    }
  }
  return { adapters, errors: problems.map(describeProblem), problems };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export function recipeMatchesUrl(recipe: AdapterRecipe, url: string): boolean {
  const clean = url.split('#')[0] ?? url;
  return recipe.matches.some((glob) => globToRegExp(glob).test(clean));
}

/**
 * A document the page may have us fetch (and sign or show): on the page's own origin or matched by its recipe,
 * never another site's file.
 */
export function documentOfPortal(recipe: AdapterRecipe, pageUrl: string, documentUrl: string): boolean {
  const url = new URL(documentUrl);
  return url.origin === new URL(pageUrl).origin || recipeMatchesUrl(recipe, url.href);
}

export function findRecipe(recipes: AdapterRecipe[], url: string): AdapterRecipe | undefined {
  return recipes.find((recipe) => recipeMatchesUrl(recipe, url));
}

/** The shim's settings when the recipe enables it for this page URL (its path matches `vgcaShim.paths`). */
export function vgcaShimFor(recipe: AdapterRecipe, url: string): AdapterRecipe['vgcaShim'] | undefined {
  const shim = recipe.vgcaShim;
  if (!shim?.enabled || !recipeMatchesUrl(recipe, url)) return undefined;
  if (!shim.paths) return shim;
  const path = new URL(url).pathname;
  return shim.paths.some((glob) => globToRegExp(glob).test(path)) ? shim : undefined;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9:_-]*)\}/g;

/**
 * Fills `{id}`, `{name}`, `{attr:…}` and the recipe's named values; URL-encoded unless `encode` is false (file
 * names, form fields). A placeholder without a value becomes empty: `missingPlaceholders` tells which.
 */
export function fillTemplate(text: string, values: Record<string, string>, encode = true): string {
  return text.replace(PLACEHOLDER, (_m, key: string) => {
    const value = values[key] ?? '';
    return encode ? encodeURIComponent(value) : value;
  });
}

/** The placeholders of a template that have no (or an empty) value: an address built from them is wrong. */
export function missingPlaceholders(text: string, values: Record<string, string>): string[] {
  return Array.from(text.matchAll(PLACEHOLDER), (m) => m[1] as string).filter((key) => !values[key]);
}

/** The origins a recipe's pages are on, as host-permission match patterns (`https://host:port/*`). */
export function recipeOrigins(recipe: AdapterRecipe): string[] {
  const origins = recipe.matches.map((glob) => {
    const match = /^(https?:\/\/[^/]+)\//.exec(glob);
    return match ? `${match[1]}/*` : undefined;
  });
  return [...new Set(origins.filter((origin): origin is string => !!origin))];
}
