import WebSocket from 'ws';
import { ServerFrameSchema, type ServerFrame } from '../../../shared/wire';

export type Answer = { kind: 'frame'; frame: ServerFrame } | { kind: 'closed'; code: number };

/** A serve-mode client that sends frames as raw text, so they can be anything. */
export interface TextClient {
  /** Sends `text` and waits for the result with `id`, or for the server to close the socket. */
  request(id: number, text: string): Promise<Answer>;
  /** Every frame the server sent so far, events included. */
  frames: ServerFrame[];
  close(): void;
}

export function openTextClient(origin: string, token: string): Promise<TextClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${token}`, { maxPayload: 64 << 20 });
    const frames: ServerFrame[] = [];
    const waiting = new Map<number, (answer: Answer) => void>();
    let closedWith: number | null = null;
    ws.on('message', (data) => {
      const frame = ServerFrameSchema.parse(JSON.parse(String(data)));
      frames.push(frame);
      if (frame.kind === 'result') {
        waiting.get(frame.id)?.({ kind: 'frame', frame });
        waiting.delete(frame.id);
      }
    });
    ws.on('close', (code) => {
      closedWith = code;
      for (const settle of waiting.values()) settle({ kind: 'closed', code });
      waiting.clear();
    });
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        frames,
        request: (id, text) =>
          new Promise((settle) => {
            if (closedWith !== null) return settle({ kind: 'closed', code: closedWith });
            waiting.set(id, settle);
            ws.send(text);
          }),
        close: () => ws.close(),
      }),
    );
  });
}
