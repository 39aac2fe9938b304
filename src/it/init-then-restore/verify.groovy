def log = new File(basedir, 'build.log').text
def yml = new File(basedir, 'restore-profiles.yml').text
assert yml.contains('project: init_then_restore')
assert yml.contains('acme-pg15.dump')
assert log.contains('Wrote ' + new File(basedir, 'restore-profiles.yml').absolutePath + '. Next: mvn dbrestore:restore')
assert log.contains('exists already and was left as it is (init never overwrites)')
assert log =~ /export DATABASE_URL=postgres:\/\/\S+\/init_then_restore_local_\d{8}/

def left = dev.dbrestore.testing.TestPg.databasesStartingWith(pghost, pgport, pguser, pgpassword, 'init_then_restore_')
assert left.size() == 1 : left
dev.dbrestore.testing.TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, "init_then_restore_")
return true
