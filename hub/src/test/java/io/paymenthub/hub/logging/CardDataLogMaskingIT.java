package io.paymenthub.hub.logging;

import io.paymenthub.carddata.PanMasking;
import io.paymenthub.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A PAN written to the log by mistake, through the hub's real logging configuration, console and file. */
@ExtendWith(OutputCaptureExtension.class)
class CardDataLogMaskingIT extends HubIntegrationTest {

    private static final Logger CARELESS = LoggerFactory.getLogger("io.paymenthub.careless");
    private static final String PAN = "4111111111111111";

    @Test
    void aPanLoggedByMistakeIsMaskedOnTheConsoleAndInTheLogFile(CapturedOutput console) throws IOException {
        String marker = UUID.randomUUID().toString();

        CARELESS.info("{} paid with {} DE35={} DE52={}", marker, PAN, PAN + "D29122011234567800000", "1A2B3C4D5E6F7081");
        CARELESS.warn(marker + " failed", new IllegalStateException("card " + PAN + " declined"));

        List<String> consoleLines = linesWith(console.getAll(), marker);
        assertThat(consoleLines).hasSize(2);
        assertThat(consoleLines.get(0)).contains("paid with 411111******1111 DE35=[wiped] DE52=[wiped]");
        assertThat(console.getAll()).contains("card 411111******1111 declined").doesNotContain(PAN).doesNotContain("1A2B3C4D5E6F7081");

        Path file = Path.of(LOG_FILE);
        await().until(() -> Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(marker + " failed"));
        String written = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertThat(linesWith(written, marker).get(0)).contains("paid with 411111******1111");
        assertThat(written).contains("card 411111******1111 declined");
        assertThat(PanMasking.countClearPans(written)).isZero();
    }

    private static List<String> linesWith(String text, String marker) {
        return text.lines().filter(line -> line.contains(marker)).toList();
    }
}
