package cn.shuangkong.supervision.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * 文号: consecutive numbers per department, year and kind of document. The upsert takes the counter row's lock, so
 * concurrent issuers wait for each other and each gets the next number; a rolled-back issue gives its number back,
 * so the sequence has no gaps. Must run inside the transaction that stores the number.
 */
@Component
public class DocumentNumbers {

    /** Kinds of numbered documents and their word in the number (靖应急责改〔2026〕第0001号). */
    public enum Kind {
        ORDER("责改", "责令限期整改指令书"),
        REVIEW("复查", "整改复查意见书");

        final String word;
        final String title;

        Kind(String word, String title) {
            this.word = word;
            this.title = title;
        }
    }

    private final JdbcClient jdbc;

    public DocumentNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public String next(long departmentId, String prefix, int year, Kind kind) {
        int n = jdbc.sql("""
                insert into document_counter (department_id, year, kind, last_no) values (:d, :y, :k, 1)
                on conflict (department_id, year, kind) do update set last_no = document_counter.last_no + 1
                returning last_no
                """).param("d", departmentId).param("y", year).param("k", kind.name()).query(Integer.class).single();
        return format(prefix, kind, year, n);
    }

    static String format(String prefix, Kind kind, int year, int n) {
        return prefix + kind.word + "〔" + year + "〕第" + String.format("%04d", n) + "号";
    }
}
