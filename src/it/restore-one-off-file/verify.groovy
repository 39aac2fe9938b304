def log = new File(basedir, 'build.log').text
assert !new File(basedir, 'restore-profiles.yml').exists()
assert log.contains('One-off restore of ')
assert log =~ /export DATABASE_URL=postgres:\/\/\S+\/restore_one_off_file_local_\d{8}/

def admin = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, "postgres")
try {
    def rs = admin.createStatement().executeQuery("select datname from pg_database where datname like 'restore\\_one\\_off\\_file\\_%'")
    def left = []
    while (rs.next()) { left << rs.getString(1) }
    assert left.size() == 1 : left
    def c = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, left[0])
    try {
        def r = c.createStatement().executeQuery('select count(*) from public.auth_user')
        r.next()
        assert r.getInt(1) == 500
    } finally {
        c.close()
    }
    left.each { admin.createStatement().execute("DROP DATABASE IF EXISTS \"${it}\" WITH (FORCE)") }
} finally {
    admin.close()
}
return true
