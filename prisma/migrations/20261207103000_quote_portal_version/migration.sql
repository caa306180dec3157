-- The portal home lists a client's open quotes: a quote made, answered, expired or withdrawn
-- changes what it shows, so it bumps its customer's portal version as invoices do (decisions 115, 120).
CREATE CONSTRAINT TRIGGER "Quote_portal_version" AFTER INSERT OR UPDATE OR DELETE ON "Quote"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "remit_portal_customer_row_changed"();
