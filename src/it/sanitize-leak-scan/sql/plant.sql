-- a careless step of a real anonymize.sql: it copies a customer's e-mail into an audit payload
UPDATE event_log SET payload = payload || jsonb_build_object('contact', (SELECT email FROM auth_user WHERE id = 7))
 WHERE id = (SELECT min(id) FROM event_log);
