import type { Node } from 'web-tree-sitter';
import { nodeTable, storeOf } from './fact-store.js';
import { isNoReturnStatement } from './no-return.js';
import { brokenHere } from './syntax-errors.js';
import { statementsOf } from './syntax.js';

/**
 * A control-flow graph of one function (declaration, method or literal; a literal inside it is its
 * own function and its statements are not part of this graph). A vertex is one simple statement or
 * the expressions a compound statement evaluates before branching (an if condition, a switch tag, a
 * range operand), or a 'pass' vertex that only routes (a `break`, `continue` or `goto` is the one node of
 * its 'pass' vertex, so a path can name the jump it took). Exits are `return` vertices and the 'end'
 * vertex (falling off the closing brace); calls that never return (`panic`, `os.Exit`, `t.Fatal`)
 * are 'dead' vertices with no successor. A statement that did not parse is a 'broken' vertex, also with
 * no successor: nobody knows what it does, so no path is followed through it and every path question
 * stays sound, while the rest of the function is still analysed. Built top-down with an explicit task stack: each statement
 * is handed the vertex where it starts and the vertex that follows it, so no recursion is needed.
 */

export type VertexKind = 'pass' | 'stmt' | 'expr' | 'defer' | 'return' | 'end' | 'dead' | 'broken';

export interface Vertex {
  kind: VertexKind;
  /** What runs here: the statement, the evaluated expressions, or the closing brace for 'end'. */
  nodes: Node[];
  succ: number[];
}

export interface FlowGraph {
  fn: Node;
  vertices: Vertex[];
  /** The vertex of each simple statement and branch expression, by node id. */
  vertexOf: Map<number, number>;
}

interface Labels {
  name: string;
  breakTo: number;
  continueTo: number | undefined;
  outer: Labels | undefined;
}

interface Jumps {
  breakTo?: number;
  continueTo?: number;
  fallthroughTo?: number;
  labels?: Labels;
  /** The label written right before this statement (`L: for ...`). */
  label?: string;
}

interface Task {
  node: Node;
  entry: number;
  next: number;
  jumps: Jumps;
}

const GRAPHS = nodeTable<FlowGraph | null>('flow-graphs');

/** The graph of a function, or undefined when it has no body or its body did not parse at all. */
export function flowGraph(fn: Node): FlowGraph | undefined {
  const perTree = storeOf(fn.tree).get(GRAPHS, fn.tree);
  let graph = perTree.get(fn.id);
  if (graph === undefined) {
    const body = fn.childForFieldName('body');
    graph = body && body.type === 'block' && !body.isError ? new GraphBuilder(fn).build(body) : null;
    perTree.set(fn.id, graph);
  }
  return graph ?? undefined;
}

class GraphBuilder {
  private readonly vertices: Vertex[] = [];
  private readonly vertexOf = new Map<number, number>();
  private readonly tasks: Task[] = [];
  private readonly labelEntries = new Map<string, number>();
  private readonly gotos: Array<[number, string]> = [];

  constructor(private readonly fn: Node) {}

  build(body: Node): FlowGraph {
    const entry = this.vertex('pass');
    const closing = body.lastChild;
    const end = this.vertex('end', closing ? [closing] : []);
    this.tasks.push({ node: body, entry, next: end, jumps: {} });
    for (let task = this.tasks.pop(); task; task = this.tasks.pop()) this.statement(task);
    // Labels are unique per function, so a goto has exactly one target.
    for (const [from, label] of this.gotos) {
      const target = this.labelEntries.get(label);
      if (target !== undefined) this.vertices[from]!.succ.push(target);
    }
    return { fn: this.fn, vertices: this.vertices, vertexOf: this.vertexOf };
  }

  private vertex(kind: VertexKind, nodes: Node[] = [], succ: number[] = []): number {
    this.vertices.push({ kind, nodes, succ });
    const v = this.vertices.length - 1;
    for (const n of nodes) this.vertexOf.set(n.id, v);
    return v;
  }

