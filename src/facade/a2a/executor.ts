import { randomUUID } from 'node:crypto';
import { Role, TaskState, type Message } from '@a2a-js/sdk';
import { AgentEvent, type AgentExecutor, type ExecutionEventBus, type RequestContext } from '@a2a-js/sdk/server';
import { checkDelegation, DELEGATION_CHAIN_KEY } from '../../contract/delegation.js';
import { attachSession } from '../turns/session.js';
import { runHttpTurn, type TurnDeps } from '../turns/run.js';
import { textPart } from '../../shared/a2a-text.js';

// The A2A task executor: one A2A message is one turn of the same Handler the
// WebSocket drives, in the session named by the message's contextId (a new
// contextId starts a session under that id, a known one resumes it). The
// reply streams as appends to one "answer" artifact; the task ends
// `completed` with the whole answer as its status message, or `failed` with
// the reason. Tool calls of the agent's loop stay inside the turn.

/** Where the route leaves the request's abort signal in the call context's state. */
export const SIGNAL_STATE_KEY = 'omnia.signal';
export const A2A_SESSION_TAG = 'a2a';
const ANSWER_ARTIFACT = 'answer';

function agentMessage(text: string, taskId: string, contextId: string): Message {
  return { messageId: randomUUID(), contextId, taskId, role: Role.ROLE_AGENT, parts: [textPart(text)], metadata: undefined, extensions: [], referenceTaskIds: [] };
}

/** The message's text: text parts as they are, data parts as JSON; file parts are refused. */
function textOf(message: Message): { ok: true; text: string } | { ok: false; detail: string } {
  const pieces: string[] = [];
  for (const p of message.parts) {
    const c = p.content;
    if (c?.$case === 'text') pieces.push(c.value);
    else if (c?.$case === 'data') pieces.push(JSON.stringify(c.value));
    else return { ok: false, detail: 'only text and data parts are supported by this agent' };
  }
  const text = pieces.join('\n');
  return text.trim() === '' ? { ok: false, detail: 'the message has no text' } : { ok: true, text };
}

/**
 * String-valued message metadata, handed to the runtime as the turn's
 * metadata, with the checked delegation chain as JSON text (the runtime's
 * metadata holds strings only) so the agent's own delegations carry it on.
 */
function metadataOf(message: Message, chain: readonly string[]): Record<string, string> | undefined {
  const out: Record<string, string> = Object.fromEntries(
    Object.entries(message.metadata ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== DELEGATION_CHAIN_KEY),
  );
  if (chain.length > 0) out[DELEGATION_CHAIN_KEY] = JSON.stringify(chain);
  return Object.keys(out).length > 0 ? out : undefined;
}

export function createExecutor(deps: TurnDeps): AgentExecutor {
  const running = new Map<string, AbortController>();

  return {
    async execute(ctx: RequestContext, bus: ExecutionEventBus): Promise<void> {
      const { taskId, contextId } = ctx;
      const user = ctx.userMessage;
      const now = () => new Date().toISOString();
      const finish = (state: TaskState, text: string): void => {
        bus.publish(AgentEvent.statusUpdate({ taskId, contextId, status: { state, message: agentMessage(text, taskId, contextId), timestamp: now() }, metadata: undefined }));
        bus.finished();
      };
      bus.publish(
        AgentEvent.task(
          ctx.task ?? { id: taskId, contextId, status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: now() }, artifacts: [], history: [user], metadata: undefined },
        ),
      );
      const text = textOf(user);
      if (!text.ok) return finish(TaskState.TASK_STATE_REJECTED, text.detail);
      // A delegating agent's call: refuse a cycle (this agent already in the chain) or a chain over the limit.
      const delegation = checkDelegation(deps.config.agent, user.metadata, deps.config.limits.maxDelegationDepth);
      if (!delegation.ok) {
        deps.logger.warn({ error: delegation.error, task: taskId }, delegation.detail);
        return finish(TaskState.TASK_STATE_REJECTED, `${delegation.error}: ${delegation.detail}`);
      }
      const session = await attachSession(deps.store, deps.config, contextId, [A2A_SESSION_TAG]);
      if (!session.ok) return finish(TaskState.TASK_STATE_REJECTED, session.detail);

      const abort = new AbortController();
      const callerGone = ctx.context.state.get(SIGNAL_STATE_KEY) as AbortSignal | undefined;
      const signal = callerGone ? AbortSignal.any([abort.signal, callerGone]) : abort.signal;
      running.set(taskId, abort);
      bus.publish(AgentEvent.statusUpdate({ taskId, contextId, status: { state: TaskState.TASK_STATE_WORKING, message: undefined, timestamp: now() }, metadata: undefined }));
      let first = true;
      try {
        const metadata = metadataOf(user, delegation.chain);
        const outcome = await runHttpTurn(deps, {
          sessionId: session.sessionId,
          content: text.text,
          signal,
          ...(metadata ? { metadata } : {}),
          onChunk: (chunk) => {
            bus.publish(
              AgentEvent.artifactUpdate({
                taskId,
                contextId,
                artifact: { artifactId: ANSWER_ARTIFACT, name: ANSWER_ARTIFACT, description: '', parts: [textPart(chunk)], metadata: undefined, extensions: [] },
                append: !first,
                lastChunk: false,
                metadata: undefined,
              }),
            );
            first = false;
          },
        });
        if (abort.signal.aborted) return finish(TaskState.TASK_STATE_CANCELED, 'the task was cancelled');
        if (outcome.ok) finish(TaskState.TASK_STATE_COMPLETED, outcome.content);
        else finish(TaskState.TASK_STATE_FAILED, `${outcome.code}: ${outcome.message}`);
      } finally {
        running.delete(taskId);
      }
    },

    async cancelTask(taskId: string): Promise<void> {
      // execute() publishes the canceled status once the turn has stopped.
      running.get(taskId)?.abort();
    },
  };
}
