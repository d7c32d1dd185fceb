package org.mailv2.server.store.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.store.DirectoryStore;

/** The directory in table {@code lists}; a descriptor is replaced whole. */
final class SqlDirectoryStore implements DirectoryStore {
    private final Transactions tx;

    SqlDirectoryStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void publish(Sha256 account, byte[] descriptorJson, Instant at) {
        tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO lists (address_hash, descriptor_json,"
                    + " updated_at_us) VALUES (?, ?, ?) ON CONFLICT (address_hash) DO UPDATE SET"
                    + " descriptor_json = excluded.descriptor_json, updated_at_us = excluded.updated_at_us")) {
                s.setString(1, account.hex());
                s.setBytes(2, descriptorJson);
                s.setLong(3, Columns.micros(at));
                return s.executeUpdate();
            }
        });
    }

    @Override
    public boolean remove(Sha256 account) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM lists WHERE address_hash = ?")) {
                s.setString(1, account.hex());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean publishes(Sha256 account) {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM lists WHERE address_hash = ?")) {
                s.setString(1, account.hex());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public List<byte[]> all() {
        return tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT descriptor_json FROM lists ORDER BY updated_at_us, address_hash");
                 ResultSet rs = s.executeQuery()) {
                List<byte[]> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getBytes(1));
                }
                return out;
            }
        });
    }
}
