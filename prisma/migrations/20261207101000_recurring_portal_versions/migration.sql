-- A client's portal also shows their recurring schedules' next invoices and their invoices'
-- instalments (docs/decisions/130, 131): a change to either bumps the customer's portal version,
-- as invoices and payments do (decision 115), so a kept portal home is never stale.
CREATE FUNCTION "remit_schedule_changed_for_portal"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Customer" SET "portalVersion" = "portalVersion" + 1
  WHERE "id" IN (CASE WHEN TG_OP = 'DELETE' THEN OLD."customerId" ELSE NEW."customerId" END, CASE WHEN TG_OP = 'UPDATE' THEN OLD."customerId" END);
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER "RecurringSchedule_portal_version" AFTER INSERT OR UPDATE OR DELETE ON "RecurringSchedule"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "remit_schedule_changed_for_portal"();

CREATE FUNCTION "remit_instalment_changed_for_portal"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Customer" SET "portalVersion" = "portalVersion" + 1
  WHERE "id" IN (SELECT "customerId" FROM "Invoice" WHERE "id" = CASE WHEN TG_OP = 'DELETE' THEN OLD."invoiceId" ELSE NEW."invoiceId" END);
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER "Instalment_portal_version" AFTER INSERT OR UPDATE OR DELETE ON "Instalment"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "remit_instalment_changed_for_portal"();
