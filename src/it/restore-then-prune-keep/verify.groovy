def log = new File(basedir, 'build.log').text
assert log =~ /export DATABASE_URL=postgres:\/\/\S+\/itrpk_local_\d{8}/
assert log.contains('retention: ')
assert !log.contains('named by -Ddbrestore.database')
assert !log.contains(': only itrpk_local_')

def left = dev.dbrestore.testing.TestPg.databasesStartingWith(pghost, pgport, pguser, pgpassword, 'itrpk_')
// keep=1 keeps the copy just made
assert left.size() == 1 && left[0] ==~ /itrpk_local_\d{8}/ : left
dev.dbrestore.testing.TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, "itrpk_")
return true
