-- Decision 175. A payment names its invoice's customer, so a client's payments are read from
-- their own index; the composite key keeps it equal to the invoice's (and follows it).
ALTER TABLE "Payment" DROP CONSTRAINT "Payment_invoiceId_fkey";

ALTER TABLE "Payment" ADD COLUMN     "customerId" TEXT;

-- What a client sees does not change: the payments' portal-version trigger (decision 115) stays
-- out of the fill, which would otherwise bump every customer once per payment.
ALTER TABLE "Payment" DISABLE TRIGGER "Payment_portal_version";
UPDATE "Payment" AS p SET "customerId" = i."customerId" FROM "Invoice" AS i WHERE i."id" = p."invoiceId";
ALTER TABLE "Payment" ENABLE TRIGGER "Payment_portal_version";

ALTER TABLE "Payment" ALTER COLUMN "customerId" SET NOT NULL;

-- CreateTable
CREATE TABLE "PayingRecord" (
    "customerId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "paid" INTEGER NOT NULL,
    "daysToPay" INTEGER NOT NULL,
    "paidLate" INTEGER NOT NULL,
    "daysLate" INTEGER NOT NULL,
    "timezone" TEXT NOT NULL,
    "latePaidDays" INTEGER NOT NULL,

    CONSTRAINT "PayingRecord_pkey" PRIMARY KEY ("customerId")
);

-- CreateIndex
CREATE INDEX "PayingRecord_workspaceId_idx" ON "PayingRecord"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_id_customerId_key" ON "Invoice"("id", "customerId");

-- CreateIndex
CREATE INDEX "Payment_customerId_paidAt_createdAt_idx" ON "Payment"("customerId", "paidAt", "createdAt");

-- AddForeignKey
ALTER TABLE "PayingRecord" ADD CONSTRAINT "PayingRecord_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_invoiceId_customerId_fkey" FOREIGN KEY ("invoiceId", "customerId") REFERENCES "Invoice"("id", "customerId") ON DELETE CASCADE ON UPDATE CASCADE;

-- What one paid invoice adds to its customer's record, in the workspace's timezone: days from
-- issue to the calendar date it was paid (never below 0), and days past due when more than
-- `late_days` (0 when not, or when the rule is off). The one home of these two figures.
CREATE FUNCTION "remit_days_to_pay"(paid_at TIMESTAMP(3), issue_date DATE, tz TEXT) RETURNS INTEGER
  LANGUAGE sql STABLE AS $$
  SELECT GREATEST(0, ((paid_at AT TIME ZONE 'UTC') AT TIME ZONE tz)::date - issue_date)
$$;

CREATE FUNCTION "remit_days_paid_late"(paid_at TIMESTAMP(3), due_date DATE, tz TEXT, late_days INTEGER) RETURNS INTEGER
  LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN late_days > 0 AND ((paid_at AT TIME ZONE 'UTC') AT TIME ZONE tz)::date - due_date > late_days
    THEN ((paid_at AT TIME ZONE 'UTC') AT TIME ZONE tz)::date - due_date ELSE 0 END
$$;

-- The records of a workspace's customers (all of them when `customer_ids` is null) added up from
-- their paid invoices under the settings given: for the fill below, a change of settings, and a
-- record read while it was counted under other settings than the workspace's.
CREATE FUNCTION "remit_paying_records"(workspace_id TEXT, tz TEXT, late_days INTEGER, customer_ids TEXT[])
  RETURNS TABLE ("customerId" TEXT, "paid" INTEGER, "daysToPay" INTEGER, "paidLate" INTEGER, "daysLate" INTEGER)
  LANGUAGE sql STABLE AS $$
  SELECT "customerId", count(*)::int, sum(days_to_pay)::int, (count(*) FILTER (WHERE days_late > 0))::int, sum(days_late)::int
  FROM (
    SELECT "customerId", "remit_days_to_pay"("paidAt", "issueDate", tz) AS days_to_pay, "remit_days_paid_late"("paidAt", "dueDate", tz, late_days) AS days_late
    FROM "Invoice"
    WHERE "workspaceId" = workspace_id AND "status" = 'paid' AND "paidAt" IS NOT NULL
      AND (customer_ids IS NULL OR "customerId" = ANY(customer_ids))
  ) AS paid
  GROUP BY "customerId"
$$;

