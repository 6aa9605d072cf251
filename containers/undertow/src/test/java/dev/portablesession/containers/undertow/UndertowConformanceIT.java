package dev.portablesession.containers.undertow;

import dev.portablesession.containers.conformance.ConformanceSuite;

class UndertowConformanceIT extends ConformanceSuite {

    UndertowConformanceIT() {
        super(new EmbeddedUndertow());
    }
}
