-- Tables that came with credit notes and client questions are shown on an invoice's portal
-- page: a change to them bumps the customer's portal version too (decision 115).
CREATE CONSTRAINT TRIGGER "CreditNote_portal_version" AFTER INSERT OR UPDATE OR DELETE ON "CreditNote"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "remit_portal_invoice_row_changed"();
CREATE CONSTRAINT TRIGGER "InvoiceMessage_portal_version" AFTER INSERT OR UPDATE OR DELETE ON "InvoiceMessage"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "remit_portal_customer_row_changed"();
