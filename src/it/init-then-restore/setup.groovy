new File(basedir, "restore-profiles.yml").delete() // a clone left by an earlier run (cloneClean is off)
dev.dbrestore.testing.TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, "init_then_restore_")
return true
