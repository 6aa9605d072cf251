package dev.portablesession.containers.tomcat;

import dev.portablesession.containers.conformance.ConformanceSuite;

class TomcatConformanceIT extends ConformanceSuite {

    TomcatConformanceIT() {
        super(new EmbeddedTomcat());
    }
}
