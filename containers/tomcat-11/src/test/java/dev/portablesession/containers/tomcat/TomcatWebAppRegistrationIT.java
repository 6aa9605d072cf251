package dev.portablesession.containers.tomcat;

import dev.portablesession.containers.WebAppRegistrationSuite;

class TomcatWebAppRegistrationIT extends WebAppRegistrationSuite {

    TomcatWebAppRegistrationIT() {
        super(new EmbeddedTomcat());
    }
}
