package io.paymenthub.hub.support;

import io.paymenthub.carddata.KeyMaterial;
import io.paymenthub.forwarding.EnvelopeOpener;
import io.paymenthub.forwarding.SealPublicKey;
import io.paymenthub.forwarding.SealedEnvelope;

import java.security.SecureRandom;
import java.util.List;

/**
 * Singapore's forwarding key pair as the tests hold it, made afresh each run: the shared hub (region {@code in}) is
 * given only its public half, so what it forwards to Singapore opens with the private half held here.
 */
public final class SealKeys {

    public static final KeyMaterial SINGAPORE = generate("test-forward-v1");

    private SealKeys() {
    }

    /** The {@code hub.residency.regions.sg.seal-public-key} value. */
    public static String singaporePublicKey() {
        return SealPublicKey.of(SINGAPORE).text();
    }

    /** Opens a record sent to Singapore as Singapore's hub would. */
    public static byte[] openAsSingapore(byte[] envelope) {
        return new EnvelopeOpener("sg", List.of(SINGAPORE)).open(SealedEnvelope.read(envelope));
    }

    private static KeyMaterial generate(String id) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new KeyMaterial(id, secret);
    }
}
