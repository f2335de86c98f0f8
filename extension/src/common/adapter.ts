/**
 * Portal adapters as data: a recipe says where a portal's documents are, where the "Ký số" button goes and how the
 * signed file goes back. Recipes come from the shipped defaults, the options page and enterprise policy
 * (chrome.storage.managed), so every one is validated here before use. No code path knows a specific portal.
 */
import { profileName } from '@kyso/shared';
import { z } from 'zod';

/** `{id}`, `{name}`, `{attr:data-x}` placeholders filled from the document row. */
const template = z.string().min(1).max(500);
const selector = z.string().min(1).max(300);

const csrfSource = z
  .object({
    /** `<meta name="…" content="token">` */
    metaName: z.string().max(100).optional(),
    /** An `<input>` (usually hidden) whose value is the token. */
    inputSelector: selector.optional(),
    /** Sent as this multipart field… */
    field: z.string().max(100).optional(),
    /** …and/or as this request header. */
    header: z.string().max(100).optional(),
  })
  .refine((c) => c.metaName || c.inputSelector, 'csrf needs metaName or inputSelector')
  .refine((c) => c.field || c.header, 'csrf needs field or header');

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
  sealMm: z.number().min(5).max(100).optional(),
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
        .regex(/^\/[^\s]*$/, 'a path glob starting with /')
        .max(300),
    )
    .max(20)
    .optional(),
  /** Multipart field of the signed file sent to `FileUploadHandler`; VGCA's own plugin uses `uploadfile`. */
  uploadField: z.string().min(1).max(100).default('uploadfile'),
});

export const adapterRecipe = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  name: z.string().min(1).max(200),
  /** Page URL globs with an explicit scheme and host, e.g. `https://qlvb.example.gov.vn/*` (`*` = anything). */
  matches: z.array(z.string().regex(/^https?:\/\/[^/*]+(:\d+|:\*)?\/.*$/, 'scheme://host[:port]/path glob')).min(1),
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
  }),
  pdf: z.union([z.object({ linkSelector: selector }), z.object({ urlTemplate: template })]),
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

export const adapterList = z.array(adapterRecipe).max(50);

/** Parses a list of recipes; reports which entry and field is wrong, for the options page. */
export function parseAdapters(value: unknown): { adapters: AdapterRecipe[]; errors: string[] } {
  const result = adapterList.safeParse(value);
  if (result.success) return { adapters: result.data, errors: [] };
  return {
    adapters: [],
    errors: result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export function recipeMatchesUrl(recipe: AdapterRecipe, url: string): boolean {
  const clean = url.split('#')[0] ?? url;
  return recipe.matches.some((glob) => globToRegExp(glob).test(clean));
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

/** Fills `{id}`, `{name}`, `{attr:…}` from the row's values; every value is URL-encoded. */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-zA-Z:_-]+)\}/g, (_m, key: string) => encodeURIComponent(values[key] ?? ''));
}
