def log = new File(basedir, 'build.log').text
assert log =~ /export DATABASE_URL=postgres:\/\/\S+\/itboth_a_\d{8}\s/
assert log =~ /export DATABASE_URL=postgres:\/\/\S+\/itboth_b_\d{8}\s/
assert !log.contains('already exists')
assert log =~ /itboth_a_\d{8}\s+itboth\s+a\s+file:/
assert log =~ /itboth_b_\d{8}\s+itboth\s+b\s+file:/
assert log =~ /itboth_a_\d{8}_2\s+copy\s+.*dropped\s+restored by this build/
assert log =~ /itboth_b_\d{8}_2\s+copy\s+.*dropped\s+restored by this build/

def admin = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, "postgres")
try {
    def rs = admin.createStatement().executeQuery(
            "select datname from pg_database where datname like 'itboth\\_%' order by 1")
    def left = []
    while (rs.next()) { left << rs.getString(1) }
    assert left.size() == 2 && left[0] ==~ /itboth_a_\d{8}/ && left[1] ==~ /itboth_b_\d{8}/ : left
    // each copy holds its own profile in its provenance
    rs = admin.createStatement().executeQuery(
            "select d.datname, shobj_description(d.oid, 'pg_database') from pg_database d where d.datname like 'itboth\\_%' order by 1")
    rs.next(); assert rs.getString(2).contains('"profile" : "a"') || rs.getString(2).contains('"profile":"a"') : rs.getString(2)
    rs.next(); assert rs.getString(2).contains('"profile" : "b"') || rs.getString(2).contains('"profile":"b"') : rs.getString(2)
    left.each { admin.createStatement().execute("DROP DATABASE IF EXISTS \"${it}\" WITH (FORCE)") }
} finally {
    admin.close()
}
return true
