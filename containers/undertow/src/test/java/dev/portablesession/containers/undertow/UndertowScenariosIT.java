package dev.portablesession.containers.undertow;

import dev.portablesession.containers.ScenarioSuite;

class UndertowScenariosIT extends ScenarioSuite {

    UndertowScenariosIT() {
        super(new EmbeddedUndertow());
    }
}
