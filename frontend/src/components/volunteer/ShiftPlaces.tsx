"use client";
/**
 * The free places of the shifts on a page, kept in one place: a sign-up, a place on the waitlist or a cancellation
 * hands back the shift as the API now counts it, and every mention of that shift (its card in the list, its day in
 * the calendar) shows the new count without a reload.
 */
import { createContext, useCallback, useContext, useMemo, useState } from "react";

import { useI18n } from "@/i18n/client";
import { interpolate } from "@/i18n/format";

export type Places = { freePlaces: number; capacity: number };
type PlacesState = { places: Record<string, Places>; update: (shift: { id: string } & Places) => void };

const PlacesContext = createContext<PlacesState | null>(null);

export function ShiftPlacesProvider({ initial, children }: { initial: Record<string, Places>; children: React.ReactNode }) {
  const [places, setPlaces] = useState(initial);
  const update = useCallback(
    (shift: { id: string } & Places) =>
      setPlaces((current) => ({ ...current, [shift.id]: { freePlaces: shift.freePlaces, capacity: shift.capacity } })),
    [],
  );
  const value = useMemo(() => ({ places, update }), [places, update]);
  return <PlacesContext.Provider value={value}>{children}</PlacesContext.Provider>;
}

/** A shift's places as last counted (the page's own count until something changed them). */
export function useShiftPlaces(shiftId: string, fallback: Places): { places: Places; update: PlacesState["update"] } {
  const context = useContext(PlacesContext);
  return { places: context?.places[shiftId] ?? fallback, update: context?.update ?? (() => undefined) };
}

/** "3 of 6 places free", or "Full" (short: "3 free"). */
export function FreePlaces({ shiftId, initial, short = false }: { shiftId: string; initial: Places; short?: boolean }) {
  const { t } = useI18n();
  const { places } = useShiftPlaces(shiftId, initial);
  const text =
    places.freePlaces <= 0
      ? t.volunteer.full
      : interpolate(short ? t.volunteer.freePlacesShort : t.volunteer.freePlaces, {
          count: places.freePlaces,
          capacity: places.capacity,
        });
  return (
    <span data-testid="free-places" data-shift-id={shiftId}>
      {text}
    </span>
  );
}
