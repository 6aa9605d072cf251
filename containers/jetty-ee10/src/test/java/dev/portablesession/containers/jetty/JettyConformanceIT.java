package dev.portablesession.containers.jetty;

import dev.portablesession.containers.conformance.ConformanceSuite;

class JettyConformanceIT extends ConformanceSuite {

    JettyConformanceIT() {
        super(new EmbeddedJetty());
    }
}
