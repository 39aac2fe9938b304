def log = new File(basedir, 'build.log').text
try {
    // 1: bound to verify, read the TOC of the fixture dump, passed
    assert log.contains('dbrestore-maven-plugin') && log.contains(':validate (pii-gate)')
    assert log.contains('Read the archive header and TOC of backup acme-pg17.dump')
    assert log.contains('Profile prod is valid')
    // 2: one line naming the forgotten column, and nothing else
    assert log.contains('dbrestore:validate found 1 problem(s) in profile \'forgot-email\'')
    assert log.contains('unmasked-column: public.auth_user.email: character varying(254)')
    // 2 also wrote its findings as JSON (-Ddbrestore.outputFile), failing or not
    def doc = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/validate.json'))
    assert doc.schema == 'dbrestore/validate/v1' && doc.profile == 'forgot-email' && doc.passed == false
    assert doc.findings*.subject == ['public.auth_user.email'] && doc.findings[0].kind == 'unmasked-column'
    // 3: the column the migration added, checked against the live schema database
    assert log.contains('unmasked-column: public.customer.gift_message: text')
    assert !log.contains('public.customer.email:')
    assert !log.contains(pgpassword)
} finally {
    dev.dbrestore.testing.TestPg.dropDatabasesStartingWith(pghost, pgport, pguser, pgpassword, 'itgate_')
}
return true
