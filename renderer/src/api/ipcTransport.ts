import type { InvokeReply, Transport } from './transport';

type Bridge = NonNullable<Window['cachescope']>;

export function ipcTransport(bridge: Bridge): Transport {
  return {
    call: (method, input) => bridge.invoke(method, input) as Promise<InvokeReply>,
    subscribe: (listener) => bridge.on(listener),
    onState: (listener) => {
      listener('open');
      return () => undefined;
    },
  };
}
