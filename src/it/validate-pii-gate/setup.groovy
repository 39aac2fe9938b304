// The integration-test database as Flyway would leave it after V1 (customer) and V2 (gift_message).
def admin = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, 'postgres')
try {
    admin.createStatement().execute('DROP DATABASE IF EXISTS itgate_app_schema WITH (FORCE)')
    admin.createStatement().execute('CREATE DATABASE itgate_app_schema')
} finally {
    admin.close()
}
def db = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, 'itgate_app_schema')
try {
    db.createStatement().execute('CREATE TABLE customer (id bigint PRIMARY KEY, email text NOT NULL, full_name text)')
    db.createStatement().execute('ALTER TABLE customer ADD COLUMN gift_message text')
} finally {
    db.close()
}
return true
