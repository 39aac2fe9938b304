package dev.dbrestore.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.dbrestore.config.Yamls.errorOf;
import static dev.dbrestore.config.Yamls.profile;
import static org.assertj.core.api.Assertions.assertThat;

/** Every mistake is one message naming file, line and column (1-based) and what to write instead. */
class ConfigLoaderErrorsTest {

    @Test
    void anUnknownKeySuggestsTheNearMiss() {
        String message = errorOf("""
                profiles:
                  prod:
                    source: { file: a.dump }
                    sanitise: [a.sql]
                """);

        assertThat(message).isEqualTo("restore-profiles.yml:4:5: unknown key 'sanitise' in 'profiles.prod'; did you mean 'sanitize'?");
    }

    @Test
    void anUnknownKeyInASourceSuggestsTheNearMiss() {
        assertThat(errorOf(profile("source:\n  s3: { bucket: b, prefx: prod/ }")))
                .isEqualTo("restore-profiles.yml:4:24: unknown key 'prefx' in 'profiles.p.source.s3'; did you mean 'prefix'?");
    }

    @Test
    void anUnknownKeyWithoutNearMissListsTheAllowedKeys() {
        assertThat(errorOf(profile("source:\n  heroku: { app: a, colour: blue }")))
                .isEqualTo("restore-profiles.yml:4:25: unknown key 'colour' in 'profiles.p.source.heroku'; "
                        + "expected one of: app, backup, serverId, apiUrl, capture, captureTimeout");
    }

    @Test
    void aKeyInTheWrongPlaceSaysWhereItBelongs() {
        assertThat(errorOf("publish: { s3: { bucket: b } }\n" + profile("source: { file: a.dump }")))
                .isEqualTo("restore-profiles.yml:1:1: unknown key 'publish' in the top level; "
                        + "'publish' belongs inside a profile (profiles: <name>: publish: ...)");
        assertThat(errorOf(profile("source: { file: a.dump }\nproject: acme")))
                .isEqualTo("restore-profiles.yml:4:5: unknown key 'project' in 'profiles.p'; "
                        + "'project' belongs at the top level of the file, not in a profile");
    }

    @Test
    void wrongTypesSayWhatIsExpected() {
        assertThat(errorOf("target: [a, b]\n" + profile("source: { file: a.dump }")))
                .isEqualTo("restore-profiles.yml:1:9: 'target' must be a map (key: value lines), got a list");
        assertThat(errorOf("prune:\n  keep: three\n" + profile("source: { file: a.dump }")))
                .isEqualTo("restore-profiles.yml:2:9: 'prune.keep' must be a whole number, got 'three'");
        assertThat(errorOf("prune: { keep: -1 }\n" + profile("source: { file: a.dump }")))
                .isEqualTo("restore-profiles.yml:1:16: 'prune.keep' must be at least 0, got -1");
        assertThat(errorOf("autoPrune: sometimes\n" + profile("source: { file: a.dump }")))
                .isEqualTo("restore-profiles.yml:1:12: 'autoPrune' must be true or false, got 'sometimes'");
        assertThat(errorOf("prune: { olderThan: soon }\n" + profile("source: { file: a.dump }")))
                .isEqualTo("restore-profiles.yml:1:21: 'prune.olderThan' must be a duration like 30d, 12h, 90m, 2w or 1d12h, got 'soon'");
        assertThat(errorOf("target: { port: 70000 }\n" + profile("source: { file: a.dump }")))
                .isEqualTo("restore-profiles.yml:1:17: 'target.port' must be a port number (1-65535), got 70000");
        assertThat(errorOf(profile("source: { file: a.dump }\nverify: { q: 1 }")))
                .isEqualTo("restore-profiles.yml:4:13: 'profiles.p.verify' must be a string or a list of strings, got a map");
    }

    @Test
    void choicesSuggestTheNearMiss() {
        assertThat(errorOf("onExists: overwite\n" + profile("source: { file: a.dump }")))
                .isEqualTo("restore-profiles.yml:1:11: 'onExists' must be one of fail, overwrite, prompt, suffix, "
                        + "got 'overwite'; did you mean 'overwrite'?");
        assertThat(errorOf(profile("source: { file: a.dump }\ncache: [template, downlod]")))
                .isEqualTo("restore-profiles.yml:4:23: 'profiles.p.cache[1]' must be one of template, download, "
                        + "got 'downlod'; did you mean 'download'?");
        assertThat(errorOf("engine: native-java\n" + profile("source: { file: a.dump }")))
                .startsWith("restore-profiles.yml:1:9: 'engine' must be one of auto, native, pg_restore, got 'native-java'");
        assertThat(errorOf("piiCheck: loud\n" + profile("source: { file: a.dump }")))
                .startsWith("restore-profiles.yml:1:11: 'piiCheck' must be one of warn, fail, off, strict");
    }

