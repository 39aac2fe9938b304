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
    // publish: restored into a scratch database, sanitized, uploaded with its manifest, scratch dropped
    assert log.contains('Published acme-prod-publish-20261128T0410Z.dump')
    assert log.contains('acme-prod-publish-20261128T0410Z.manifest.json')
    assert log =~ /Dropped the scratch database acme_prod_publish__publish_[0-9a-f]{8}/
    // the developer's copy is named after the production backup's date, not the upload's
    assert log.contains('acme_dev_20261128')

    ItRemoteServers.secrets().each { secret ->
        assert !log.contains(secret): "a secret reached the build log"
    }
    assert !log.contains('X-Amz-Signature=')

    def db = connect('acme_dev_20261128')
    try {
        assert count(db, 'select count(*) from public.auth_user') == 500
        assert count(db, 'select count(*) from public."Order Items"') == 1500
        assert count(db, "select count(*) from auth_user where email not like '%@example.invalid' and email not ilike '%customer%'") == 0
    } finally {
        db.close()
    }
    def admin = connect('postgres')
    try {
        assert count(admin, "select count(*) from pg_database where datname like 'acme\\_prod\\_publish\\_\\_publish\\_%'") == 0
        admin.createStatement().execute('DROP DATABASE IF EXISTS acme_dev_20261128 WITH (FORCE)')
    } finally {
        admin.close()
    }
} finally {
    ItRemoteServers.stop()
}
return true
