package dev.portablesession.containers.tomcat;

import dev.portablesession.containers.login.SharedFormLoginSuite;
import java.util.Map;

/**
 * The shared login with {@code lock.mode=exclusive}: the module's load takes the lock, and every
 * request releases it, those the container refuses included. A lock left behind would outlast the
 * wait of the next request (a 4 s lease, a 2 s wait) and fail it.
 */
class TomcatSharedFormLoginExclusiveLockIT extends SharedFormLoginSuite {

    TomcatSharedFormLoginExclusiveLockIT() {
        super(new EmbeddedTomcatLogin(), Map.of("portablesession.lock.mode", "exclusive",
                "portablesession.lock.lease", "4s", "portablesession.lock.wait-timeout", "2s"));
    }
}
