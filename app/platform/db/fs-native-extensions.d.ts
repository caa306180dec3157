// The part of fs-native-extensions (Holepunch; ships prebuilt binaries) that Remit uses.
declare module "fs-native-extensions" {
  /** An exclusive advisory lock on the whole file (open file description lock on Linux); false when another holds it. */
  export function tryLock(fd: number): boolean;
  export function unlock(fd: number): void;
}
