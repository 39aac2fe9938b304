def log = new File(basedir, 'build.log').text
def yml = new File(basedir, 'restore-profiles.yml').text
assert yml.contains('project: init_then_restore')
assert yml.contains('acme-pg15.dump')
assert log.contains('Wrote ' + new File(basedir, 'restore-profiles.yml').absolutePath + '. Next: mvn dbrestore:restore')
assert log.contains('exists already and was left as it is (init never overwrites)')
assert log =~ /export DATABASE_URL=postgres:\/\/\S+\/init_then_restore_local_\d{8}/

def admin = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, "postgres")
try {
    def rs = admin.createStatement().executeQuery("select datname from pg_database where datname like 'init\\_then\\_restore\\_%'")
    def left = []
    while (rs.next()) { left << rs.getString(1) }
    assert left.size() == 1 : left
    left.each { admin.createStatement().execute("DROP DATABASE IF EXISTS \"${it}\" WITH (FORCE)") }
} finally {
    admin.close()
}
return true
