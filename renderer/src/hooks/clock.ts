/** The business date and a coarse clock, re-rendering only when they change. */
import { useEffect, useState } from 'react';
import { businessDate } from '../format.ts';

export function useBusinessDate(): string {
  const [date, setDate] = useState(businessDate);
  useEffect(() => {
    const timer = window.setInterval(() => setDate(businessDate()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return date;
}

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
