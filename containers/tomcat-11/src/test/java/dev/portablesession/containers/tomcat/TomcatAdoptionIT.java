package dev.portablesession.containers.tomcat;

import dev.portablesession.containers.AdoptionSuite;

class TomcatAdoptionIT extends AdoptionSuite {

    TomcatAdoptionIT() {
        super(new EmbeddedTomcat());
    }
}
