// target: embedded in a project with no server: the restore started a PostgreSQL 18 (the dump's major)
// on 127.0.0.1:54318, the exported properties reach it, status shows it, the stop goal stops it.

def connect(String url, String password) {
    def p = new Properties()
    p.setProperty('user', 'postgres')
    p.setProperty('password', password)
    def c = new org.postgresql.Driver().connect(url, p)
    assert c != null
    return c
}

def log = new File(basedir, 'build.log').text
assert log.contains('Target: itembedded_local on postgres@127.0.0.1:54318')
assert log =~ /PostgreSQL 18 \(binaries 18\.\d+\.\d+-[a-z0-9-]+\): running on 127\.0\.0\.1:54318/
assert log.contains('itembedded_local')

def props = new Properties()
new File(basedir, 'target/exported.properties').withInputStream { props.load(it) }
assert props.getProperty('dbrestore.jdbcUrl') == 'jdbc:postgresql://127.0.0.1:54318/itembedded_local'
def password = props.getProperty('dbrestore.password')
assert password != null && password.length() >= 24
assert !log.contains(password)

def env = new File(basedir, '.env')
assert env.text.contains("DATABASE_URL=postgres://postgres:${password}@127.0.0.1:54318/itembedded_local")
assert java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(env.toPath())) == 'rw-------'

def c = connect(props.getProperty('dbrestore.jdbcUrl'), password)
try {
    def rs = c.createStatement().executeQuery("select current_setting('server_version_num')::int / 10000, (select count(*) from public.auth_user), (select count(*) from billing.invoice)")
    rs.next()
    assert rs.getInt(1) == 18
    assert rs.getInt(2) == 500
    assert rs.getInt(3) == 600
} finally {
    c.close()
}

// the stop goal, as a user runs it after the build
def mvn = new ProcessBuilder('mvn', '-B', '-o', '-llr', "-Dmaven.repo.local=${localRepositoryPath}", '-f',
        new File(basedir, 'pom.xml').path, "${pluginCoordinates}:stop")
        .redirectErrorStream(true).start()
def out = mvn.inputStream.text
assert mvn.waitFor() == 0 : out
assert out.contains('Stopped the embedded PostgreSQL 18')
try {
    connect(props.getProperty('dbrestore.jdbcUrl'), password).close()
    assert false : 'the server still answers after dbrestore:stop'
} catch (java.sql.SQLException expected) {
    assert expected.SQLState == '08001'
}
return true
