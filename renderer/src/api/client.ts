import {
  methods,
  parseEvent,
  type CacheScopeApi,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../../../shared/contract';
import { AppError, AppErrorDataSchema } from '../../../shared/errors';
import { ipcTransport } from './ipcTransport';
import type { ConnectionState, Transport } from './transport';
import { wsTransport } from './wsTransport';

export interface ApiClient extends CacheScopeApi {
  onConnectionState(listener: (state: ConnectionState) => void): () => void;
}

/** The typed API over any transport: outputs and events are parsed with the contract. */
export function createApi(transport: Transport): ApiClient {
  return {
    async invoke<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>> {
      const reply = await transport.call(method, input);
      if (!reply.ok) {
        const error = AppErrorDataSchema.safeParse(reply.error);
        throw error.success ? AppError.fromData(error.data) : new AppError('INTERNAL', `${method} failed`);
      }
      return methods[method].output.parse(reply.output) as MethodOutput<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return transport.subscribe((name, payload) => {
        const parsed = parseEvent(event, name, payload);
        if (parsed !== null) listener(parsed);
      });
    },
    onConnectionState: (listener) => transport.onState(listener),
  };
}

function defaultTransport(): Transport {
  if (window.cachescope) return ipcTransport(window.cachescope);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return wsTransport(`${scheme}://${location.host}/ws`);
}

let api: ApiClient | undefined;

/** The page's one API client; stores are its only callers. */
export function useApi(): ApiClient {
  api ??= createApi(defaultTransport());
  return api;
}
