def log = new File(basedir, 'build.log').text
assert log.contains('restore-profiles.yml:5:5')
assert log.contains("did you mean 'sanitize'?")
assert !log.contains('at org.yaml')
return true
