def log = new File(basedir, 'build.log').text
// twice green, once the IT failed on purpose
assert log.count('CopyIT connected to jdbc:postgresql://') == 2
assert log.count('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') >= 2
assert log.contains('failing on purpose')
assert !log.contains('already exists')
// prune dropped this build's copy each time, the failing run included
assert (log =~ /itsnippet_ci_\d{8}\s+copy\s+.*dropped\s+restored by this build/).size() == 3

def admin = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, "postgres")
try {
    def rs = admin.createStatement().executeQuery("select datname from pg_database where datname like 'itsnippet\\_%'")
    def left = []
    while (rs.next()) { left << rs.getString(1) }
    assert left.isEmpty() : left
} finally {
    admin.close()
}
return true
