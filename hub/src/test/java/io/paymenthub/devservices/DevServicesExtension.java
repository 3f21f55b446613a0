package io.paymenthub.devservices;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;

/**
 * Starts the {@link DevServices} once per test JVM and publishes their Spring properties as system
 * properties, so a {@code @SpringBootTest} picks them up. Use with
 * {@code @ExtendWith(DevServicesExtension.class)}.
 */
public final class DevServicesExtension implements BeforeAllCallback, TestInstancePreConstructCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        DevServices.get().applyAsSystemProperties();
    }

    /** With {@code @TestInstance(PER_CLASS)} Spring builds its context before {@code beforeAll}. */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        DevServices.get().applyAsSystemProperties();
    }
}
