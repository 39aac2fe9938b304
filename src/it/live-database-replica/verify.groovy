import dev.dbrestore.testing.TestPg

def connect(String database) {
    TestPg.connect(pghost, pgport, pguser, pgpassword, database)
}

def count(conn, String sql) {
    def rs = conn.createStatement().executeQuery(sql)
    rs.next()
    return rs.getLong(1)
}

try {
    def log = new File(basedir, 'build.log').text
    // backups: the one live "backup"; restore: the copy dated now, and the log says so
    assert log =~ /(?m)^\[INFO\]\s+live\s+.*\blive\s*$/
    assert log.contains("the copy's date is now")
    assert log.contains('database:postgres://livedb_it_reader@')
    assert !log.contains('livedb-it-reader-pw-31c9'): 'the reader password reached the build log'
    // the dry run connected and found pg_dump, and created nothing
    assert log.contains('Dry run: nothing was created or changed')

    def copies = TestPg.databasesStartingWith(pghost, pgport, pguser, pgpassword, 'livedb_replica_')
    assert copies.size() == 1: copies
    def today = java.time.LocalDate.now()
    assert copies[0] in [today, today.minusDays(1)].collect { 'livedb_replica_' + it.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE) }
    assert TestPg.databasesStartingWith(pghost, pgport, pguser, pgpassword, 'livedb_it_dry').isEmpty()

    def db = connect(copies[0])
    try {
        assert count(db, 'select count(*) from public.auth_user') == 500
        assert count(db, 'select count(*) from billing.invoice') == 600
        assert count(db, 'select count(*) from pg_largeobject_metadata') == 3
        assert count(db, "select count(*) from pg_class where oid = to_regclass('billing.refund')") == 0
        def comment = db.createStatement().executeQuery("select shobj_description(oid, 'pg_database') from pg_database where datname = current_database()")
        comment.next()
        assert comment.getString(1).contains('"source":"database:postgres://livedb_it_reader@')
        assert !comment.getString(1).contains('livedb-it-reader-pw-31c9')
    } finally {
        db.close()
    }
} finally {
    TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, 'livedb_')
    def admin = connect('postgres')
    try {
        admin.createStatement().execute('DROP ROLE IF EXISTS livedb_it_reader')
    } finally {
        admin.close()
    }
}
return true