-- Adds one paid invoice's figures to its customer's record (direction 1) or takes them off (direction -1),
-- counted under the settings the record was counted under: the one update of the row, so
-- concurrent payments of one customer take turns on it and add up.
CREATE FUNCTION "remit_paying_record_add"(customer_id TEXT, paid_at TIMESTAMP(3), issue_date DATE, due_date DATE, direction INTEGER) RETURNS void
  LANGUAGE sql AS $$
  UPDATE "PayingRecord" AS r SET
    "paid" = r."paid" + direction,
    "daysToPay" = r."daysToPay" + direction * "remit_days_to_pay"(paid_at, issue_date, r."timezone"),
    "paidLate" = r."paidLate" + direction * ("remit_days_paid_late"(paid_at, due_date, r."timezone", r."latePaidDays") > 0)::int,
    "daysLate" = r."daysLate" + direction * "remit_days_paid_late"(paid_at, due_date, r."timezone", r."latePaidDays")
  WHERE r."customerId" = customer_id
$$;

-- An invoice turned paid, or no longer is (a payment reversed), or a paid one changed: its
-- customer's record takes it off and on again. A customer's first paid invoice makes the record,
-- under the workspace's settings.
CREATE FUNCTION "remit_paying_record_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_paid BOOLEAN := TG_OP <> 'INSERT' AND OLD."status" = 'paid' AND OLD."paidAt" IS NOT NULL;
  is_paid BOOLEAN := TG_OP <> 'DELETE' AND NEW."status" = 'paid' AND NEW."paidAt" IS NOT NULL;
BEGIN
  IF was_paid AND is_paid AND OLD."customerId" = NEW."customerId" AND OLD."paidAt" = NEW."paidAt"
    AND OLD."issueDate" = NEW."issueDate" AND OLD."dueDate" = NEW."dueDate" THEN
    RETURN NULL;
  END IF;
  IF was_paid THEN
    PERFORM "remit_paying_record_add"(OLD."customerId", OLD."paidAt", OLD."issueDate", OLD."dueDate", -1);
  END IF;
  IF is_paid THEN
    INSERT INTO "PayingRecord" ("customerId", "workspaceId", "paid", "daysToPay", "paidLate", "daysLate", "timezone", "latePaidDays")
      SELECT NEW."customerId", w."id", 0, 0, 0, 0, w."timezone", w."riskLatePaidDays" FROM "Workspace" AS w WHERE w."id" = NEW."workspaceId"
      ON CONFLICT ("customerId") DO NOTHING;
    PERFORM "remit_paying_record_add"(NEW."customerId", NEW."paidAt", NEW."issueDate", NEW."dueDate", 1);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Invoice_paying_record" AFTER INSERT OR DELETE OR UPDATE OF "status", "paidAt", "issueDate", "dueDate", "customerId" ON "Invoice"
  FOR EACH ROW EXECUTE FUNCTION "remit_paying_record_changed"();

-- The workspace's timezone or late threshold changed: every record of it is counted again under
-- the new settings. The records are held first, and counted in the next statement: a payment in
-- flight on one of them finishes first and is counted, one made after waits and adds itself
-- under the new settings.
CREATE FUNCTION "remit_paying_records_recounted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "PayingRecord" WHERE "workspaceId" = NEW."id" ORDER BY "customerId" FOR UPDATE;
  UPDATE "PayingRecord" AS r SET
    "paid" = COALESCE(c."paid", 0),
    "daysToPay" = COALESCE(c."daysToPay", 0),
    "paidLate" = COALESCE(c."paidLate", 0),
    "daysLate" = COALESCE(c."daysLate", 0),
    "timezone" = NEW."timezone",
    "latePaidDays" = NEW."riskLatePaidDays"
  FROM "PayingRecord" AS k
    LEFT JOIN "remit_paying_records"(NEW."id", NEW."timezone", NEW."riskLatePaidDays", NULL) AS c ON c."customerId" = k."customerId"
  WHERE k."customerId" = r."customerId" AND r."workspaceId" = NEW."id";
  RETURN NULL;
END $$;

CREATE TRIGGER "Workspace_paying_records" AFTER UPDATE OF "timezone", "riskLatePaidDays" ON "Workspace"
  FOR EACH ROW WHEN (OLD."timezone" IS DISTINCT FROM NEW."timezone" OR OLD."riskLatePaidDays" IS DISTINCT FROM NEW."riskLatePaidDays")
  EXECUTE FUNCTION "remit_paying_records_recounted"();

-- Every customer who has paid an invoice gets their record, counted under their workspace's settings.
INSERT INTO "PayingRecord" ("customerId", "workspaceId", "paid", "daysToPay", "paidLate", "daysLate", "timezone", "latePaidDays")
  SELECT r."customerId", w."id", r."paid", r."daysToPay", r."paidLate", r."daysLate", w."timezone", w."riskLatePaidDays"
  FROM "Workspace" AS w CROSS JOIN LATERAL "remit_paying_records"(w."id", w."timezone", w."riskLatePaidDays", NULL) AS r;
