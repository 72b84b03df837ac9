/** localStorage key: the level slug a visitor chose on /join/ before confirming their new account. */
export const PENDING_JOIN_KEY = "steward-join";
