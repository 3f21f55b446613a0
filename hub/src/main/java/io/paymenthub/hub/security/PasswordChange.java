package io.paymenthub.hub.security;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"current": "...", "new": "..."}}; never printed. */
record PasswordChange(String current, @JsonProperty("new") String next) {
    @Override
    public String toString() {
        return "PasswordChange[...]";
    }
}
