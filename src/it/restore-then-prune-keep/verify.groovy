def log = new File(basedir, 'build.log').text
assert log =~ /export DATABASE_URL=postgres:\/\/\S+\/itrpk_local_\d{8}/
assert log.contains('retention: ')
assert !log.contains('named by -Ddbrestore.database')
assert !log.contains(': only itrpk_local_')

def admin = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, "postgres")
try {
    def rs = admin.createStatement().executeQuery(
            "select datname from pg_database where datname like 'itrpk\\_%' order by 1")
    def left = []
    while (rs.next()) { left << rs.getString(1) }
    // keep=1 keeps the copy just made
    assert left.size() == 1 && left[0] ==~ /itrpk_local_\d{8}/ : left
    left.each { admin.createStatement().execute("DROP DATABASE IF EXISTS \"${it}\" WITH (FORCE)") }
} finally {
    admin.close()
}
return true
