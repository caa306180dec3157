import type { ReactNode } from "react";

/** A portal page's section named by its heading: the `<h2>` is `<name>-heading`, and the section is labelled by it. */
export function HeadedSection({
  name,
  heading,
  id,
  className,
  children,
}: {
  name: string;
  heading: string;
  id?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${name}-heading`} id={id} className={className}>
      <h2 id={`${name}-heading`}>{heading}</h2>
      {children}
    </section>
  );
}
