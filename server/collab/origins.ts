// Transaction origins the server uses, so the update listener can tell who changed a document.
export const STORE_ORIGIN = Symbol('store');
export const DISK_ORIGIN = Symbol('disk');
export const LOAD_ORIGIN = Symbol('load');
