// The S3 server in the invoker's JVM, the production backup as a file, the sanitize scripts.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.FileTime
import java.time.Instant

def urls = dev.dbrestore.testing.ItRemoteServers.start(basedir.toPath(), Path.of(fixtures))
def yml = new File(basedir, 'restore-profiles.yml')
yml.text = yml.text.replace('S3_ENDPOINT', urls[1])

def acme = Path.of(fixtures).resolve('acme')
def backups = Files.createDirectories(basedir.toPath().resolve('backups'))
def backup = backups.resolve('acme-nightly.dump')
Files.copy(acme.resolve('acme-pg15.dump'), backup)
Files.setLastModifiedTime(backup, FileTime.from(Instant.parse('2026-11-28T04:10:00Z')))
def sql = Files.createDirectories(basedir.toPath().resolve('sql'))
Files.copy(acme.resolve('anonymize.sql'), sql.resolve('anonymize.sql'))
Files.writeString(sql.resolve('usernames.sql'), "UPDATE auth_user SET username = 'user' || id;\n")

def admin = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, 'postgres')
try {
    admin.createStatement().execute('DROP DATABASE IF EXISTS acme_dev_20261128 WITH (FORCE)')
} finally {
    admin.close()
}
return true
