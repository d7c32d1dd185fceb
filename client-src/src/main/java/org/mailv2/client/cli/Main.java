package org.mailv2.client.cli;

/** The {@code mailv2} entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Else picocli looks for Groovy on the class path, a miss that opens every jar: about 30 ms of each command.
        System.setProperty("picocli.disable.closures", "true");
        System.exit(MailCli.commandLine(System.getenv(), args).execute(args));
    }
}
