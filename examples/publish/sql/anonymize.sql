-- Example sanitization for the acme schema; replace with your own. Each file runs in its own transaction.
UPDATE auth_user SET
    email      = 'user' || id || '@example.invalid',
    username   = 'user' || id,
    first_name = 'First' || id,
    last_name  = 'Last' || id,
    password   = 'pbkdf2_sha256$600000$fixed$not-a-real-hash'
WHERE email NOT ILIKE '%customer%';
TRUNCATE django_session;
