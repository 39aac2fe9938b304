new File(basedir, "restore-profiles.yml").delete() // a clone left by an earlier run (cloneClean is off)
def admin = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, "postgres")
try {
    def rs = admin.createStatement().executeQuery("select datname from pg_database where datname like 'init\\_then\\_restore\\_%'")
    def names = []
    while (rs.next()) { names << rs.getString(1) }
    names.each { admin.createStatement().execute("DROP DATABASE IF EXISTS \"${it}\" WITH (FORCE)") }
} finally {
    admin.close()
}
return true
