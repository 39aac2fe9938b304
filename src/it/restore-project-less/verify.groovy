def connect(String database) {
    dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, database)
}


def log = new File(basedir, 'build.log').text
assert log.contains('export DATABASE_URL=postgres://')
assert new File(basedir, '.dbrestore/report.json').isFile()
def c = connect("itnopom_copy")
try {
    def rs = c.createStatement().executeQuery('select count(*) from public.store_transaction')
    rs.next()
    assert rs.getInt(1) == 1000
} finally { c.close() }
def admin = connect("postgres")
try { admin.createStatement().execute('DROP DATABASE IF EXISTS itnopom_copy WITH (FORCE)') } finally { admin.close() }
return true
