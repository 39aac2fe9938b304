def log = new File(basedir, 'build.log').text
assert log.contains('Skipping dbrestore:restore (dbrestore.skip=true)')
return true
