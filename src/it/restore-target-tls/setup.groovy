import dev.dbrestore.testing.TlsPostgres

def dir = new File(basedir, 'tls')
dir.mkdirs()
def server = TlsPostgres.start(dir.toPath())
def props = new Properties()
props.setProperty('tlsUrl', server.verifyFullUrl('postgres'))
new File(basedir, 'tls.properties').withWriter { props.store(it, null) }
new File(basedir, 'tls-port.txt').text = server.port().toString()
return true
