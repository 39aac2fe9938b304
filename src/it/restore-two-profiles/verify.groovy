def log = new File(basedir, 'build.log').text
assert log =~ /export DATABASE_URL=postgres:\/\/\S+\/itboth_a_\d{8}\s/
assert log =~ /export DATABASE_URL=postgres:\/\/\S+\/itboth_b_\d{8}\s/
assert !log.contains('already exists')
assert log =~ /itboth_a_\d{8}\s+itboth\s+a\s+file:/
assert log =~ /itboth_b_\d{8}\s+itboth\s+b\s+file:/
assert log =~ /itboth_a_\d{8}_2\s+copy\s+.*dropped\s+restored by this build/
assert log =~ /itboth_b_\d{8}_2\s+copy\s+.*dropped\s+restored by this build/

def left = dev.dbrestore.testing.TestPg.databasesStartingWith(pghost, pgport, pguser, pgpassword, 'itboth_')
assert left.size() == 2 && left[0] ==~ /itboth_a_\d{8}/ && left[1] ==~ /itboth_b_\d{8}/ : left
// each copy holds its own profile in its provenance
def admin = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, "postgres")
try {
    def rs = admin.createStatement().executeQuery(
            "select shobj_description(d.oid, 'pg_database') from pg_database d where d.datname like 'itboth\\_%' order by d.datname")
    rs.next(); assert rs.getString(1).replace(' ', '').contains('"profile":"a"') : rs.getString(1)
    rs.next(); assert rs.getString(1).replace(' ', '').contains('"profile":"b"') : rs.getString(1)
} finally {
    admin.close()
}
dev.dbrestore.testing.TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, 'itboth_')
return true
