dev.dbrestore.testing.TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, "restore_one_off_file_")
return true
