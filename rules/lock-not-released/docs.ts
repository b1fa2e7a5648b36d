import type { RuleDocs } from '../../src/types.js';

/** The lock-not-released rule's page: `npm run docs` writes docs/rules/lock-not-released.md from it. */
export const docs: RuleDocs = {
  what: 'TODO: what the rule flags, in one or two paragraphs of Markdown.',
  why: 'TODO: the production failure it leads to (what a pprof at 3 a.m. would show).',
  bad: 'func (s *Server) handle() {\n\texampleHazard()\n}',
  good: 'func (s *Server) handle() {\n\tsafeVersion()\n}',
  limits: 'TODO: what it deliberately leaves alone, and what it misses.',
};
