package io.rezilient.restore.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keeps the module dependency table of the architecture (§2) true for every module of the build: each module's
 * package uses only the project modules listed for it, each module is used only by the modules allowed to use it,
 * and {@code contracts} uses no third-party library but Jackson and ICU. A rule never passes because its module is
 * missing: the table must name exactly the modules of the root {@code pom.xml}, and every module must have classes
 * here (the {@code bench} classes arrive through a test-scoped dependency of this module).
 */
class ModuleDependencyRulesTest {
    private static final String ROOT = "io.rezilient.restore";

    /**
     * Module → the other project modules it may use. {@code cli} and {@code bench} may use "everything" (§2): the
     * CLI every product module, the benchmark harness those and the CLI; nothing but {@code bench} itself may use
     * the harness, which is not part of the product (the {@code rez} jar ships without it).
     */
    static final Map<String, Set<String>> MAY_USE = Map.of(
            "contracts", Set.of(),
            "objectstore", Set.of("contracts"),
            "db", Set.of(),
            "capture", Set.of("contracts", "objectstore"),
            "indexer", Set.of("contracts", "objectstore", "db"),
            "service", Set.of("contracts", "objectstore", "db"),
            // the agent reuses capture's tenant keyring and AES-GCM envelope (see agent.crypto.BeforeImageSealer)
            "agent", Set.of("contracts", "objectstore", "capture"),
            "cli", Set.of("contracts", "objectstore", "db", "capture", "indexer", "service", "agent"),
            "bench", Set.of("contracts", "objectstore", "db", "capture", "indexer", "service", "agent", "cli"));

    private static JavaClasses productionClasses;

    @BeforeAll
    static void importClasses() {
        productionClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // in a reactor build the other modules arrive as jars; their test jars are not production code
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(ROOT);
    }

    private static String packageOf(String module) {
        return ROOT + "." + module + "..";
    }

    private static Set<String> others(String module) {
        Set<String> others = new TreeSet<>(MAY_USE.keySet());
        others.remove(module);
        return others;
    }

    /** The modules {@code module} may not use; empty for a module that may use all the others. */
    private static String[] forbiddenFor(String module) {
        return others(module).stream().filter(other -> !MAY_USE.get(module).contains(other))
                .map(ModuleDependencyRulesTest::packageOf).toArray(String[]::new);
    }

    /** The modules that may not use {@code module}. */
    private static String[] notAllowedToUse(String module) {
        return others(module).stream().filter(other -> !MAY_USE.get(other).contains(module))
                .map(ModuleDependencyRulesTest::packageOf).toArray(String[]::new);
    }

    static Stream<String> modulesWithLimits() {
        return MAY_USE.keySet().stream().sorted().filter(module -> forbiddenFor(module).length > 0);
    }

    static Stream<String> modules() {
        return MAY_USE.keySet().stream().sorted();
    }

    @Test
    void theTableHasARowForEveryModuleOfTheBuildAndNoOther() throws IOException {
        // surefire runs in this module's directory; the root pom lists the modules
        Path rootPom = Path.of(System.getProperty("basedir", ".")).resolve("../pom.xml");
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(rootPom));
        Set<String> built = new TreeSet<>();
        while (modules.find()) {
            built.add(modules.group(1).trim());
        }

        assertThat(built).as("modules of %s", rootPom).isNotEmpty();
        assertThat(new TreeSet<>(MAY_USE.keySet())).as("modules with a dependency rule").isEqualTo(built);
    }

    @ParameterizedTest(name = "{0} has production classes to check")
    @MethodSource("modules")
    void everyModuleIsAnalysed(String module) {
        assertThat(productionClasses.stream().filter(c -> c.getPackageName().equals(ROOT + "." + module)
                || c.getPackageName().startsWith(ROOT + "." + module + ".")))
                .as("classes of module %s were imported", module).isNotEmpty();
    }

    @ParameterizedTest(name = "{0} uses only the modules it may use")
    @MethodSource("modulesWithLimits")
    void moduleUsesOnlyAllowedModules(String module) {
        noClasses().that().resideInAPackage(packageOf(module))
                .should().dependOnClassesThat().resideInAnyPackage(forbiddenFor(module))
                .allowEmptyShould(false)
                .because("architecture §2 allows " + module + " to use only " + new TreeSet<>(MAY_USE.get(module)))
                .check(productionClasses);
    }

    @ParameterizedTest(name = "{0} is used only by the modules that may use it")
    @MethodSource("modules")
    void moduleIsUsedOnlyByModulesAllowedToUseIt(String module) {
        String[] strangers = notAllowedToUse(module);
        assertThat(strangers).as("modules that may not use %s", module).isNotEmpty();
        noClasses().that().resideInAnyPackage(strangers)
                .should().dependOnClassesThat().resideInAPackage(packageOf(module))
                .allowEmptyShould(false)
                .because("architecture §2 lets no module but " + modules().filter(m -> !m.equals(module)
                        && MAY_USE.get(m).contains(module)).toList() + " use " + module)
                .check(productionClasses);
    }

    @Test
    void contractsUseOnlyJacksonAndIcu() {
        noClasses().that().resideInAPackage(packageOf("contracts"))
                .should().dependOnClassesThat().resideOutsideOfPackages(
                        packageOf("contracts"), "java..", "javax.crypto..", "com.fasterxml.jackson..", "com.ibm.icu..")
                .allowEmptyShould(false)
                .because("contracts is the wire-contract module: Jackson only (plus ICU collation for plan_hash)")
                .check(productionClasses);
    }

    @Test
    void projectModulesDoNotFormCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().allowEmptyShould(false)
                .check(productionClasses);
    }

    /** The rules above would pass on an import that misses uses; this shows a real use is caught. */
    @Test
    void aForbiddenUseIsReported() {
        assertThatThrownBy(() -> noClasses().that().resideInAPackage(packageOf("cli"))
                        .should().dependOnClassesThat().resideInAPackage(packageOf("service"))
                        .check(productionClasses))
                .isInstanceOf(AssertionError.class).hasMessageContaining(ROOT + ".service");
    }
}
