import * as z from "zod";
import type { SinkClient } from "../sink/sink-client.js";
import { sinkErrorOf } from "../sink/sink-error.js";
import { capacityRpcs } from "../sink/tables.js";
import { type CapacityResource, SLOT_WAIT_SECONDS } from "./resources.js";

export interface SlotRequest {
  resource: CapacityResource;
  holder: string;
  /** How many slots of the resource there are: the quota, or the share of it the pipeline may use. */
  limit: number;
  /** When a slot never released frees itself (its holder failed or was stopped). */
  ttlSeconds: number;
  /** Who goes first when slots free up: higher first (a longer recording's job), then first come. 0 by default. */
  priority?: number;
}

/** Slots of the quota-bound resources, shared by every execution of the stage. */
export interface CapacitySlots {
  /**
   * Takes a free slot for the holder when it is first in line (a holder that has one keeps it), or puts it in line;
   * `inUse` counts the slots then held. A holder in line asks again every SLOT_WAIT_SECONDS of its resource.
   */
  acquire(request: SlotRequest): Promise<{ granted: boolean; inUse: number }>;
  /** Frees the holder's slot; false when it held none. */
  release(resource: CapacityResource, holder: string): Promise<boolean>;
}

const acquired = z.object({ granted: z.boolean(), inUse: z.number() });

/**
 * The {@link CapacitySlots} in the clinic's Supabase (`capacity_slots`, serialised per resource), with the service
 * role.
 *
 * @example
 * const { granted } = await supabaseCapacitySlots(client).acquire({ resource: "extractions", holder, limit: 5, ttlSeconds: 960 });
 */
export function supabaseCapacitySlots(client: SinkClient): CapacitySlots {
  const call = async (rpc: string, payload: object) => {
    const answer = await client.rpc(rpc, { payload });
    if (answer.error) throw sinkErrorOf(rpc, null, answer.error.code || null, answer.status);
    return answer.data as unknown;
  };
  return {
    acquire: async (request) =>
      acquired.parse(
        await call(capacityRpcs.acquireSlot, {
          ...request,
          waitSeconds: SLOT_WAIT_SECONDS[request.resource],
        }),
      ),
    release: async (resource, holder) =>
      z.boolean().parse(await call(capacityRpcs.releaseSlot, { resource, holder })),
  };
}
