def log = new File(basedir, 'build.log').text
// only the list prints the table row (the restore's own lines do not have this shape)
assert log =~ /itquiet_copy\s+itquiet\s+local\s+file:\S+acme-pg15\.dump/
assert log =~ /DATABASE\s+PROJECT\s+PROFILE/

def admin = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, "postgres")
try {
    admin.createStatement().execute('DROP DATABASE IF EXISTS itquiet_copy WITH (FORCE)')
} finally {
    admin.close()
}
return true
