package dev.portablesession.internal.metrics;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.Hashtable;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Publishes a filter's {@link SessionMeters} on the platform MBean server as
 * {@code dev.portablesession:type=SessionFilter,context=<path>,namespace=<namespace>}.
 */
public final class JmxRegistration implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.portablesession");

    private final MBeanServer server;
    private final ObjectName name;

    private JmxRegistration(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /**
     * The MXBean name of the filter for {@code contextPath} and {@code namespace}; {@code instance}
     * above 1 tells apart filters that share both in one JVM (a second registration, or test servers).
     */
    public static ObjectName name(String contextPath, String namespace, int instance) {
        Hashtable<String, String> properties = new Hashtable<>();
        properties.put("type", "SessionFilter");
        properties.put("context", ObjectName.quote(contextPath == null || contextPath.isEmpty() ? "/" : contextPath));
        properties.put("namespace", ObjectName.quote(namespace));
        if (instance > 1) {
            properties.put("instance", Integer.toString(instance));
        }
        try {
            return new ObjectName("dev.portablesession", properties);
        } catch (JMException e) {
            throw new IllegalStateException("cannot name the metrics MXBean: " + e.getMessage(), e);
        }
    }

    /**
     * Registers {@code meters}, under the first free instance number. When JMX refuses, says so
     * and goes on without JMX: the metrics stay available from the filter.
     */
    public static JmxRegistration register(SessionMeters meters, String contextPath, String namespace) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = name(contextPath, namespace, 1);
        try {
            for (int instance = 2; ; instance++) {
                try {
                    server.registerMBean(meters, name);
                    return new JmxRegistration(server, name);
                } catch (InstanceAlreadyExistsException taken) {
                    name = name(contextPath, namespace, instance);
                }
            }
        } catch (JMException | SecurityException e) {
            LOG.log(Level.WARNING, "the session metrics are not published on JMX as " + name + ": " + e
                    + "; RedisSessionFilter.metrics() still has them");
            return new JmxRegistration(server, null);
        }
    }

    @Override
    public void close() {
        if (name == null) {
            return;
        }
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // Already gone.
        } catch (JMException | SecurityException e) {
            LOG.log(Level.WARNING, "could not remove the session metrics MXBean " + name + ": " + e);
        }
    }
}
