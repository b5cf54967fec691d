/**
 * How `check --strict` recognises a stub that was never filled in: the call every
 * stub template makes. Keep in step with `templates/stubs/*.ts.hbs`.
 */
export const NOT_IMPLEMENTED_CALL = "throw notImplemented(";
