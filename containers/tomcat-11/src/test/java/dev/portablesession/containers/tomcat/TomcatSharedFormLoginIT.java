package dev.portablesession.containers.tomcat;

import dev.portablesession.containers.login.SharedFormLoginSuite;

class TomcatSharedFormLoginIT extends SharedFormLoginSuite {

    TomcatSharedFormLoginIT() {
        super(new EmbeddedTomcatLogin());
    }
}