  /** Turns the placeholder vertex `v` into a vertex of the given kind. */
  private fill(v: number, kind: VertexKind, nodes: Node[], succ: number[]): void {
    const vertex = this.vertices[v]!;
    vertex.kind = kind;
    vertex.nodes = nodes;
    vertex.succ = succ;
    for (const n of nodes) this.vertexOf.set(n.id, v);
  }

  private statement(task: Task): void {
    const { node, entry, next, jumps } = task;
    if (node.hasError && brokenHere(node)) return this.fill(entry, 'broken', [node], []);
    switch (node.type) {
      case 'block':
        return this.sequence(statementsOf(node), entry, next, jumps);
      case 'labeled_statement':
        return this.labeled(task);
      case 'if_statement':
        return this.ifStatement(task);
      case 'for_statement':
        return this.forStatement(task);
      case 'expression_switch_statement':
      case 'type_switch_statement':
        return this.switchStatement(task);
      case 'select_statement':
        return this.selectStatement(task);
      case 'return_statement':
        return this.fill(entry, 'return', [node], []);
      case 'defer_statement':
        return this.fill(entry, 'defer', [node], [next]);
      case 'expression_statement':
        if (isNoReturnStatement(node)) return this.fill(entry, 'dead', [node], []);
        return this.fill(entry, 'stmt', [node], [next]);
      case 'break_statement':
        return this.fill(entry, 'pass', [node], targetOf(node, jumps, 'break'));
      case 'continue_statement':
        return this.fill(entry, 'pass', [node], targetOf(node, jumps, 'continue'));
      case 'fallthrough_statement':
        return this.fill(entry, 'pass', [], [jumps.fallthroughTo ?? next]);
      case 'goto_statement':
        this.gotos.push([entry, labelOf(node)]);
        return this.fill(entry, 'pass', [node], []);
      default:
        return this.fill(entry, 'stmt', [node], [next]);
    }
  }

  private sequence(statements: Node[], entry: number, next: number, jumps: Jumps): void {
    if (statements.length === 0) return this.fill(entry, 'pass', [], [next]);
    const entries = statements.map((_, i) => (i === 0 ? entry : this.vertex('pass')));
    // Pushed last-first so that statements are built in source order (vertex numbers follow it).
    for (let i = statements.length - 1; i >= 0; i--) {
      const inner: Jumps = { ...jumps, label: undefined };
      this.tasks.push({ node: statements[i]!, entry: entries[i]!, next: entries[i + 1] ?? next, jumps: inner });
    }
  }

  private labeled(task: Task): void {
    const name = labelOf(task.node);
    this.labelEntries.set(name, task.entry);
    const inner = task.node.namedChildren.find((c) => c.type !== 'label_name' && c.type !== 'comment');
    if (!inner) return this.fill(task.entry, 'pass', [], [task.next]);
    this.tasks.push({ ...task, node: inner, jumps: { ...task.jumps, label: name } });
  }

  /** Runs the optional initializer at `entry`, then returns the vertex where the header starts. */
  private initializer(owner: Node, entry: number): number {
    const init = owner.childForFieldName('initializer');
    if (!init) return entry;
    const header = this.vertex('pass');
    this.fill(entry, 'stmt', [init], [header]);
    return header;
  }

  private ifStatement({ node, entry, next, jumps }: Task): void {
    const header = this.initializer(node, entry);
    const consequence = node.childForFieldName('consequence');
    const alternative = node.childForFieldName('alternative');
    const condition = node.childForFieldName('condition');
    const thenEntry = this.vertex('pass');
    const elseEntry = alternative ? this.vertex('pass') : next;
    this.fill(header, 'expr', condition ? [condition] : [], [thenEntry, elseEntry]);
    const inner: Jumps = { ...jumps, label: undefined };
    if (alternative) this.tasks.push({ node: alternative, entry: elseEntry, next, jumps: inner });
    if (consequence) this.tasks.push({ node: consequence, entry: thenEntry, next, jumps: inner });
    else this.fill(thenEntry, 'pass', [], [next]);
  }

