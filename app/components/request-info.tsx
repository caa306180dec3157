import { createContext, useContext } from "react";

/**
 * What the server knows about the request being rendered: its id (for an error page's
 * reference) and whether it failed because the database is unavailable. Empty in the browser.
 */
export const RequestInfoContext = createContext<{ requestId?: string; databaseUnavailable?: boolean }>({});

export const useRequestInfo = () => useContext(RequestInfoContext);
