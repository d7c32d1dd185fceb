package org.mailv2.protocol;

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

/**
 * The shape of protocol-lib (DESIGN.md §1, STYLE.md 1-2): no server or client code, HTTP (OkHttp) only in the API
 * client, and {@code .internal} packages used only by their owners. Imports this module's main classes only.
 */
@AnalyzeClasses(packages = "org.mailv2.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule knowsNeitherServerNorClient = noClasses().that().resideInAPackage("org.mailv2.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("org.mailv2.server..", "org.mailv2.client..")
            .because("client-src -> protocol-lib <- server-stub (DESIGN.md §1)");

    @ArchTest
    static final ArchRule speaksHttpOnlyInTheApiPackage = noClasses().that().resideInAPackage("org.mailv2.protocol..")
            .and().resideOutsideOfPackage("org.mailv2.protocol.api..")
            .should().dependOnClassesThat().resideInAPackage("okhttp3..")
            .because("HTTP becomes types in one place, the API client (STYLE.md 9)");

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
