package dev.portablesession.containers.tomcat;

import dev.portablesession.containers.login.DroppedInFormLoginSuite;

class TomcatDroppedInFormLoginIT extends DroppedInFormLoginSuite {

    TomcatDroppedInFormLoginIT() {
        super(new EmbeddedTomcatLogin());
    }
}
