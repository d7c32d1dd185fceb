package org.mailv2.server.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailv2.server.config.ServerConfig;
import org.mailv2.server.store.sql.PostgresImport;
import org.mailv2.server.store.sql.SqlDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2-server migrate-to-postgresql}: copies a stopped server's SQLite data into an empty PostgreSQL. */
@Command(name = "migrate-to-postgresql", mixinStandardHelpOptions = true,
        description = "Copies a stopped server's SQLite database into an empty PostgreSQL database.")
final class MigrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The server's config.yml (database.kind: sqlite).")
    Path config;

    @Option(names = "--url", required = true, description = "jdbc:postgresql://host:port/database")
    String url;

    @Option(names = "--user", required = true, description = "PostgreSQL user.")
    String user;

    @Option(names = "--password-file", required = true, description = "File holding the user's password.")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg = ServerConfig.load(config);
        if (!cfg.database().kind().equals("sqlite")) {
            spec.commandLine().getErr().println("this server does not use SQLite");
            return 1;
        }
        Path dataDir = config.toAbsolutePath().getParent().resolve(cfg.dataDir());
        String password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        try (SqlDatabase sqlite = SqlDatabase.sqlite(dataDir);
             SqlDatabase postgres = SqlDatabase.postgres(url, user, password)) {
            Map<String, Long> copied = PostgresImport.copy(sqlite, postgres);
            var out = spec.commandLine().getOut();
            copied.forEach((table, rows) -> out.printf("%-22s %d rows%n", table, rows));
            out.println("done. Now set database.kind: postgresql, url, user and passwordFile in " + config
                    + " and start the server.");
        }
        return 0;
    }
}
