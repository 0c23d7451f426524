// Transaction origins the server uses, so the update listener can tell who changed a document.
export const STORE_ORIGIN = Symbol('store');
export const DISK_ORIGIN = Symbol('disk');
export const LOAD_ORIGIN = Symbol('load');
/** Another cluster node's update, read from the document's log: already stored, so not appended again. */
export const REMOTE_ORIGIN = Symbol('remote');
