import type { CozeMessage } from '../client/wire.js';

/**
 * One thing the bot did on the way to its answer: searched its knowledge base, or called a tool
 * (a plugin, a workflow, the page's own function) and got its result.
 */
export interface ToolStep {
  /** The id of the message that opened the step. */
  id: string;
  kind: 'knowledge' | 'call' | 'output';
  /** The tool's name, for a call. */
  name?: string;
  /** What went in: the call's arguments, or what the knowledge search found. */
  input: string;
  /** What came back: the tool's response. */
  output?: string;
  /** The id of the message that brought the output. */
  outputId?: string;
}

/** A `function_call` message's tool name and arguments; its content is JSON when Coze wrote it. */
function readCall(content: string): { name?: string; input: string } {
  try {
    const call = JSON.parse(content) as { name?: unknown; arguments?: unknown };
    const name = typeof call?.name === 'string' && call.name ? call.name : undefined;
    const args = call?.arguments;
    return { name, input: args === undefined ? content : typeof args === 'string' ? args : JSON.stringify(args, null, 2) };
  } catch {
    return { input: content };
  }
}

/**
 * The steps after one more completed message: `function_call` opens a call, `tool_response` /
 * `tool_output` fill the latest call still waiting for its result (or stand alone), `knowledge`
 * is a search. Other types (`verbose`, unknown) change nothing; a message seen before is not
 * counted twice.
 */
export function toolStepsFrom(steps: ToolStep[], message: CozeMessage): ToolStep[] {
  if (steps.some((step) => step.id === message.id || step.outputId === message.id)) return steps;
  const content = message.content ?? '';
  switch (message.type) {
    case 'knowledge':
      return [...steps, { id: message.id, kind: 'knowledge', input: content }];
    case 'function_call':
      return [...steps, { id: message.id, kind: 'call', ...readCall(content) }];
    case 'tool_response':
    case 'tool_output': {
      const waiting = steps.findLastIndex((step) => step.kind === 'call' && step.output === undefined);
      if (waiting < 0) return [...steps, { id: message.id, kind: 'output', input: '', output: content }];
      return steps.map((step, index) => (index === waiting ? { ...step, output: content, outputId: message.id } : step));
    }
    default:
      return steps;
  }
}
