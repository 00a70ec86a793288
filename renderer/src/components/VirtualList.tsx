/**
 * A virtualised list (only the rows in view are in the DOM) with fixed-height
 * rows, so thousands of reservations or events scroll and update cheaply.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode, type Ref } from 'react';
import { useKeepFocusInList } from '../hooks/focus.ts';

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  getKey: (item: T) => string;
  renderRow: (item: T, index: number) => ReactNode;
  label: string;
  testId?: string;
  overscan?: number;
  /** Lets a parent keep the scroll position (e.g. when rows are added on top). */
  scrollRef?: Ref<HTMLDivElement>;
  footer?: ReactNode;
}

export function VirtualList<T>({ items, rowHeight, getKey, renderRow, label, testId, overscan = 8, scrollRef, footer }: VirtualListProps<T>) {
  const parentRef = useRef<HTMLDivElement | null>(null);
  useKeepFocusInList(parentRef);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => rowHeight,
    overscan,
    getItemKey: (i) => getKey(items[i]),
    // Before the first layout (and in hidden windows) still render a screenful.
    initialRect: { width: 1000, height: 900 },
  });
  const setRef = (el: HTMLDivElement | null) => {
    parentRef.current = el;
    if (typeof scrollRef === 'function') scrollRef(el);
    else if (scrollRef) scrollRef.current = el;
  };
  const rows = virtualizer.getVirtualItems();
  const total = virtualizer.getTotalSize();
  // Rows stay in normal flow between two spacers (padding) instead of each being
  // absolutely positioned: when new rows arrive on top, existing rows keep their
  // styles untouched, so a burst only inserts and removes nodes.
  const before = rows.length ? rows[0].start : 0;
  const after = rows.length ? total - rows[rows.length - 1].end : 0;
  return (
    <div ref={setRef} className="vlist" tabIndex={0} role="region" aria-label={label} data-testid={testId}>
      <ul className="vlist-inner" style={{ paddingTop: before, paddingBottom: after }}>
        {rows.map((v) => (
          <li key={v.key} className="vlist-row" style={{ height: rowHeight }} aria-setsize={items.length} aria-posinset={v.index + 1}>
            {renderRow(items[v.index], v.index)}
          </li>
        ))}
      </ul>
      {footer}
    </div>
  );
}
