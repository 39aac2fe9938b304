package dev.dbrestore.mojo;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

@MojoTest
class ProbeTest {
    @Test
    @InjectMojo(goal = "restore")
    @MojoParameter(name = "skip", value = "true")
    void probe(RestoreMojo mojo) throws Exception {
        mojo.execute();
    }
    @Test
    @InjectMojo(goal = "help")
    void help(HelpMojo mojo) throws Exception {
        mojo.execute();
    }
}
