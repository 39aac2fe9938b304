package dev.dbrestore;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the main code (CONTRIBUTING.md, "Project layout"): the Maven goals on top, then the
 * application layer telling each use case, then the parts it uses (lifecycle, sanitize, the
 * engines, the sources), then the foundations (archive, sql, db, config, naming, report), then
 * support. Nothing depends on a layer above it, no package cycle, Maven only in {@code mojo}.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dbrestore");

    @Test
    void noPackageCycles() {
        slices().matching("dev.dbrestore.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void layersOnlyDependDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Goals").definedBy("dev.dbrestore.mojo..")
                .layer("Application").definedBy("dev.dbrestore.app..")
                .layer("Parts").definedBy("dev.dbrestore.lifecycle..", "dev.dbrestore.sanitize..",
                        "dev.dbrestore.engine..", "dev.dbrestore.source..", "dev.dbrestore.embedded..")
                .layer("Foundations").definedBy("dev.dbrestore.archive..", "dev.dbrestore.sql..", "dev.dbrestore.db..",
                        "dev.dbrestore.config..", "dev.dbrestore.naming..", "dev.dbrestore.report..")
                .layer("Support").definedBy("dev.dbrestore.support..")
                .whereLayer("Goals").mayNotBeAccessedByAnyLayer()
                .whereLayer("Application").mayOnlyBeAccessedByLayers("Goals")
                .whereLayer("Parts").mayOnlyBeAccessedByLayers("Goals", "Application")
                .whereLayer("Foundations").mayOnlyBeAccessedByLayers("Goals", "Application", "Parts")
                .check(MAIN);
    }

    @Test
    void enginesOnlyRestoreAnArchiveIntoADatabase() {
        noClasses().that().resideInAPackage("dev.dbrestore.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.dbrestore.app..", "dev.dbrestore.lifecycle..",
                        "dev.dbrestore.sanitize..", "dev.dbrestore.source..", "dev.dbrestore.config..")
                .check(MAIN);
    }

    @Test
    void partsDoNotUseEachOther() {
        noClasses().that().resideInAnyPackage("dev.dbrestore.sanitize..", "dev.dbrestore.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.dbrestore.lifecycle..", "dev.dbrestore.source..")
                .check(MAIN);
        noClasses().that().resideInAnyPackage("dev.dbrestore.lifecycle..", "dev.dbrestore.source..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.dbrestore.sanitize..", "dev.dbrestore.engine..")
                .check(MAIN);
    }

    @Test
    void onlyTheGoalsKnowMaven() {
        noClasses().that().resideOutsideOfPackage("dev.dbrestore.mojo..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.maven..", "org.codehaus.plexus..")
                .check(MAIN);
    }

    @Test
    void noTwoClassesShareASimpleName() {
        Map<String, List<String>> byName = MAIN.stream()
                .filter(c -> c.isTopLevelClass())
                .collect(Collectors.groupingBy(JavaClass::getSimpleName,
                        Collectors.mapping(JavaClass::getName, Collectors.toList())));
        assertThat(byName.values().stream().filter(names -> names.size() > 1).toList()).isEmpty();
    }
}
