package io.rezilient.restore.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the module dependency table of the architecture (§2) true: each module's package may use only the
 * project modules listed for it, and {@code contracts} may use no third-party library but Jackson and ICU.
 */
class ModuleDependencyRulesTest {
    private static final String ROOT = "io.rezilient.restore";

    /** module → the project modules it may depend on (besides itself). {@code cli} may use everything. */
    static final Map<String, List<String>> ALLOWED = Map.of(
            "contracts", List.of(),
            "objectstore", List.of("contracts"),
            "db", List.of(),
            "capture", List.of("contracts", "objectstore"),
            "indexer", List.of("contracts", "objectstore", "db"),
            "service", List.of("contracts", "objectstore", "db"),
            "agent", List.of("contracts", "objectstore"));

    static final List<String> ALL_MODULES =
            List.of("contracts", "objectstore", "db", "capture", "indexer", "service", "agent", "cli", "bench");

    private static JavaClasses productionClasses;

    @BeforeAll
    static void importClasses() {
        productionClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // in a reactor build the other modules arrive as jars; their test jars are not production code
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(ROOT);
    }

    static Stream<String> modules() {
        return ALLOWED.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0} depends only on its allowed modules")
    @MethodSource("modules")
    void moduleUsesOnlyAllowedModules(String module) {
        List<String> forbidden = new ArrayList<>();
        for (String other : ALL_MODULES) {
            if (!other.equals(module) && !ALLOWED.get(module).contains(other)) {
                forbidden.add(ROOT + "." + other + "..");
            }
        }
        ArchRule rule = noClasses().that().resideInAPackage(ROOT + "." + module + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .allowEmptyShould(true)
                .because("architecture §2 allows " + module + " to depend only on " + ALLOWED.get(module));
        rule.check(productionClasses);
    }

    @Test
    void contractsUseOnlyJacksonAndIcu() {
        noClasses().that().resideInAPackage(ROOT + ".contracts..")
                .should().dependOnClassesThat().resideOutsideOfPackages(
                        ROOT + ".contracts..", "java..", "javax.crypto..", "com.fasterxml.jackson..", "com.ibm.icu..")
                .because("contracts is the wire-contract module: Jackson only (plus ICU collation for plan_hash)")
                .check(productionClasses);
    }

    @Test
    void everyExistingModuleIsAnalysed() {
        for (String module : List.of("contracts", "objectstore", "db", "indexer", "service", "cli")) {
            org.assertj.core.api.Assertions.assertThat(productionClasses.stream()
                            .anyMatch(c -> c.getPackageName().startsWith(ROOT + "." + module)))
                    .as("classes of module %s were imported", module).isTrue();
        }
    }

    @Test
    void projectModulesDoNotFormCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(productionClasses);
    }
}
