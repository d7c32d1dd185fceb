package org.mailv2.client;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.mailv2.client.tui.TuiLauncher;

/**
 * The client's shape (STYLE.md 3, DESIGN.md §1): {@code tui -> core <- cli}, with the core free of terminal libraries;
 * the CLI reaches the TUI only through {@link TuiLauncher} ({@code mailv2 tui}); the client never links the server
 * (local mode finds it at run time through {@code ServiceLoader} and protocol-lib's {@code LocalServerProvider}, and
 * server-stub is a runtime-scoped dependency); {@code .internal} packages are used only by their owners. Imports this
 * module's main classes only.
 */
@AnalyzeClasses(packages = "org.mailv2.client", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule coreKnowsNoFace = noClasses().that().resideInAPackage("org.mailv2.client.core..")
            .should().dependOnClassesThat().resideInAnyPackage("org.mailv2.client.cli..", "org.mailv2.client.tui..",
                    "picocli..", "com.googlecode.lanterna..", "org.jline..")
            .because("the TUI and the CLI are two thin faces over the core (STYLE.md 3, 22)");

    @ArchTest
    static final ArchRule cliOpensTheTuiOnlyThroughItsLauncher = noClasses().that()
            .resideInAPackage("org.mailv2.client.cli..")
            .should().dependOnClassesThat(resideInAPackage("org.mailv2.client.tui..")
                    .and(not(equivalentTo(TuiLauncher.class))))
            .because("`mailv2 tui` needs the launcher; anything else the two faces share belongs in the core");

    @ArchTest
    static final ArchRule clientNeverLinksTheServer = noClasses().that().resideInAPackage("org.mailv2.client..")
            .should().dependOnClassesThat().resideInAPackage("org.mailv2.server..")
            .because("local mode starts server-stub through ServiceLoader, a runtime dependency only (DESIGN.md §1)");

    @ArchTest
    static final ArchRule internalPackagesStayWithTheirOwner = classes()
            .should(useInternalPackagesOnlyOfTheirOwner());

    /**
     * A class in {@code a.b.internal..} is used only from {@code a.b..}, the package that owns it (in this module and in
     * the modules and libraries it uses alike).
     */
    static ArchCondition<JavaClass> useInternalPackagesOnlyOfTheirOwner() {
        return new ArchCondition<>("use an .internal package only from the package that owns it") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    String target = dependency.getTargetClass().getBaseComponentType().getPackageName();
                    int at = ("." + target + ".").indexOf(".internal.");
                    if (at < 0) {
                        continue;
                    }
                    String owner = target.substring(0, Math.max(0, at - 1));
                    String from = origin.getPackageName();
                    if (!from.equals(owner) && !from.startsWith(owner + ".")) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }
}
