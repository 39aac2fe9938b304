import dev.dbrestore.testing.TestPg

// The "replica": acme restored into livedb_it_source, read by a role that can read everything
// (pg_read_all_data, BYPASSRLS for billing.invoice's policy, SELECT on the large objects).
TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, 'livedb_')
def admin = TestPg.connect(pghost, pgport, pguser, pgpassword, 'postgres')
try {
    def st = admin.createStatement()
    st.execute("DROP ROLE IF EXISTS livedb_it_reader")
    st.execute("CREATE ROLE livedb_it_reader LOGIN BYPASSRLS PASSWORD 'livedb-it-reader-pw-31c9' IN ROLE pg_read_all_data")
    ['acme_owner', 'app_reader'].each {
        st.execute("DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${it}') THEN CREATE ROLE ${it}; END IF; END\$\$")
    }
    st.execute("CREATE DATABASE livedb_it_source TEMPLATE template0")
} finally {
    admin.close()
}
def pb = new ProcessBuilder('pg_restore', '--dbname=livedb_it_source', "${fixtures}/acme/acme-pg15.dump".toString())
pb.environment().putAll([PGHOST: pghost, PGPORT: pgport, PGUSER: pguser, PGPASSWORD: pgpassword])
def restore = pb.redirectErrorStream(true).start()
def out = restore.inputStream.text
assert restore.waitFor() == 0: out
def source = TestPg.connect(pghost, pgport, pguser, pgpassword, 'livedb_it_source')
try {
    source.createStatement().execute("DO \$\$DECLARE o oid; BEGIN FOR o IN SELECT oid FROM pg_largeobject_metadata LOOP "
            + "EXECUTE format('GRANT SELECT ON LARGE OBJECT %s TO livedb_it_reader', o); END LOOP; END\$\$")
} finally {
    source.close()
}
return true
