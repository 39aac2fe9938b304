import com.fasterxml.jackson.databind.ObjectMapper

def log = new File(basedir, 'build.log').text
def mapper = new ObjectMapper()
def parser = mapper.factory.createParser(log)
// the first thing on standard output is list's document: no Maven line, no table before it
def list = mapper.readTree(parser)
def backups = mapper.readTree(parser)
def rest = log.substring((int) parser.currentLocation.charOffset).trim()

assert list.get('schema').asText() == 'dbrestore/list/v1'
assert list.get('profile').asText() == 'local'
def copy = list.get('copies').find { it.get('database').asText() == 'itjson_copy' }
assert copy != null
assert copy.get('project').asText() == 'itjson'
assert copy.get('source').asText().endsWith('acme-pg15.dump')
assert copy.get('sizeBytes').asLong() > 0
assert copy.get('url').asText() ==~ /postgres:\/\/\w+@[^:]+:\d+\/itjson_copy/
assert copy.has('sanitizeHash') // present, null when not sanitized

assert backups.get('schema').asText() == 'dbrestore/backups/v1'
assert backups.get('backups').size() == 1
assert backups.get('backups').get(0).get('id').asText() == 'acme-pg15.dump'
assert backups.get('backups').get(0).get('usable').asBoolean()

// the last stage: the document in the file, the table (not JSON) on standard output
assert rest.startsWith('DATABASE')
assert !rest.contains('{')
def file = mapper.readTree(new File(basedir, 'target/copies.json'))
assert file.get('schema').asText() == 'dbrestore/list/v1'
assert file.get('copies').any { it.get('database').asText() == 'itjson_copy' }

// every goal writes report.json and report-<goal>.json; list's and backups' carry their document
def reports = new File(basedir, 'target/dbrestore')
def listReport = mapper.readTree(new File(reports, 'report-list.json'))
assert listReport.get('goal').asText() == 'list'
assert listReport.get('outcome').asText() == 'succeeded'
assert listReport.get('result').get('schema').asText() == 'dbrestore/list/v1'
def backupsReport = mapper.readTree(new File(reports, 'report-backups.json'))
assert backupsReport.get('result').get('backups').size() == 1
assert mapper.readTree(new File(reports, 'report-restore.json')).get('target').get('database').asText() == 'itjson_copy'
assert mapper.readTree(new File(reports, 'report.json')).get('goal').asText() == 'list' // the last goal's

def admin = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, "postgres")
try {
    admin.createStatement().execute('DROP DATABASE IF EXISTS itjson_copy WITH (FORCE)')
} finally {
    admin.close()
}
return true
