package io.switchboard.store;

import java.sql.Connection;
import javax.sql.DataSource;

/** One database transaction around a piece of work: committed when it returns, rolled back when it throws. */
public final class Transactions {

    /** Work on a connection whose transaction {@link #inTransaction} owns. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws Exception;
    }

    private Transactions() {}

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
