/**
 * The backup module's own services behind its pages and API. Other modules use the types in {@code cn.shuangkong.backup}.
 */
package cn.shuangkong.backup.internal;
