/** An operator command that will not do what was asked, and says why: exit code 1, nothing changed. */
export class Refused extends Error {
  override name = "Refused";
}
