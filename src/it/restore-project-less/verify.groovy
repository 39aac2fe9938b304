import java.sql.DriverManager

def log = new File(basedir, 'build.log').text
assert log.contains('export DATABASE_URL=postgres://')
assert new File(basedir, '.dbrestore/report.json').isFile()
def env = System.getenv()
def c = DriverManager.getConnection("jdbc:postgresql://${env.PGHOST}:${env.PGPORT}/itnopom_copy", env.PGUSER, env.PGPASSWORD)
try {
    def rs = c.createStatement().executeQuery('select count(*) from public.store_transaction')
    rs.next()
    assert rs.getInt(1) == 1000
} finally { c.close() }
def admin = DriverManager.getConnection("jdbc:postgresql://${env.PGHOST}:${env.PGPORT}/postgres", env.PGUSER, env.PGPASSWORD)
try { admin.createStatement().execute('DROP DATABASE IF EXISTS itnopom_copy WITH (FORCE)') } finally { admin.close() }
return true
