def log = new File(basedir, 'build.log').text
assert log.contains('Maven runs offline (-o')
assert log.contains('url:http://127.0.0.1:9/backups/latest.dump is not contacted')
assert !log.contains('Connection refused')
assert !log.contains('connection refused')
def report = new File(basedir, 'target/dbrestore/report-restore.json').text
assert report.contains('"outcome" : "failed"')
return true
