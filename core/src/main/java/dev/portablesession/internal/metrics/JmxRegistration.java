package dev.portablesession.internal.metrics;

import dev.portablesession.UserSessions;
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
 * {@code dev.portablesession:type=SessionFilter,context=<path>,namespace=<namespace>}, and, with
 * sessions by user, its {@link UserSessionsAdmin} as {@code type=UserSessions} under the same
 * other keys.
 */
public final class JmxRegistration implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.portablesession");

    private final MBeanServer server;
    private final ObjectName name;
    private final ObjectName usersName;

    private JmxRegistration(MBeanServer server, ObjectName name, ObjectName usersName) {
        this.server = server;
        this.name = name;
        this.usersName = usersName;
    }

    /**
     * The MXBean name of the filter for {@code contextPath} and {@code namespace}; {@code instance}
     * above 1 tells apart filters that share both in one JVM (a second registration, or test servers).
     */
    public static ObjectName name(String contextPath, String namespace, int instance) {
        return name("SessionFilter", contextPath, namespace, instance);
    }

    /** The name of the user sessions MXBean next to the metrics MXBean {@link #name}. */
    public static ObjectName usersName(String contextPath, String namespace, int instance) {
        return name("UserSessions", contextPath, namespace, instance);
    }

    private static ObjectName name(String type, String contextPath, String namespace, int instance) {
        Hashtable<String, String> properties = new Hashtable<>();
        properties.put("type", type);
        properties.put("context", ObjectName.quote(contextPath == null || contextPath.isEmpty() ? "/" : contextPath));
        properties.put("namespace", ObjectName.quote(namespace));
        if (instance > 1) {
            properties.put("instance", Integer.toString(instance));
        }
        try {
            return new ObjectName("dev.portablesession", properties);
        } catch (JMException e) {
            throw new IllegalStateException("cannot name the " + type + " MXBean: " + e.getMessage(), e);
        }
    }

    /**
     * Registers {@code meters}, under the first free instance number, and {@code users} (when not
     * null) under the same number. When JMX refuses, says so and goes on without JMX: the metrics
     * stay available from the filter.
     */
    public static JmxRegistration register(SessionMeters meters, UserSessions users, String contextPath, String namespace) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = name(contextPath, namespace, 1);
        int instance = 1;
        try {
            while (true) {
                try {
                    server.registerMBean(meters, name);
                    break;
                } catch (InstanceAlreadyExistsException taken) {
                    instance++;
                    name = name(contextPath, namespace, instance);
                }
            }
        } catch (JMException | SecurityException e) {
            LOG.log(Level.WARNING, "the session metrics are not published on JMX as " + name + ": " + e
                    + "; RedisSessionFilter.metrics() still has them");
            return new JmxRegistration(server, null, null);
        }
        if (users == null) {
            return new JmxRegistration(server, name, null);
        }
        ObjectName usersName = usersName(contextPath, namespace, instance);
        try {
            server.registerMBean(new UserSessionsAdmin(users), usersName);
            return new JmxRegistration(server, name, usersName);
        } catch (JMException | SecurityException e) {
            LOG.log(Level.WARNING, "the user sessions are not published on JMX as " + usersName + ": " + e
                    + "; RedisSessionFilter.userSessions() still has them");
            return new JmxRegistration(server, name, null);
        }
    }

    @Override
    public void close() {
        unregister(name);
        unregister(usersName);
    }

    private void unregister(ObjectName registered) {
        if (registered == null) {
            return;
        }
        try {
            server.unregisterMBean(registered);
        } catch (InstanceNotFoundException e) {
            // Already gone.
        } catch (JMException | SecurityException e) {
            LOG.log(Level.WARNING, "could not remove the MXBean " + registered + ": " + e);
        }
    }
}
