import dev.dbrestore.testing.TestPg

def log = new File(basedir, 'build.log').text
assert log =~ /Target: itserverid_local_\d{8} on it_serverid_login@/
assert log.contains('BUILD SUCCESS')

// the copy belongs to the settings.xml login, not to PGUSER of the environment
def copies = TestPg.databasesStartingWith(pghost, pgport, pguser, pgpassword, 'itserverid_')
assert copies.size() == 1 : copies
def c = TestPg.connect(pghost, pgport, pguser, pgpassword, 'postgres')
try {
    def rs = c.createStatement().executeQuery("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '" + copies[0] + "'")
    rs.next()
    assert rs.getString(1) == 'it_serverid_login'
} finally {
    c.close()
}
TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, 'itserverid_')
def d = TestPg.connect(pghost, pgport, pguser, pgpassword, 'postgres')
try {
    d.createStatement().execute('DROP ROLE IF EXISTS it_serverid_login')
} finally {
    d.close()
}
return true
