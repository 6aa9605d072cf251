package dev.portablesession.containers.tomcat;

import dev.portablesession.containers.login.LoginBySessionsOfUserSuite;

class TomcatLoginBySessionsOfUserIT extends LoginBySessionsOfUserSuite {

    TomcatLoginBySessionsOfUserIT() {
        super(new EmbeddedTomcatLogin());
    }
}
