package io.paymenthub.hub.keys;

import io.paymenthub.carddata.KeyMaterial;

/** The keys the hub works with: one for PAN tokens, one for sealing kept payloads. */
public record HubKeys(KeyMaterial panKey, KeyMaterial payloadKey) {
}
