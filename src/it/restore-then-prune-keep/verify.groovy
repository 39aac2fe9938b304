def log = new File(basedir, 'build.log').text
assert log =~ /export DATABASE_URL=postgres:\/\/\S+\/itrpk_local_\d{8}/
assert log.contains('retention: ')
assert !log.contains('named by -Ddbrestore.database')
assert !log.contains(': only itrpk_local_')

def left = dev.dbrestore.testing.TestPg.databasesStartingWith(pghost, pgport, pguser, pgpassword, 'itrpk_')
// keep=1 keeps the copy just made
assert left.size() == 1 && left[0] ==~ /itrpk_local_\d{8}/ : left
// report.json for both goals of the one command line (issue 14): the restore's is kept beside the prune's
def mapper = new com.fasterxml.jackson.databind.ObjectMapper()
def reports = new File(basedir, 'target/dbrestore')
def restored = mapper.readTree(new File(reports, 'report-restore.json'))
assert restored.get('outcome').asText() == 'succeeded'
def pruned = mapper.readTree(new File(reports, 'report-prune.json'))
assert pruned.get('schema').asText() == 'dbrestore/report/v1'
assert pruned.get('outcome').asText() == 'succeeded'
def rows = pruned.get('prune').get(0).get('databases')
assert rows.find { it.get('database').asText() == left[0] }.get('action').asText() == 'kept'
assert mapper.readTree(new File(reports, 'report.json')).get('goal').asText() == 'prune'

dev.dbrestore.testing.TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, "itrpk_")
return true
