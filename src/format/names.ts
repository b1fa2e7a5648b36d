/** The report formats, in one place for the CLI (which parses the flag) and the formatters. Kept apart
 * from format/index.ts so that parsing the command line does not load the formatters. */
export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type FormatName = (typeof FORMATS)[number];
