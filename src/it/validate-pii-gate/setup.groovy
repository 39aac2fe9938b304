// The integration-test database as Flyway would leave it after V1 (customer) and V2 (gift_message).
import dev.dbrestore.testing.TestPg

TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, 'itgate_')
def sql = { String database, List<String> statements ->
    def c = TestPg.connect(pghost, pgport, pguser, pgpassword, database)
    try {
        statements.each { c.createStatement().execute(it) }
    } finally {
        c.close()
    }
}
sql('postgres', ['CREATE DATABASE itgate_app_schema'])
sql('itgate_app_schema', ['CREATE TABLE customer (id bigint PRIMARY KEY, email text NOT NULL, full_name text)',
                          'ALTER TABLE customer ADD COLUMN gift_message text'])
return true
