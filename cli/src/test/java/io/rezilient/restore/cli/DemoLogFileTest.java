package io.rezilient.restore.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rezilient.restore.contracts.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the demo's log file is open, the platform's lines go to it and not to the console appenders they had (here a
 * list appender stands in for logback.xml's console JSON appender); closing it gives them back.
 */
class DemoLogFileTest {
    private final Logger indexer = (Logger) LoggerFactory.getLogger("io.rezilient.restore.indexer");
    private final Logger batch = (Logger) LoggerFactory.getLogger("io.rezilient.restore.indexer.batch");
    private final Logger other = (Logger) LoggerFactory.getLogger("io.rezilient.restore.capture.Something");
    private final ListAppender<ILoggingEvent> console = new ListAppender<>();
    private Level indexerLevel;

    @BeforeEach
    void consoleLikeLogbackXml() {
        indexerLevel = indexer.getLevel();
        console.start();
        indexer.addAppender(console);
        indexer.setAdditive(false);
        indexer.setLevel(Level.INFO);
    }

    @AfterEach
    void restore() {
        indexer.detachAppender(console);
        indexer.setAdditive(true);
        indexer.setLevel(indexerLevel);
    }

    @Test
    void linesGoToTheFileWhileOpenAndBackToTheConsoleAfter(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("demo.log");
        try (DemoLogFile log = DemoLogFile.open(path)) {
            assertThat(log.path()).isEqualTo(path);
            batch.atInfo().setMessage("restore-indexer batch processed").addKeyValue("inserted", 3).log();
            other.info("a platform line at INFO, below the root's WARN");
        }
        batch.info("after the demo");

        List<String> lines = Files.readAllLines(path);
        assertThat(lines).hasSize(2);
        JsonNode first = Json.parse(lines.getFirst());
        assertThat(first.path("formattedMessage").asText()).isEqualTo("restore-indexer batch processed");
        assertThat(first.path("loggerName").asText()).isEqualTo("io.rezilient.restore.indexer.batch");
        assertThat(first.path("kvpList").toString()).contains("\"inserted\":\"3\"");
        assertThat(Json.parse(lines.get(1)).path("formattedMessage").asText()).startsWith("a platform line");
        assertThat(console.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("after the demo");
        assertThat(indexer.isAdditive()).isFalse();
        assertThat(indexer.getLevel()).isEqualTo(Level.INFO);
        Logger top = (Logger) LoggerFactory.getLogger(DemoLogFile.PLATFORM_LOGGERS);
        assertThat(top.isAdditive()).isTrue();
        assertThat(top.iteratorForAppenders().hasNext()).isFalse();
    }
}
