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
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}
