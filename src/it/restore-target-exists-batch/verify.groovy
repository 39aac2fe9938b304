def connect(String database) {
    dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, database)
}


def log = new File(basedir, 'build.log').text
assert log.contains('Database itexists_copy already exists. It was left untouched.')
assert log.contains('-Ddbrestore.onExists=overwrite')
assert log =~ /itexists_copy\s+itexists\s+local\s+file:\S+acme-pg15\.dump/
assert log.contains('Replaced the previous itexists_copy')
assert !log.contains('pw-for-tests-only')

def admin = connect("postgres")
try {
    admin.createStatement().execute('DROP DATABASE IF EXISTS itexists_copy WITH (FORCE)')
} finally {
    admin.close()
}
return true
