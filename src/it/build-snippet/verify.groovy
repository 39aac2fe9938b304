def log = new File(basedir, 'build.log').text
// twice green, once the IT failed on purpose
assert log.count('CopyIT connected to jdbc:postgresql://') == 2
assert log.count('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') >= 2
assert log.contains('failing on purpose')
assert !log.contains('already exists')
// prune dropped this build's copy each time, the failing run included
assert (log =~ /itsnippet_ci_\d{8}\s+copy\s+.*dropped\s+restored by this build/).size() == 3

def left = dev.dbrestore.testing.TestPg.databasesStartingWith(pghost, pgport, pguser, pgpassword, 'itsnippet_')
assert left.isEmpty() : left
dev.dbrestore.testing.TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, "itsnippet_")
return true
