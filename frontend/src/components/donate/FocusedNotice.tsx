"use client";
/** A success message that takes focus (and is scrolled into view) when its page opens, so it is read out first. */
import { useEffect, useRef } from "react";

export function FocusedNotice({ children }: { children: React.ReactNode }) {
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    notice.current?.focus({ preventScroll: true });
    notice.current?.scrollIntoView({ block: "center" });
  }, []);
  return (
    <div className="notice" role="status" tabIndex={-1} ref={notice}>
      {children}
    </div>
  );
}