    @Test
    void requiredKeysAreNamed() {
        assertThat(errorOf("project: acme\n"))
                .startsWith("restore-profiles.yml:1:1: the top level has no 'profiles'; add profiles: with at least one profile");
        assertThat(errorOf("profiles: {}\n"))
                .isEqualTo("restore-profiles.yml:1:11: 'profiles' is empty; define at least one profile");
        assertThat(errorOf("profiles:\n  p:\n    sensitive: true\n"))
                .startsWith("restore-profiles.yml:3:5: 'profiles.p' has no 'source'; write where the backups come from, "
                        + "one of heroku, s3, file, url, command, database");
        assertThat(errorOf("profiles:\n  p:\n"))
                .startsWith("restore-profiles.yml:2:5: profile 'p' is empty; it needs at least a source");
        assertThat(errorOf(profile("source: { heroku: { backup: b042 } }")))
                .startsWith("restore-profiles.yml:3:23: 'profiles.p.source.heroku' has no 'app'; write the Heroku app name");
        assertThat(errorOf(profile("source: { s3: { prefix: x/ } }")))
                .startsWith("restore-profiles.yml:3:19: 'profiles.p.source.s3' has no 'bucket'");
    }

    @Test
    void aSourceNamesExactlyOneKind() {
        assertThat(errorOf(profile("source: {}")))
                .isEqualTo("restore-profiles.yml:3:13: 'profiles.p.source' names no source; "
                        + "write exactly one of heroku, s3, file, url, command, database");
        assertThat(errorOf(profile("source:\n  heroku: acme\n  file: a.dump")))
                .isEqualTo("restore-profiles.yml:5:7: 'profiles.p.source' has both 'heroku' and 'file'; "
                        + "a profile reads from exactly one source");
        assertThat(errorOf(profile("source:\n  heroku:")))
                .startsWith("restore-profiles.yml:4:14: 'profiles.p.source.heroku' is empty; write what to read, e.g. heroku: { app: acme-production }");
    }

    @Test
    void s3KeyAndPrefixExcludeEachOtherAndGlobNeedsAPrefix() {
        assertThat(errorOf(profile("source: { s3: { bucket: b, key: a.dump, prefix: x/ } }")))
                .startsWith("restore-profiles.yml:3:45: 'profiles.p.source.s3' has both 'key' and 'prefix'");
        assertThat(errorOf(profile("source: { s3: { bucket: b, glob: '*.dump' } }")))
                .startsWith("restore-profiles.yml:3:32: 'profiles.p.source.s3' has 'glob' but no 'prefix'");
    }

    @Test
    void urlsMustBeHttpAndTargetsAUrlOrParts() {
        assertThat(errorOf(profile("source: { url: ftp://example.com/a.dump }")))
                .isEqualTo("restore-profiles.yml:3:20: 'profiles.p.source.url' must be an http:// or https:// address");
        assertThat(errorOf("target:\n  url: postgres://localhost/postgres\n  host: db\n" + profile("source: { file: a.dump }")))
                .startsWith("restore-profiles.yml:3:3: 'target' has both 'url' and 'host'");
    }

    @Test
    void maskRulesAreChecked() {
        assertThat(errorOf(profile("source: { file: a.dump }\nmask:\n  audit_log: delete")))
                .startsWith("restore-profiles.yml:5:18: 'profiles.p.mask.audit_log': delete needs a condition, e.g. { delete: ");
        assertThat(errorOf(profile("source: { file: a.dump }\nmask:\n  audit_log: { delete: \"id < 5\", email: scramble }")))
                .startsWith("restore-profiles.yml:5:38: 'profiles.p.mask.audit_log' deletes rows, so it cannot also have 'email'");
        assertThat(errorOf(profile("source: { file: a.dump }\nmask:\n  auth_user: { where: \"id > 1\" }")))
                .startsWith("restore-profiles.yml:5:18: 'profiles.p.mask.auth_user' masks no column");
        assertThat(errorOf(profile("source: { file: a.dump }\nmask:\n  auth_user: wipe")))
                .isEqualTo("restore-profiles.yml:5:18: 'profiles.p.mask.auth_user' must be truncate, "
                        + "{ delete: \"condition\" }, or a map of column rules, got 'wipe'");
        assertThat(errorOf(profile("source: { file: a.dump }\nmask:\n  auth_user: { email: truncate }")))
                .startsWith("restore-profiles.yml:5:27: 'profiles.p.mask.auth_user.email': truncate applies to a whole table");
        assertThat(errorOf(profile("source: { file: a.dump }\nmask:\n  auth_user: { born: { dateShift: 0 } }")))
                .contains("'profiles.p.mask.auth_user.born.dateShift' must be a whole number of days from 1 to 3650");
        assertThat(errorOf(profile("source: { file: a.dump }\nmask:\n  auth_user: { pay: { numberNoise: lots } }")))
                .contains("'profiles.p.mask.auth_user.pay.numberNoise' must be a whole number of percent from 1 to 100");
        assertThat(errorOf(profile("source: { file: a.dump }\nmask:\n  auth_user: { email: { valeu: x } }")))
                .isEqualTo("restore-profiles.yml:5:29: unknown key 'valeu' in 'profiles.p.mask.auth_user.email'; did you mean 'value'?");
    }

