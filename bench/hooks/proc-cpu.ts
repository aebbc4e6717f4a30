// CPU time of another process, from /proc/<pid>/stat (Linux). The benchmark
// reads the server's user + system time around each round: the CPU a request
// costs the server does not depend on how fast the load generator is, and the
// server's core share tells whether the server or the generator was the limit.
import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const out = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    ticksPerSecond = Number.isFinite(out) && out > 0 ? out : 100;
  }
  return ticksPerSecond;
}

/** utime + stime of every thread of `pid`, in seconds (resolution 1 / CLK_TCK, usually 10 ms). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may itself hold spaces or
  // parentheses, so the fields are counted from the last ')'. After it come
  // field 3 (state) onwards: utime is field 14, stime field 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unreadable /proc/${pid}/stat: ${stat.slice(0, 200)}`);
  return (utime + stime) / clockTicks();
}

/**
 * Seconds the main thread of `pid` spent runnable but waiting for a CPU
 * (/proc/<pid>/schedstat, field 2, in ns): time other processes took from the
 * server's core. It tells a busy machine from a slow load generator when the
 * server's core was not saturated.
 */
export function runQueueWaitSeconds(pid: number): number {
  const wait = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
  if (!Number.isFinite(wait)) throw new Error(`unreadable /proc/${pid}/schedstat`);
  return wait / 1e9;
}

/**
 * Fail unless `pid` runs this node binary. `spawn('taskset', [..., node, ...])`
 * gives the taskset pid, and taskset execs node in place, so once the child
 * is up the pid must be node's; measuring taskset instead would read ~0 CPU.
 */
export function assertRunsNode(pid: number): void {
  const exe = readlinkSync(`/proc/${pid}/exe`);
  if (exe !== realpathSync(process.execPath)) throw new Error(`pid ${pid} runs ${exe}, not node (${process.execPath})`);
}
