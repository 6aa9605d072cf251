package dev.portablesession.containers.tomcat;

import dev.portablesession.containers.EmbeddedRegistrationSuite;

class TomcatEmbeddedRegistrationIT extends EmbeddedRegistrationSuite {

    TomcatEmbeddedRegistrationIT() {
        super(new EmbeddedTomcat());
    }
}
