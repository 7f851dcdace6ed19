package cn.shuangkong.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A read whose answer may be a little behind the latest commit: the 驾驶舱, the 大屏, statistics and exports (ADR 0022).
 * Such a method (or every public method of such a class) runs in a read-only transaction of its own, on the read
 * replica when {@code SK_READ_REPLICA_URL} is set and on the primary otherwise; every other read and every write stays
 * on the primary. A write inside it fails in either case, so a misplaced annotation is found in the first test run,
 * not in a province.
 *
 * <p>Called inside a transaction that is already open (a change that reads what it has just written), it joins that
 * transaction on the primary: a read never loses sight of its own writes.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface ReadsMayLag {
}
