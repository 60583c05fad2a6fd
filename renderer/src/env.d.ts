/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

/** Set by the Electron preload; absent in a browser (serve mode). */
interface Window {
  cachescope?: {
    invoke(method: string, input: unknown): Promise<unknown>;
    on(listener: (name: string, payload: unknown) => void): () => void;
  };
}
