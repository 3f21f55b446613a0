package io.paymenthub.hub.sources;

/**
 * A source's body over its size limit, refused before it is read further. The text names the limit and the setting
 * that sets it, never the body.
 */
public final class BodyTooLarge extends RuntimeException {

    public BodyTooLarge(String setting, long limitBytes) {
        super("body over the limit of " + limitBytes + " bytes (" + setting + ")", null, false, false);
    }
}
