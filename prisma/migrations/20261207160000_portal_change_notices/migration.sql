-- Every change a client's portal could show ends in an update of its Customer or Workspace row
-- (their portal versions, decision 115). Tell the instances which row changed, as the
-- transaction commits, so each can forget what it kept of that customer or workspace
-- (decision 156): "Customer <id>" or "Workspace <id>" on the channel remit_portal.
CREATE FUNCTION "remit_portal_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('remit_portal', TG_TABLE_NAME || ' ' || OLD."id");
  RETURN NULL;
END $$;

CREATE TRIGGER "Workspace_portal_notify" AFTER UPDATE OR DELETE ON "Workspace"
  FOR EACH ROW EXECUTE FUNCTION "remit_portal_notify"();
CREATE TRIGGER "Customer_portal_notify" AFTER UPDATE OR DELETE ON "Customer"
  FOR EACH ROW EXECUTE FUNCTION "remit_portal_notify"();
