def connect(String database) {
    dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, database)
}

def log = new File(basedir, 'build.log').text
assert log.contains("Profile 'prod' is sensitive: it cannot be restored without sanitization")
assert log =~ /itsan_prod_acme_pg15_dump\s+itsan\s+prod\s+\S+\s+\S+ \S+ UTC\s+\S+ \S+ UTC\s+\S+ \S+\s+yes/
assert log.contains('sanitize failed in sql/broken.sql line 3')

def admin = connect('postgres')
try {
    def names = []
    def rs = admin.createStatement().executeQuery("select datname from pg_database where datname like 'itsan_%'")
    while (rs.next()) { names << rs.getString(1) }
    assert names == ['itsan_prod_acme_pg15_dump'] : "left behind: ${names}"
    def c = connect('itsan_prod_acme_pg15_dump')
    try {
        rs = c.createStatement().executeQuery("select count(*) from auth_user where email not like '%@example.invalid' and email not ilike '%customer%'")
        rs.next()
        assert rs.getInt(1) == 0
    } finally { c.close() }
    admin.createStatement().execute('DROP DATABASE IF EXISTS itsan_prod_acme_pg15_dump WITH (FORCE)')
} finally { admin.close() }
return true
