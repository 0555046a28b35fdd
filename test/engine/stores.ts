/**
 * The stores every engine scenario runs against. Scenarios must hold whatever the store is.
 */
import { MemorySaver, type Checkpointer } from "../../core/index.ts";

export interface StoreCase {
  name: string;
  create(): { saver: Checkpointer; cleanup(): Promise<void> };
}

export const STORES: StoreCase[] = [
  { name: "memory", create: () => ({ saver: new MemorySaver(), cleanup: async () => {} }) },
];
