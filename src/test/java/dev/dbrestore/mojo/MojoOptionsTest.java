package dev.dbrestore.mojo;

import dev.dbrestore.config.OnExists;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every Mojo parameter reaches its field of RunOptions (hand-copied wiring goes wrong quietly). */
class MojoOptionsTest {

    @Test
    void everyParameterMapsToItsOption() {
        RestoreMojo mojo = new RestoreMojo(null, null);
        mojo.profile = "prod";
        mojo.config = new File("/tmp/x/restore-profiles.yml");
        mojo.database = "acme_copy";
        mojo.onExists = "suffix";
        mojo.backup = "b042";
        mojo.sanitize = false;
        mojo.dryRun = true;
        mojo.keep = 3;
        mojo.olderThan = "30d";
        mojo.jobs = 2;
        mojo.engine = "native";
        mojo.pgBin = new File("/usr/lib/postgresql/17/bin");
        mojo.cache = false;
        mojo.force = true;

        RunOptions o = mojo.options();

        assertThat(o.profile()).isEqualTo("prod");
        assertThat(o.configFile()).isEqualTo(Path.of("/tmp/x/restore-profiles.yml"));
        assertThat(o.database()).isEqualTo("acme_copy");
        assertThat(o.onExists()).isEqualTo(OnExists.SUFFIX);
        assertThat(o.backup()).isEqualTo("b042");
        assertThat(o.sanitize()).isFalse();
        assertThat(o.dryRun()).isTrue();
        assertThat(o.keep()).isEqualTo(3);
        assertThat(o.olderThan()).isEqualTo(Duration.ofDays(30));
        assertThat(o.jobs()).isEqualTo(2);
        assertThat(o.engine()).isEqualTo("native");
        assertThat(o.pgBin()).isEqualTo(Path.of("/usr/lib/postgresql/17/bin"));
        assertThat(o.cache()).isFalse();
        assertThat(o.force()).isTrue();
    }

    @Test
    void badValuesAreUserErrors() {
        RestoreMojo mojo = new RestoreMojo(null, null);
        mojo.onExists = "sometimes";
        assertThatThrownBy(mojo::options).isInstanceOf(UserError.class).hasMessageContaining("fail, overwrite, prompt, suffix");
        mojo.onExists = null;
        mojo.olderThan = "soon";
        assertThatThrownBy(mojo::options).isInstanceOf(UserError.class).hasMessageContaining("olderThan");
    }
}
