/** A coarse clock for relative texts; the business date is the hotel's (hooks/hotel.ts). */
import { useEffect, useState } from 'react';

/** Re-renders every `ms` so relative texts ("offline for 2 min") stay right. */
export function useTick(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // A new pace starts from the current time: going offline after 5 s ticks must not
    // count down from a clock up to 5 s old (QA: "Trying again in 6 s" for a 0.2 s wait).
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}
