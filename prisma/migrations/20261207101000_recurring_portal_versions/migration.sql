-- A client's portal also shows their recurring schedules' next invoices and their invoices'
-- instalments (docs/decisions/130, 131): a change to either bumps the customer's portal version,
-- as invoices and payments do (decision 115), so a kept portal home is never stale.
CREATE CONSTRAINT TRIGGER "RecurringSchedule_portal_version" AFTER INSERT OR UPDATE OR DELETE ON "RecurringSchedule"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "remit_portal_customer_row_changed"();
CREATE CONSTRAINT TRIGGER "Instalment_portal_version" AFTER INSERT OR UPDATE OR DELETE ON "Instalment"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "remit_portal_invoice_row_changed"();
