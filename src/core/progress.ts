/**
 * How a long operation says what it is doing: a short line such as "reading flags 3000/10000",
 * or null once it is done. The CLI shows it on a terminal; the library API ignores it.
 */
export type Progress = (what: string | null) => void;

/** A progress sink that shows nothing (the default for the library API and for tests). */
export const noProgress: Progress = () => undefined;
