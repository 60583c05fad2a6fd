/**
 * How the renderer reaches the core: IPC inside Electron, a WebSocket in a browser.
 * Both carry untyped frames; `createApi` validates them against the contract.
 */
export type InvokeReply = { ok: true; output: unknown } | { ok: false; error: unknown };

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface Transport {
  call(method: string, input: unknown): Promise<InvokeReply>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
  /** Link state between this page and the core (always open over IPC). */
  onState(listener: (state: ConnectionState) => void): () => void;
}
