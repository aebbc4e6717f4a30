import type { ListTasksRequest, ListTasksResponse, Task } from '@a2a-js/sdk';
import type { ServerCallContext, TaskStore } from '@a2a-js/sdk/server';

// The A2A tasks this pod has run, for tasks/get. The conversation itself is in
// the session store (contextId = session id); a task is the short-lived
// envelope of one turn, so they are kept in memory, at most `max` of them
// (the least recently written is forgotten first), and each caller sees only
// its own: the key includes the caller (API key, JWT subject or address).

const DEFAULT_PAGE = 50;

export function createTaskStore(max: number): TaskStore {
  const tasks = new Map<string, Task>();
  const owner = (ctx: ServerCallContext): string => ctx.user?.userName ?? '';
  const key = (ctx: ServerCallContext, id: string): string => `${owner(ctx)}\u0000${id}`;
  return {
    async save(task, ctx) {
      const k = key(ctx, task.id);
      tasks.delete(k);
      tasks.set(k, structuredClone(task));
      if (tasks.size > max) tasks.delete(tasks.keys().next().value as string);
    },
    async load(id, ctx) {
      const t = tasks.get(key(ctx, id));
      return t === undefined ? undefined : structuredClone(t);
    },
    async list(params: ListTasksRequest, ctx): Promise<ListTasksResponse> {
      const prefix = `${owner(ctx)}\u0000`;
      const mine = [...tasks].filter(([k, t]) => k.startsWith(prefix) && (params.contextId === '' || t.contextId === params.contextId)).map(([, t]) => t);
      const pageSize = params.pageSize ?? DEFAULT_PAGE;
      return { tasks: mine.slice(-pageSize).reverse().map((t) => structuredClone(t)), nextPageToken: '', pageSize, totalSize: mine.length };
    },
  };
}
