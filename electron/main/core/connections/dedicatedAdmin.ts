import type { Admin, Kafka } from 'kafkajs';
import type { Disposable } from '../lifecycle/disposable';
import { kafkaReadError } from './kafkaErrors';
import { disposedError } from './serviceConnection';

/**
 * Runs one piece of work on an admin client of its own, disconnected after it: the topics it
 * asks about stay out of the session's shared client (see DedicatedAdmin). A failed connect
 * is a read error naming `target`.
 */
export async function withOwnAdmin<T>(kafka: Kafka, target: string, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (err) {
    await admin.disconnect().catch(() => undefined);
    throw kafkaReadError(err, target);
  }
  try {
    return await work(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * One lazily connected admin client with one owner. The connection keeps one for the health
 * probe and short requests; an owner that watches topics keeps its own, because kafkajs puts
 * every topic an admin was asked about into all its later metadata requests, and a topic
 * deleted since then fails every one of them: that owner replaces its client when one
 * disappears (`reset`), without breaking the health probe's client.
 */
export class DedicatedAdmin implements Disposable {
  private admin: Promise<Admin> | undefined;
  private disposed = false;

  constructor(private readonly kafka: () => Promise<Kafka>) {}

  /** The connected client; after a failed connect the next call tries again. */
  get(): Promise<Admin> {
    if (this.disposed) return Promise.reject(disposedError('kafka'));
    this.admin ??= this.connect().catch((err: unknown) => {
      this.admin = undefined;
      throw err;
    });
    return this.admin;
  }

  private async connect(): Promise<Admin> {
    const admin = (await this.kafka()).admin();
    try {
      await admin.connect();
    } catch (err) {
      await admin.disconnect().catch(() => undefined);
      throw err;
    }
    return admin;
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
