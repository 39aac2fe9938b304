def connect(String database) {
    dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, database)
}

def log = new File(basedir, 'build.log').text
assert log.contains('Kept this backup as the template t_life_it_local__tpl_')
assert log.contains('Cloned t_life_it_b__restoring from the template')
assert log =~ /t_life_it_a\s+copy\s+.*would drop\s+beyond the newest 1/
assert log.contains('Dry run: would free')
assert log =~ /t_life_it_a\s+copy\s+.*dropped\s+beyond the newest 1/
assert log =~ /t_life_it_b\s+copy\s+.*dropped\s+named by -Ddbrestore.database/
assert log.contains('Database postgres was not made by dbrestore')

def admin = connect("postgres")
try {
    def rs = admin.createStatement().executeQuery(
            "select datname from pg_database where datname like 't\\_life\\_it\\_%' order by 1")
    def left = []
    while (rs.next()) {
        left << rs.getString(1)
    }
    // only the template remains, kept by prune as the profile's newest
    assert left.size() == 1 && left[0].startsWith('t_life_it_local__tpl_') : left
    left.each { admin.createStatement().execute("DROP DATABASE IF EXISTS \"${it}\" WITH (FORCE)") }
} finally {
    admin.close()
}
return true
