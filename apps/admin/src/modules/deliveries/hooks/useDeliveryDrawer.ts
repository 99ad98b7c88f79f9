import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** The search parameter naming the delivery open in the drawer, so the view can be linked. */
export const DELIVERY_PARAM = 'delivery';

/** Which delivery the drawer shows (from `?delivery=<id>` on the current page), and how to open or close it. */
export function useDeliveryDrawer(): { deliveryId: string | null; open(id: string): void; close(): void } {
  const [params, setParams] = useSearchParams();
  const deliveryId = params.get(DELIVERY_PARAM);
  const open = useCallback(
    (id: string) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        next.set(DELIVERY_PARAM, id);
        return next;
      }),
    [setParams],
  );
  const close = useCallback(
    () =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        next.delete(DELIVERY_PARAM);
        return next;
      }),
    [setParams],
  );
  return { deliveryId, open, close };
}
