package dev.portablesession.containers.jetty;

import dev.portablesession.containers.ScenarioSuite;

class JettyScenariosIT extends ScenarioSuite {

    JettyScenariosIT() {
        super(new EmbeddedJetty());
    }
}
