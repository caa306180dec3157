-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "portalVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "portalVersion" INTEGER NOT NULL DEFAULT 0;

-- What a client's portal shows changes only through these rows; the database bumps the
-- versions itself, so no writer can forget to (decision 115). The bumps of a transaction run
-- as it commits (deferred), which holds the customer's row for a moment rather than for the
-- whole transaction.
CREATE FUNCTION "remit_bump_own_portal_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."portalVersion" = OLD."portalVersion" THEN
    NEW."portalVersion" := OLD."portalVersion" + 1;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "Workspace_portal_version" BEFORE UPDATE ON "Workspace"
  FOR EACH ROW EXECUTE FUNCTION "remit_bump_own_portal_version"();
CREATE TRIGGER "Customer_portal_version" BEFORE UPDATE ON "Customer"
  FOR EACH ROW EXECUTE FUNCTION "remit_bump_own_portal_version"();

-- A row that belongs to a customer (its "customerId"), to an invoice ("invoiceId") or to a
-- workspace ("workspaceId") changed: bump the version of whose portal shows it. Tables added
-- later that a portal page reads get one of these triggers in their own migration.
CREATE FUNCTION "remit_portal_customer_row_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE "Customer" SET "portalVersion" = "portalVersion" + 1 WHERE "id" = OLD."customerId";
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."customerId" <> OLD."customerId") THEN
    UPDATE "Customer" SET "portalVersion" = "portalVersion" + 1 WHERE "id" = NEW."customerId";
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "remit_portal_invoice_row_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Customer" SET "portalVersion" = "portalVersion" + 1
  WHERE "id" IN (SELECT "customerId" FROM "Invoice" WHERE "id" IN (
    CASE WHEN TG_OP = 'DELETE' THEN OLD."invoiceId" ELSE NEW."invoiceId" END,
    CASE WHEN TG_OP = 'UPDATE' THEN OLD."invoiceId" END));
  RETURN NULL;
END $$;

CREATE FUNCTION "remit_portal_workspace_row_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Workspace" SET "portalVersion" = "portalVersion" + 1
  WHERE "id" = CASE WHEN TG_OP = 'DELETE' THEN OLD."workspaceId" ELSE NEW."workspaceId" END;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER "Invoice_portal_version" AFTER INSERT OR UPDATE OR DELETE ON "Invoice"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "remit_portal_customer_row_changed"();
CREATE CONSTRAINT TRIGGER "Payment_portal_version" AFTER INSERT OR UPDATE OR DELETE ON "Payment"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "remit_portal_invoice_row_changed"();
CREATE CONSTRAINT TRIGGER "CheckoutAttempt_portal_version" AFTER INSERT OR UPDATE OR DELETE ON "CheckoutAttempt"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "remit_portal_customer_row_changed"();
CREATE CONSTRAINT TRIGGER "StripeAccount_portal_version" AFTER INSERT OR UPDATE OR DELETE ON "StripeAccount"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "remit_portal_workspace_row_changed"();
