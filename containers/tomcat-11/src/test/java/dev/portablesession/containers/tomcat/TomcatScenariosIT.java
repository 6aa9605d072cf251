package dev.portablesession.containers.tomcat;

import dev.portablesession.containers.ScenarioSuite;

class TomcatScenariosIT extends ScenarioSuite {

    TomcatScenariosIT() {
        super(new EmbeddedTomcat());
    }
}
