def log = new File(basedir, 'build.log').text
assert !new File(basedir, 'restore-profiles.yml').exists()
assert log.contains('One-off restore of ')
assert log =~ /export DATABASE_URL=postgres:\/\/\S+\/restore_one_off_file_local_\d{8}/

def left = dev.dbrestore.testing.TestPg.databasesStartingWith(pghost, pgport, pguser, pgpassword, 'restore_one_off_file_')
assert left.size() == 1 : left
def c = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, left[0])
try {
    def r = c.createStatement().executeQuery('select count(*) from public.auth_user')
    r.next()
    assert r.getInt(1) == 500
} finally {
    c.close()
}
dev.dbrestore.testing.TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, "restore_one_off_file_")
return true
