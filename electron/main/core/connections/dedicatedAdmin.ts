import type { Admin, Kafka } from 'kafkajs';
import type { Disposable } from '../lifecycle/disposable';

/**
 * An admin client of one owner's own, apart from the connection's shared one. kafkajs puts
 * every topic an admin was asked about into all its later metadata requests, and a topic
 * deleted since then fails every one of them: an owner that watches topics replaces its
 * client when one disappears (`reset`), without breaking the health probe's client.
 */
export class DedicatedAdmin implements Disposable {
  private admin: Promise<Admin> | undefined;
  private disposed = false;

  constructor(private readonly kafka: Kafka) {}

  /** The connected client; after a failed connect the next call tries again. */
  get(): Promise<Admin> {
    if (this.disposed) return Promise.reject(new Error('the admin client is closed'));
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(
        () => admin,
        async (err: unknown) => {
          this.admin = undefined;
          await admin.disconnect().catch(() => undefined);
          throw err;
        },
      );
    }
    return this.admin;
  }

  /** Forgets the client (and every topic it knew); the next `get` connects a fresh one. */
  async reset(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.reset();
  }
}
