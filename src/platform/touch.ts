/** The query, made once: its `matches` follows the device as it changes. */
let coarse: MediaQueryList | undefined;

/**
 * Whether the primary pointer is a finger (a phone or a tablet): the keyboard is on screen, Enter
 * on it means a new line, and controls need room for a fingertip. A laptop with a touch screen
 * still has a mouse as its primary pointer, so it keeps the desktop behaviour.
 */
export const touchScreen = (): boolean => (coarse ??= matchMedia('(pointer: coarse)')).matches;
