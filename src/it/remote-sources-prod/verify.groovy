import dev.dbrestore.testing.ItRemoteServers

def connect(String database) {
    dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, database)
}

def count(conn, String sql) {
    def rs = conn.createStatement().executeQuery(sql)
    rs.next()
    return rs.getLong(1)
}

try {
    def log = new File(basedir, 'build.log').text
    // backups goal: newest first, the failed one shown as failed, the restore transfer left out
    assert log =~ /(?s)b003.*failed.*b002.*b001/
    assert !(log =~ /\bb004\b/)
    // restore: the newest successful backup (b002, finished 2026-06-02), named after its archive header (made 2026-11-28), heroku_ext handled
    assert log.contains('Named after the dump\'s creation time in its archive header')
    assert log.contains('acme_prod_20261128')
    // the S3 listing shows both dumps, not the README the glob excludes
    assert log.contains('prod/acme-2026-06-11.dump') && log.contains('prod/acme-2026-06-10.dump')
    assert !log.contains('prod/README.txt')
    assert log.contains('acme_archive_20261128')

    ItRemoteServers.secrets().each { secret ->
        assert !log.contains(secret): "a secret reached the build log"
    }
    assert !log.contains('X-Amz-Signature=')

    // rows as the fixture README gives them; newsletter_subscriber is the table a plain
    // pg_restore of the Heroku dump loses
    ['acme_prod_20261128', 'acme_archive_20261128'].each { name ->
        def db = connect(name)
        try {
            assert count(db, 'select count(*) from public.auth_user') == 500
            assert count(db, 'select count(*) from public.newsletter_subscriber') == 300
            assert count(db, 'select count(*) from public."Order Items"') == 1500
            assert count(db, 'select count(*) from billing.invoice') == 600
        } finally {
            db.close()
        }
    }
    def admin = connect('postgres')
    try {
        assert count(admin, "select count(*) from pg_database where datname like 'acme\\_%\\_\\_%'") == 0 // no staging left
        ['acme_prod_20261128', 'acme_archive_20261128'].each {
            admin.createStatement().execute("DROP DATABASE IF EXISTS \"${it}\" WITH (FORCE)")
        }
    } finally {
        admin.close()
    }
} finally {
    ItRemoteServers.stop()
}
return true
