// Start the Heroku mimic and the S3 server in the invoker's JVM; point the YAML at them.
def urls = dev.dbrestore.testing.ItRemoteServers.start(basedir.toPath(), java.nio.file.Path.of(fixtures))
def yml = new File(basedir, 'restore-profiles.yml')
yml.text = yml.text.replace('HEROKU_API_URL', urls[0]).replace('S3_ENDPOINT', urls[1])

def admin = dev.dbrestore.testing.TestPg.connect(pghost, pgport, pguser, pgpassword, 'postgres')
try {
    ['acme_prod_20261128', 'acme_archive_20261128'].each {
        admin.createStatement().execute("DROP DATABASE IF EXISTS \"${it}\" WITH (FORCE)")
    }
} finally {
    admin.close()
}
return true
