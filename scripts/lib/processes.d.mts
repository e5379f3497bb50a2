export interface JsonEvent {
  event: string;
  [key: string]: unknown;
}
export interface Proc {
  pid: number;
  events: JsonEvent[];
  output: string[];
  stop(): Promise<void>;
  waitFor(test: (e: JsonEvent) => boolean, ms?: number): Promise<JsonEvent>;
}
export function freePort(): Promise<number>;
export function startProcess(
  command: string,
  args: string[],
  options?: { env?: Record<string, string>; echo?: boolean; name?: string },
): Proc;
export function startOAuthServer(options?: {
  clientId?: string;
  clientSecret?: string;
}): Promise<Proc & { tokenUrl: string; clientId: string; clientSecret: string; grants(): number }>;
export function startReceiver(options?: {
  quiet?: boolean;
}): Promise<Proc & { url: string; requests(): JsonEvent[] }>;
export function startWorker(options?: {
  vars?: Record<string, string>;
  logLevel?: string;
  echo?: boolean;
}): Promise<Proc & { url: string; port: number; vars: Record<string, string> }>;
