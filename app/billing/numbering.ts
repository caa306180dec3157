/** A document's number in its series: the prefix and the counter, four digits at least (INV-0042, CN-0007). */
export function documentNumber(prefix: string, counter: number): string {
  return `${prefix}${String(counter).padStart(4, "0")}`;
}
