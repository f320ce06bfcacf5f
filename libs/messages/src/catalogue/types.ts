/** code → [Chinese, English]. One line per code; `{param}` and `{param@group}` as renderMessage reads them. */
export type Catalogue = Readonly<Record<string, readonly [zh: string, en: string]>>;
