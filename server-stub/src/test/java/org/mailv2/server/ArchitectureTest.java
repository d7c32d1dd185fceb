package org.mailv2.server;

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
 * The server's layers (STYLE.md 4): {@code http -> service -> store}. Services know no HTTP server and no particular
 * store implementation; stores know neither handlers nor services; {@code .internal} packages are used only by their
 * owners. Imports this module's main classes only.
 */
@AnalyzeClasses(packages = "org.mailv2.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule servicesKnowNoHttpAndNoSql = noClasses().that().resideInAPackage("org.mailv2.server.service..")
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..",
                    "org.mailv2.server.store.sql..")
            .because("services know no HTTP, and stores are interfaces with SQLite and PostgreSQL implementations");

    @ArchTest
    static final ArchRule servicesCountWithoutKnowingMicrometer = noClasses().that()
            .resideInAPackage("org.mailv2.server.service..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "org.mailv2.server.metrics..")
            .because("services count through DeliveryMeters; where the counts go is the metrics package's business");

    @ArchTest
    static final ArchRule storesKnowNeitherHandlersNorServices = noClasses().that()
            .resideInAPackage("org.mailv2.server.store..")
            .should().dependOnClassesThat().resideInAnyPackage("org.mailv2.server.http..", "org.mailv2.server.service..")
            .because("the server is http -> service -> store");

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
