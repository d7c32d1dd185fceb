package org.mailv2.client.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.OSInfo;

class SqliteLibraryTest {
    @TempDir
    Path cache;

    @Test
    void theCopyHasTheJarsBytesAndIsMadeOnce() throws Exception {
        Path library = SqliteLibrary.copyIn(cache).orElseThrow();
        assertThat(library).startsWith(cache.resolve("native"));
        try (InputStream original = SqliteLibrary.class.getResourceAsStream("/org/sqlite/native/"
                + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + System.mapLibraryName("sqlitejdbc"))) {
            assertThat(Files.readAllBytes(library)).isEqualTo(original.readAllBytes());
        }
        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(library, written);

        assertThat(SqliteLibrary.copyIn(cache)).contains(library);
        assertThat(Files.getLastModifiedTime(library)).isEqualTo(written);
        try (var files = Files.list(library.getParent())) {
            assertThat(files).containsExactly(library);
        }
    }

    @Test
    void aCacheFolderThatCannotBeWrittenLeavesSqliteToItself() throws Exception {
        Path notAFolder = Files.writeString(cache.resolve("file"), "x");
        assertThat(SqliteLibrary.copyIn(notAFolder)).isEmpty();
    }
}
