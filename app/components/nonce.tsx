import { createContext, useContext } from "react";

/** The per-request Content-Security-Policy nonce, for the few inline scripts Remix renders. */
export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