    @Test
    void versionAndDefaultProfileAreChecked() {
        assertThat(errorOf("version: 2\n" + profile("source: { file: a.dump }")))
                .isEqualTo("restore-profiles.yml:1:10: version 2 is not supported; this plugin reads version 1");
        assertThat(errorOf("defaultProfile: prdo\n" + profile("source: { file: a.dump }").replace("  p:", "  prod:")))
                .isEqualTo("restore-profiles.yml:1:17: defaultProfile 'prdo' is not a profile of this file; "
                        + "did you mean 'prod'? known profiles: prod");
    }

    @Test
    void duplicateKeysAreErrorsWithBothLines() {
        assertThat(errorOf("project: a\nproject: b\n" + profile("source: { file: a.dump }")))
                .isEqualTo("restore-profiles.yml:2:1: duplicate key 'project' in the top level (first at line 1)");
        assertThat(errorOf("profiles:\n  p: { source: { file: a } }\n  p: { source: { file: b } }\n"))
                .isEqualTo("restore-profiles.yml:3:3: duplicate key 'p' in 'profiles' (first at line 2)");
    }

    @Test
    void syntaxErrorsAreOneLineWithPosition() {
        assertThat(errorOf("profiles:\n\tp: {}\n"))
                .isEqualTo("restore-profiles.yml:2:1: invalid YAML: a tab character; YAML indentation must use spaces "
                        + "(while scanning for the next token)");
        assertThat(errorOf("project: \"acme\nprofiles: {}\n"))
                .isEqualTo("restore-profiles.yml:3:1: invalid YAML: found unexpected end of stream "
                        + "(while scanning a quoted scalar that started at line 1, column 10)");
        assertThat(errorOf("profiles:\n  p:\n    source: {}\n   naming: x\n"))
                .startsWith("restore-profiles.yml:4:4: invalid YAML: expected <block end>, but found '<block mapping start>'")
                .endsWith("; check the indentation of this line and the one above");
        assertThat(errorOf("profiles: { p: *nowhere }\n"))
                .isEqualTo("restore-profiles.yml:1:16: invalid YAML: found undefined alias nowhere");
    }

    @Test
    void messagesNeverMentionTheParsersClasses() {
        for (String yaml : new String[] {"a: \"x\n", "a:\n\tb", "a: b: c", "- 1\n- 2\n", "a: [1\n"}) {
            assertThat(errorOf(yaml)).doesNotContain("snakeyaml", "Exception", "org.yaml").doesNotContain("\n");
        }
    }

    @Test
    void anEmptyFileOrOneWithOnlyCommentsIsExplained() {
        assertThat(errorOf("")).startsWith("restore-profiles.yml is empty; it needs at least 'profiles:'. A minimal file:\n\n# restore-profiles.yml").contains("\nversion: 1\n");
        assertThat(errorOf("# nothing yet\n")).startsWith("restore-profiles.yml is empty");
        assertThat(errorOf("- a\n- b\n")).isEqualTo("restore-profiles.yml:1:1: the file must be a map with at least 'profiles:', got a list");
    }

    @Test
    void interpolationErrorsPointAtTheValue() {
        assertThat(errorOf("target:\n  url: ${env:ADMIN_URL}\n" + profile("source: { file: a.dump }")))
                .startsWith("restore-profiles.yml:2:8: environment variable ADMIN_URL is not set (used by ${env:ADMIN_URL})");
        // in a profile: reported when that profile is chosen (issue 17 item 5), still pointing at the value
        ConfigFile config = Yamls.load(profile("source: { file: \"${dumps.dir}/a.dump\" }"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.profile("p"))
                .hasMessageStartingWith("restore-profiles.yml:3:21: unknown property 'dumps.dir' (used by ${dumps.dir})");
    }

    @Test
    void interpolatedValuesAreTypeCheckedAfterwards() {
        String yaml = "prune: { keep: \"${env:KEEP}\" }\n" + profile("source: { file: a.dump }");

        assertThat(Yamls.load(yaml, Map.of(), Map.of("KEEP", "4")).settings().prune().keep()).isEqualTo(4);
        assertThat(errorOf(yaml, Map.of(), Map.of("KEEP", "four")))
                .isEqualTo("restore-profiles.yml:1:16: 'prune.keep' must be a whole number, got '${env:KEEP}'");
    }
}
