package dev.portablesession.containers.tomcat;

import dev.portablesession.containers.UrlTrackingSuite;

class TomcatUrlTrackingIT extends UrlTrackingSuite {

    TomcatUrlTrackingIT() {
        super(new EmbeddedTomcat());
    }
}
