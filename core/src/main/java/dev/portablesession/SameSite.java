package dev.portablesession;

/** The {@code SameSite} attribute of the session cookie (setting {@code cookie.same-site}). */
public enum SameSite {

    /**
     * The browser sends the cookie only on requests started by this site. Strongest protection
     * against cross-site request forgery, but a user who follows a link from another site (an
     * email, a search result) arrives without the session.
     */
    STRICT("Strict"),
    /**
     * The browser also sends the cookie on top-level navigations from other sites (links), but
     * not on cross-site sub-requests or form POSTs; the default, and the browsers' own default.
     */
    LAX("Lax"),
    /**
     * The browser sends the cookie on every cross-site request, as needed when the application is
     * embedded in another site's frame or receives cross-site POSTs (some single sign-on flows).
     * No browser protection against cross-site request forgery; requires
     * {@code cookie.secure=true}, because browsers reject {@code SameSite=None} without
     * {@code Secure}.
     */
    NONE("None");

    private final String attributeValue;

    SameSite(String attributeValue) {
        this.attributeValue = attributeValue;
    }

    /**
     * @return the attribute value as written in {@code Set-Cookie}, and as spelled in
     *     configuration (where case does not matter): {@code Strict}, {@code Lax} or {@code None}
     */
    public String attributeValue() {
        return attributeValue;
    }
}