  private forStatement({ node, entry, next, jumps }: Task): void {
    const clause = node.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
    const forClause = clause?.type === 'for_clause' ? clause : undefined;
    const header = forClause ? this.initializer(forClause, entry) : entry;
    let tested: Node | null | undefined = clause;
    if (forClause) tested = forClause.childForFieldName('condition');
    else if (clause?.type === 'range_clause') tested = clause.childForFieldName('right');
    const bodyEntry = this.vertex('pass');
    const update = forClause?.childForFieldName('update');
    const continueTo = update ? this.vertex('stmt', [update], [header]) : header;
    // Without a condition or range the loop is left only by break, return, goto or a panic.
    const exits = tested || clause?.type === 'range_clause' ? [bodyEntry, next] : [bodyEntry];
    this.fill(header, tested ? 'expr' : 'pass', tested ? [tested] : [], exits);
    const body = node.childForFieldName('body');
    const inner: Jumps = { ...jumps, breakTo: next, continueTo, labels: withLabel(jumps, next, continueTo), label: undefined };
    if (body) this.tasks.push({ node: body, entry: bodyEntry, next: continueTo, jumps: inner });
    else this.fill(bodyEntry, 'pass', [], [continueTo]);
  }

  private switchStatement({ node, entry, next, jumps }: Task): void {
    const header = this.initializer(node, entry);
    const value = node.childForFieldName('value');
    const clauses = node.namedChildren.filter((c) => c.type.endsWith('_case'));
    const bodies = clauses.map(() => this.vertex('pass'));
    const tests = clauses.map((clause, i) => {
      const values = clause.childForFieldName('value');
      return values ? this.vertex('expr', [values], [bodies[i]!]) : bodies[i]!;
    });
    const hasDefault = clauses.some((c) => c.type === 'default_case');
    this.fill(header, value ? 'expr' : 'pass', value ? [value] : [], hasDefault ? tests : [...tests, next]);
    this.clauseBodies(clauses, bodies, next, { ...jumps, breakTo: next, labels: withLabel(jumps, next, undefined) });
  }

  private selectStatement({ node, entry, next, jumps }: Task): void {
    const clauses = node.namedChildren.filter((c) => c.type.endsWith('_case'));
    const bodies = clauses.map(() => this.vertex('pass'));
    const starts = clauses.map((clause, i) => {
      const comm = clause.childForFieldName('communication');
      if (!comm) return bodies[i]!;
      return this.vertex('stmt', [comm], [bodies[i]!]);
    });
    // `select {}` has no successor: it blocks forever.
    this.fill(entry, 'pass', [], starts);
    this.clauseBodies(clauses, bodies, next, { ...jumps, breakTo: next, labels: withLabel(jumps, next, undefined) });
  }

  private clauseBodies(clauses: Node[], bodies: number[], next: number, jumps: Jumps): void {
    for (let i = clauses.length - 1; i >= 0; i--) {
      const inner: Jumps = { ...jumps, label: undefined, fallthroughTo: bodies[i + 1] ?? next };
      this.sequence(statementsOf(clauses[i]!), bodies[i]!, next, inner);
    }
  }
}

function withLabel(jumps: Jumps, breakTo: number, continueTo: number | undefined): Labels | undefined {
  if (!jumps.label) return jumps.labels;
  return { name: jumps.label, breakTo, continueTo, outer: jumps.labels };
}

function labelOf(node: Node): string {
  return node.namedChildren.find((c) => c.type === 'label_name')?.text ?? '';
}

function targetOf(node: Node, jumps: Jumps, kind: 'break' | 'continue'): number[] {
  const label = labelOf(node);
  let target = kind === 'break' ? jumps.breakTo : jumps.continueTo;
  if (label) {
    target = undefined;
    for (let l = jumps.labels; l; l = l.outer) {
      if (l.name === label) {
        target = kind === 'break' ? l.breakTo : l.continueTo;
        break;
      }
    }
  }
  return target === undefined ? [] : [target];
}
