def connect(String database) {
    dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, database)
}


def log = new File(basedir, 'build.log').text
assert log.contains('Backup: acme-pg15.dump from file:')
assert log =~ /export DATABASE_URL=postgres:\/\/\S+\/itbasic_local_\d{8}/

def props = new Properties()
new File(basedir, 'target/exported.properties').withInputStream { props.load(it) }
def db = props.getProperty('dbrestore.restoredDatabase')
assert props.getProperty('dbrestore.database') == null
assert db ==~ /itbasic_local_\d{8}/
assert props.getProperty('dbrestore.jdbcUrl').endsWith('/' + db)
assert props.getProperty('dbrestore.url').endsWith('/' + db)

def report = new File(basedir, 'target/dbrestore/report.json').text
assert report.contains('"outcome" : "succeeded"')

def c = connect(db)
try {
    def rs = c.createStatement().executeQuery('select count(*) from public.auth_user')
    rs.next()
    assert rs.getInt(1) == 500
    rs = c.createStatement().executeQuery('select count(*) from billing.invoice')
    rs.next()
    assert rs.getInt(1) == 600
} finally {
    c.close()
}
def admin = connect("postgres")
try {
    admin.createStatement().execute("DROP DATABASE IF EXISTS \"${db}\" WITH (FORCE)")
} finally {
    admin.close()
}
return true
