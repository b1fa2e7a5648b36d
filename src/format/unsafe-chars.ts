/**
 * Characters that must never reach a report from the repository it describes: C0 and C1 controls, DEL,
 * the line and paragraph separators, and the bidirectional overrides that make a terminal or a browser
 * show text in another order than it is stored ("Trojan Source"). Shared by the messages rules write
 * (src/analysis/code-text.ts) and the formatters (src/format/escape.ts).
 */
export const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
