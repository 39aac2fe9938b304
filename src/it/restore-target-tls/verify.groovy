import dev.dbrestore.db.PgAdmin
import dev.dbrestore.db.ConnectionResolver
import dev.dbrestore.config.TargetSpec
import dev.dbrestore.testing.TlsPostgres

def dir = new File(basedir, 'tls')
try {
    def log = new File(basedir, 'build.log').text
    def port = new File(basedir, 'tls-port.txt').text
    def exported = (log =~ /export DATABASE_URL=(\S+)/)
    assert exported.size() == 2 : log
    exported.each { assert it[1] ==~ /postgres:\/\/postgres@localhost:${port}\/itls_local_\d{8}\?sslmode=verify-full&sslrootcert=%2F\S+root\.crt/ }
    assert log.contains('with the native engine') && log.contains('with the pg_restore engine')

    // the copy is there, reached again over verified TLS
    def url = new File(basedir, 'tls.properties').withReader { r -> def p = new Properties(); p.load(r); p.getProperty('tlsUrl') }
    def server = new ConnectionResolver([:], dir.toPath()).resolve(new TargetSpec(url, null, null, null, null, null))
    def name = (log =~ /Restored (itls_local_\d{8})/)[0][1]
    def c = PgAdmin.open(server, name)
    try {
        def rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
        rs.next()
        assert rs.getInt(1) == 16
        rs = c.createStatement().executeQuery('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')
        rs.next()
        assert rs.getBoolean(1)
    } finally {
        c.close()
    }
} finally {
    TlsPostgres.stop(dir.toPath())
}
return true
