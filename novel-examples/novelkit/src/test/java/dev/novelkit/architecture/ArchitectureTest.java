package dev.novelkit.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module and package rules of the house, checked on the compiled main classes of every module: the three
 * middle modules import only novel-core, novel-core imports no heavy library, and an {@code internal} package is
 * used only from inside the package that owns it.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.novelkit");
    }

    /** A middle module ({@code dev.novelkit.<module>}) depends on no sibling and on nothing that wires them. */
    static ArchRule middleModuleImportsOnlyCore(String module) {
        String[] others = java.util.stream.Stream.of("dataset", "llm", "media", "pipeline", "examples")
                .filter(m -> !m.equals(module)).map(m -> "dev.novelkit." + m + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage("dev.novelkit." + module + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .as("novel-" + module + " imports only novel-core");
    }

    /** No class depends on an {@code internal} package unless it lives in the package that owns it. */
    static ArchRule internalsStayInside() {
        return classes().should(new ArchCondition<JavaClass>("use internal packages only from their owner") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    int at = (target + ".").indexOf(".internal.");
                    if (!target.startsWith("dev.novelkit.") || at < 0) {
                        continue;
                    }
                    String owner = target.substring(0, at);
                    String source = item.getPackageName();
                    if (!(source.equals(owner) || source.startsWith(owner + "."))) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()
                                + " reaches into " + owner + "'s internal package"));
                    }
                }
            }
        });
    }

    @Test
    void the_middle_modules_import_only_novel_core() {
        middleModuleImportsOnlyCore("dataset").check(main);
        middleModuleImportsOnlyCore("llm").check(main);
        middleModuleImportsOnlyCore("media").check(main);
    }

    @Test
    void novel_core_imports_no_other_module_and_no_heavy_library() {
        noClasses().that().resideInAPackage("dev.novelkit.core..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.novelkit.dataset..", "dev.novelkit.llm..", "dev.novelkit.media..",
                        "dev.novelkit.pipeline..", "dev.novelkit.examples..", "okhttp3..", "ai.djl..",
                        "org.bytedeco..", "de.kherud..", "com.hankcs..")
                .check(main);
    }

    @Test
    void the_whole_job_library_does_not_use_the_command_line() {
        noClasses().that().resideInAPackage("dev.novelkit.pipeline..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.novelkit.examples..", "picocli..", "org.slf4j.simple..").check(main);
    }

    @Test
    void internal_packages_are_used_only_by_their_owner() {
        internalsStayInside().check(main);
    }

    @Test
    void the_rules_catch_a_planted_violation() {
        JavaClasses planted = new ClassFileImporter().importPackages("dev.novelkit.archfixture");
        EvaluationResult result = internalsStayInside().evaluate(planted);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("Peeker")
                && line.contains("dev.novelkit.archfixture.a's internal package"));
        assertThat(result.getFailureReport().getDetails()).noneMatch(line -> line.contains("Owner."));

        EvaluationResult sibling = noClasses().that().resideInAPackage("dev.novelkit.archfixture.b..")
                .should().dependOnClassesThat().resideInAPackage("dev.novelkit.archfixture.a..").evaluate(planted);
        assertThat(sibling.hasViolation()).isTrue();
    }
}
