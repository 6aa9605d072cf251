package dev.portablesession.containers.jetty;

import dev.portablesession.containers.WebAppRegistrationSuite;

class JettyWebAppRegistrationIT extends WebAppRegistrationSuite {

    JettyWebAppRegistrationIT() {
        super(new EmbeddedJetty());
    }
}
