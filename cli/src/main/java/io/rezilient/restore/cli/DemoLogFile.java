package io.rezilient.restore.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * While open, every log line of the platform's own code ({@code io.rezilient.restore…}: the indexer's batch lines, the
 * restore service's request log, the local PostgreSQL manager) goes to one JSON-lines file instead of the terminal, so
 * the demo's own output stays readable and nothing is lost. Closing puts the previous logging back as it was.
 *
 * <p>The lines are the same JSON objects {@code logback.xml} writes for {@code rez indexer run} and
 * {@code rez service run} (MDC included, so the service's lines carry {@code request_id}).
 */
final class DemoLogFile implements AutoCloseable {
    static final String PLATFORM_LOGGERS = "io.rezilient.restore";

    private final FileAppender<ILoggingEvent> file;
    private final List<Restore> restores = new ArrayList<>();

    /** What a taken-over logger had, to put back on close. */
    private record Restore(Logger logger, Level level, boolean additive, List<Appender<ILoggingEvent>> appenders) {
    }

    private DemoLogFile(FileAppender<ILoggingEvent> file) {
        this.file = file;
    }

    /** Starts writing the platform's log lines to {@code path} (replacing an earlier file there). */
    static DemoLogFile open(Path path) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        DemoLogFile log = new DemoLogFile(fileAppender(context, path));
        // loggers with appenders of their own (logback.xml gives the indexer and the service theirs) would still
        // print; the rest reach the file through the platform's top logger, which no longer passes lines to the root
        for (Logger logger : List.copyOf(context.getLoggerList())) {
            if (logger.getName().startsWith(PLATFORM_LOGGERS + ".") && logger.iteratorForAppenders().hasNext()) {
                log.takeOver(logger, logger.getLevel());
            }
        }
        Logger top = context.getLogger(PLATFORM_LOGGERS);
        log.takeOver(top, top.getLevel() == null ? Level.INFO : top.getLevel());
        return log;
    }

    Path path() {
        return Path.of(file.getFile());
    }

    private void takeOver(Logger logger, Level level) {
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
            appenders.add(it.next());
        }
        restores.add(new Restore(logger, logger.getLevel(), logger.isAdditive(), appenders));
        appenders.forEach(appender -> logger.detachAppender(appender));
        logger.addAppender(file);
        logger.setAdditive(false);
        logger.setLevel(level);
    }

    @Override
    public void close() {
        for (Restore restore : restores.reversed()) {
            restore.logger().detachAppender(file);
            restore.appenders().forEach(restore.logger()::addAppender);
            restore.logger().setAdditive(restore.additive());
            restore.logger().setLevel(restore.level());
        }
        file.stop();
    }

    private static FileAppender<ILoggingEvent> fileAppender(LoggerContext context, Path path) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithThreadName(false);
        encoder.setWithMDC(true);
        encoder.setWithMarkers(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithKVPList(true);
        encoder.setWithThrowable(true);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("rez-demo-log");
        appender.setFile(path.toAbsolutePath().toString());
        appender.setAppend(false);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("cannot write the demo's log file " + path);
        }
        return appender;
    }
}
