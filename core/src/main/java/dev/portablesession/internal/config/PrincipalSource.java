package dev.portablesession.internal.config;

/**
 * Where the filter learns who a session belongs to (setting {@code principal}): nowhere
 * ({@link #OFF}), the container's {@code request.getRemoteUser()}, or a session attribute.
 *
 * @param remoteUser whether {@code getRemoteUser()} of the saving request names the user
 * @param attribute the session attribute that names the user, or null
 */
public record PrincipalSource(boolean remoteUser, String attribute) {

    /** Sessions belong to nobody: no index is kept. */
    public static final PrincipalSource OFF = new PrincipalSource(false, null);
    /** {@code request.getRemoteUser()} names the user. */
    public static final PrincipalSource REMOTE_USER = new PrincipalSource(true, null);

    private static final String ATTRIBUTE_PREFIX = "attribute:";

    /** The user named by session attribute {@code name}. */
    public static PrincipalSource attribute(String name) {
        return new PrincipalSource(false, name);
    }

    static PrincipalSource parse(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("off")) {
            return OFF;
        }
        if (value.equalsIgnoreCase("remote-user")) {
            return REMOTE_USER;
        }
        if (value.regionMatches(true, 0, ATTRIBUTE_PREFIX, 0, ATTRIBUTE_PREFIX.length())
                && value.length() > ATTRIBUTE_PREFIX.length()) {
            return attribute(value.substring(ATTRIBUTE_PREFIX.length()).strip());
        }
        throw new RejectedValue("expected off, remote-user or attribute:NAME (NAME: the session attribute naming the user)");
    }

    /** Whether sessions are indexed by user. */
    public boolean on() {
        return remoteUser || attribute != null;
    }

    /** @return the setting's spelling: {@code off}, {@code remote-user} or {@code attribute:NAME} */
    @Override
    public String toString() {
        return remoteUser ? "remote-user" : attribute != null ? ATTRIBUTE_PREFIX + attribute : "off";
    }
}
