// The trade-off report's default target clock: a module of its own, without the models, so that
// `nmcore report --help` can show it without loading the report's engines.

/** The report's default target clock, MHz. */
export const DEFAULT_TARGET_MHZ = 1000;
