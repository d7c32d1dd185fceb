package org.mailv2.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** A full disk is told from other storage failures, by the exceptions the JDK and the drivers really throw. */
class OutOfSpaceTest {
    @Test
    void aWriteToARealFullDeviceIsOutOfSpace() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "Linux's /dev/full answers every write with ENOSPC");
        assertThatThrownBy(() -> {
            try (OutputStream out = Files.newOutputStream(full)) {
                out.write(new byte[4096]);
                out.flush();
            }
        }).isInstanceOf(IOException.class).satisfies(e -> assertThat(OutOfSpace.causedBy(e)).isTrue());
    }

    @Test
    void fullDisksAndFullDatabasesAreOutOfSpaceAnywhereInTheCauseChain() {
        assertThat(OutOfSpace.causedBy(new FileSystemException("/srv/blobs/.staging-1", null,
                "No space left on device"))).isTrue();
        assertThat(OutOfSpace.causedBy(new IOException("Disk quota exceeded"))).isTrue();
        assertThat(OutOfSpace.causedBy(new StoreException("insert failed",
                new SQLiteException("[SQLITE_FULL] database or disk is full", SQLiteErrorCode.SQLITE_FULL)))).isTrue();
        assertThat(OutOfSpace.causedBy(new CommitUnknownException("commit failed",
                new SQLException("could not extend file", "53100")))).isTrue();
    }

    @Test
    void otherStorageFailuresAreNot() {
        assertThat(OutOfSpace.causedBy(new IOException("Connection reset"))).isFalse();
        assertThat(OutOfSpace.causedBy(new StoreException("busy",
                new SQLiteException("[SQLITE_BUSY] database is locked", SQLiteErrorCode.SQLITE_BUSY)))).isFalse();
        assertThat(OutOfSpace.causedBy(new StoreException("gone", new SQLException("connection lost", "08006"))))
                .isFalse();
        assertThat(OutOfSpace.causedBy(new RuntimeException("No space left on device"))).isFalse();
        assertThat(OutOfSpace.causedBy(null)).isFalse();
    }
}
