import dev.dbrestore.testing.TestPg
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher

// a role only this IT knows the password of, and that password only in settings.xml, encrypted
def role = 'it_serverid_login'
def password = UUID.randomUUID().toString()
def master = UUID.randomUUID().toString()
TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, 'itserverid_')
def c = TestPg.connect(pghost, pgport, pguser, pgpassword, 'postgres')
try {
    c.createStatement().execute("DROP ROLE IF EXISTS " + role)
    c.createStatement().execute("CREATE ROLE " + role + " LOGIN SUPERUSER PASSWORD '" + password + "'")
} finally {
    c.close()
}
def cipher = new DefaultPlexusCipher()
// mvn --encrypt-master-password: the master password encrypted with the passphrase "settings.security"
def security = new File(basedir, 'settings-security.xml')
security.text = '<settingsSecurity><master>' + cipher.encryptAndDecorate(master, DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION) +
        '</master></settingsSecurity>\n'
// mvn --encrypt-password: the server's password encrypted with the master password
def props = new Properties()
props.setProperty('itTargetPassword', cipher.encryptAndDecorate(password, master))
props.setProperty('settings.security', security.absolutePath)
new File(basedir, 'login.properties').withWriter { props.store(it, null) }
return true
